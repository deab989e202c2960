package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

/**
 * A sync service on Elasticsearch's Java client (typed requests, on Apache HttpClient 5's async client): each call
 * is one {@code bulk} of four actions on the {@code users} index (index 42, delete 7, update 9, create 11), and it
 * prints each item's result as the client gives it. Args: url calls.
 */
public final class ElasticsearchJavaClientApp {
    /** A document as the service holds it; a record keeps its fields in order. */
    public record User(String email, String plan) {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int calls = Integer.parseInt(args[1]);
        ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(url));
        try {
            for (int n = 0; n < calls; n++) {
                try {
                    BulkResponse response = client.bulk(b -> b
                            .operations(op -> op.index(i -> i.index("users").id("42").document(new User("a@x", "pro"))))
                            .operations(op -> op.delete(d -> d.index("users").id("7")))
                            .operations(op -> op.update(u -> u.index("users").id("9")
                                    .action(a -> a.doc(Map.of("plan", "bad")).docAsUpsert(true))))
                            .operations(op -> op.create(c -> c.index("users").id("11").document(new User("c@x", "free")))));
                    for (BulkResponseItem item : response.items()) {
                        System.out.println(n + " " + item.operationType().jsonValue() + " " + item.id() + " " + item.status() + " "
                                + (item.error() == null ? "-" : item.error().reason()));
                    }
                } catch (ElasticsearchException e) {
                    System.out.println(n + " REFUSED " + e.status() + " " + e.error().reason());
                } catch (IOException e) {
                    System.out.println(n + " ERROR " + e.getClass().getName());
                }
            }
        } finally {
            client._transport().close();
        }
    }
}
