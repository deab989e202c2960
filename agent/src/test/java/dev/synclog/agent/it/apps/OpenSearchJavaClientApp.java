package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.opensearch.client.transport.rest_client.RestClientTransport;

/**
 * A sync service on OpenSearch's Java client, on either transport: {@code rest-client} (its REST client, on Apache
 * HttpAsyncClient 4.1) or {@code httpclient5} (Apache HttpClient 5's async client). Each call is one {@code bulk} of
 * the same four actions as {@link ElasticsearchJavaClientApp}, and it prints each item's result. Args: transport url
 * calls.
 */
public final class OpenSearchJavaClientApp {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[1]);
        int calls = Integer.parseInt(args[2]);
        OpenSearchTransport transport = args[0].equals("rest-client")
                ? new RestClientTransport(RestClient.builder(new org.apache.http.HttpHost(uri.getHost(), uri.getPort(), uri.getScheme())).build(),
                        new JacksonJsonpMapper())
                : ApacheHttpClient5TransportBuilder.builder(new org.apache.hc.core5.http.HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()))
                        .setMapper(new JacksonJsonpMapper()).build();
        try (transport) {
            OpenSearchClient client = new OpenSearchClient(transport);
            for (int n = 0; n < calls; n++) {
                try {
                    BulkResponse response = client.bulk(b -> b
                            .operations(op -> op.index(i -> i.index("users").id("42").document(new ElasticsearchJavaClientApp.User("a@x", "pro"))))
                            .operations(op -> op.delete(d -> d.index("users").id("7")))
                            .operations(op -> op.update(u -> u.index("users").id("9").document(Map.of("plan", "bad")).docAsUpsert(true)))
                            .operations(op -> op.create(c -> c.index("users").id("11").document(new ElasticsearchJavaClientApp.User("c@x", "free")))));
                    for (BulkResponseItem item : response.items()) {
                        System.out.println(n + " " + item.operationType().jsonValue() + " " + item.id() + " " + item.status() + " "
                                + (item.error() == null ? "-" : item.error().reason()));
                    }
                } catch (IOException e) {
                    System.out.println(n + " ERROR " + e.getClass().getName());
                }
            }
        }
    }
}
