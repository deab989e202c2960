package dev.synclog.example;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ads-platform audience API: members are added and removed in batches, and the answer carries one result
 * per member, in request order.
 */
public final class AudienceClient {
    private final BatchPoster poster;
    private final URI addUri;
    private final URI removeUri;

    public AudienceClient(BatchPoster poster, URI baseUrl, String audienceId) {
        this.poster = poster;
        String audiencePath = "/v1/audiences/" + audienceId + "/members";
        this.addUri = baseUrl.resolve(audiencePath + ":add");
        this.removeUri = baseUrl.resolve(audiencePath + ":remove");
    }

    public BatchResult add(int run, List<Contact> contacts) {
        List<Map<String, Object>> members = contacts.stream().map(AudienceClient::member).toList();
        return poster.post(addUri, run, Map.of("members", members), Contact.ids(contacts), reply -> readResults(reply, contacts));
    }

    public BatchResult remove(int run, List<Contact> contacts) {
        List<Map<String, Object>> members = contacts.stream().map(c -> Map.<String, Object>of("id", c.id())).toList();
        return poster.post(removeUri, run, Map.of("members", members), Contact.ids(contacts), reply -> readResults(reply, contacts));
    }

    private static Map<String, Object> member(Contact c) {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("id", c.id());
        member.put("email", c.email());
        return member;
    }

    /** {@code results[i]} is the outcome of {@code members[i]}. */
    private BatchResult readResults(HttpReply reply, List<Contact> sent) {
        JsonNode results = poster.readTree(reply.body()).path("results");
        if (results.size() != sent.size()) {
            return BatchResult.allFailed(Contact.ids(sent), "audience API answered " + results.size() + " results for "
                    + sent.size() + " members");
        }
        Map<String, String> failures = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            JsonNode result = results.get(i);
            if (!result.path("ok").asBoolean(false)) {
                failures.put(sent.get(i).id(), result.path("error").path("message").asText("no reason given"));
            }
        }
        return new BatchResult(failures);
    }
}
