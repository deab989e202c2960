package dev.synclog.agent.it.apps;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * A sync service on Elasticsearch's low-level REST client: posts a JSON body per call, in turn with
 * {@code performRequest} (even calls) and {@code performRequestAsync} with a listener (odd calls), and prints what it
 * got. Args: url (its path is the endpoint's) bodyFile calls. A {@code {n}} in the body is the call's number.
 */
public final class ElasticsearchRestClientApp {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String template = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        int calls = Integer.parseInt(args[2]);
        try (RestClient client = RestClient.builder(new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme())).build()) {
            for (int n = 0; n < calls; n++) {
                Request request = new Request("POST", uri.getRawPath());
                request.setJsonEntity(template.replace("{n}", Integer.toString(n)));
                String mode = n % 2 == 0 ? "perform" : "perform-async";
                String result;
                try {
                    result = describe(n % 2 == 0 ? client.performRequest(request) : performAsync(client, request).join());
                } catch (Exception e) {
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    result = cause instanceof ResponseException ? describe(((ResponseException) cause).getResponse())
                            : "ERROR " + cause.getClass().getName();
                }
                System.out.println(mode + " " + result);
            }
        }
    }

    private static CompletableFuture<Response> performAsync(RestClient client, Request request) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        client.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                result.complete(response);
            }

            @Override
            public void onFailure(Exception exception) {
                result.completeExceptionally(exception);
            }
        });
        return result;
    }

    private static String describe(Response response) throws java.io.IOException {
        return "RESPONSE " + response.getStatusLine().getStatusCode() + " "
                + Base64.getEncoder().encodeToString(EntityUtils.toByteArray(response.getEntity()));
    }
}
