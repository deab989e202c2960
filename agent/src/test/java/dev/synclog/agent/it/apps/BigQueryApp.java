package dev.synclog.agent.it.apps;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;

/**
 * A sync service streaming rows into BigQuery with google-cloud-bigquery's {@code insertAll} (google-http-client's
 * HttpURLConnection transport underneath, gzip'd bodies): it sends a batch, then sends again the rows BigQuery
 * reports as stopped (not inserted because another row was invalid), as BigQuery's docs advise, and gives up on the
 * invalid ones; a batch that fails whole (an error status) it sends again, up to twice. Prints what the SDK returned
 * or threw for each call. Args: the API's root URL.
 */
public final class BigQueryApp {
    /** Sorted: the SDK writes a row's map in its iteration order, which for {@code Map.of} varies from run to run. */
    private static final Map<String, Map<String, Object>> ROWS = Map.of(
            "c-1", new TreeMap<>(Map.of("email", "ann@example.com", "age", 34)),
            "c-2", new TreeMap<>(Map.of("email", "bob@example.com", "age", "thirty")),
            "c-3", new TreeMap<>(Map.of("email", "cy@example.com", "age", 51)));

    public static void main(String[] args) {
        BigQuery bigQuery = BigQueryOptions.newBuilder().setHost(args[0]).setProjectId("acme-analytics")
                .setCredentials(NoCredentials.getInstance()).build().getService();
        List<String> batch = List.of("c-1", "c-2", "c-3");
        int failures = 0;
        while (!batch.isEmpty() && failures <= 2) {
            InsertAllRequest.Builder request = InsertAllRequest.newBuilder(TableId.of("crm", "contacts"));
            batch.forEach(id -> request.addRow(id, ROWS.get(id)));
            try {
                InsertAllResponse response = bigQuery.insertAll(request.build());
                System.out.println("inserted " + batch + " errors " + response.getInsertErrors());
                List<String> sent = batch;
                batch = response.getInsertErrors().entrySet().stream()
                        .filter(e -> e.getValue().stream().map(BigQueryError::getReason).allMatch("stopped"::equals))
                        .map(e -> sent.get(e.getKey().intValue())).sorted().toList();
            } catch (BigQueryException e) {
                System.out.println("inserted " + batch + " failed " + e.getCode() + " " + e.getMessage());
                failures++;
            }
        }
    }
}
