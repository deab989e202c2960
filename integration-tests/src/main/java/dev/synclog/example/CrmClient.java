package dev.synclog.example;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HubSpot-style contacts API: batch upsert by our {@code contact_id} property (200 when every input was
 * applied, 207 with errors naming record ids when some were not) and batch archive (204, all or nothing).
 */
public final class CrmClient {
    static final String UPSERT_PATH = "/crm/v3/objects/contacts/batch/upsert";
    static final String ARCHIVE_PATH = "/crm/v3/objects/contacts/batch/archive";
    static final String ID_PROPERTY = "contact_id";

    private final BatchPoster poster;
    private final URI upsertUri;
    private final URI archiveUri;

    public CrmClient(BatchPoster poster, URI baseUrl) {
        this.poster = poster;
        this.upsertUri = baseUrl.resolve(UPSERT_PATH);
        this.archiveUri = baseUrl.resolve(ARCHIVE_PATH);
    }

    public BatchResult upsert(int run, List<Contact> contacts) {
        List<Map<String, Object>> inputs = contacts.stream().map(CrmClient::upsertInput).toList();
        return poster.post(upsertUri, run, Map.of("inputs", inputs), Contact.ids(contacts), this::readUpsertReply);
    }

    public BatchResult archive(int run, List<Contact> contacts) {
        List<Map<String, Object>> inputs = contacts.stream().map(c -> Map.<String, Object>of("id", c.id())).toList();
        return poster.post(archiveUri, run, Map.of("inputs", inputs), Contact.ids(contacts), reply -> BatchResult.allSucceeded());
    }

    private static Map<String, Object> upsertInput(Contact c) {
        // HubSpot sends every property value as a string.
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("email", c.email());
        properties.put("firstname", c.firstName());
        properties.put("lastname", c.lastName());
        properties.put("plan", c.plan());
        properties.put("age", Integer.toString(c.age()));
        properties.put("in_audience", Boolean.toString(c.inAudience()));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("idProperty", ID_PROPERTY);
        input.put("id", c.id());
        input.put("properties", properties);
        return input;
    }

    /** 200: all applied. 207: each error lists the record ids it concerns in {@code context.id}. */
    private BatchResult readUpsertReply(HttpReply reply) {
        if (reply.status() != 207) {
            return BatchResult.allSucceeded();
        }
        Map<String, String> failures = new HashMap<>();
        for (JsonNode error : poster.readTree(reply.body()).path("errors")) {
            String reason = error.path("message").asText();
            for (JsonNode id : error.path("context").path("id")) {
                failures.put(id.asText(), reason);
            }
        }
        return new BatchResult(failures);
    }
}
