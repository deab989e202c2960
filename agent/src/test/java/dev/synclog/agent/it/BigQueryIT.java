package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.BigQueryApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * google-cloud-bigquery from Maven Central in a forked JVM, streaming rows with {@code insertAll} to a loopback
 * BigQuery answering as BigQuery does, captured with docs/configuration.md's worked example: BigQuery's per-row
 * errors by index (an invalid row, the others stopped), the app's resend of the stopped rows, a 503 on it, and the
 * app's next try's success: each row's last attempt is its outcome.
 */
class BigQueryIT {
    private static final String INSERT_ALL = "/bigquery/v2/projects/acme-analytics/datasets/crm/tables/contacts/insertAll";
    private static final String STOPPED = "{\"reason\":\"stopped\",\"location\":\"\",\"debugInfo\":\"\",\"message\":\"\"}";
    private static final String INVALID = "{\"reason\":\"invalid\",\"location\":\"age\",\"debugInfo\":\"\","
            + "\"message\":\"Cannot convert value to integer.\"}";

    @TempDir
    Path work;

    @Test
    void rowsListedByIndexFailWithTheirErrorAndTheResentOnesSucceed() throws Exception {
        AgentProcess.Result with = runSdk(WorkedExamples.withConfig(work, "bigquery.yaml", "bigquery.googleapis.com", ""));
        AgentProcess.Result without = runSdk(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(3).endsWith(
                "inserted [c-1, c-3] failed 503 The service is currently unavailable.", "inserted [c-1, c-3] errors {}");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "c-1 added failed " + STOPPED + " #1", "c-2 added failed " + INVALID + " #1",
                "c-3 added failed " + STOPPED + " #1",
                "c-1 added failed HTTP 503: The service is currently unavailable. #2",
                "c-3 added failed HTTP 503: The service is currently unavailable. #2",
                "c-1 added succeeded null #3", "c-3 added succeeded null #3");
        assertThat(events.rows.get(1).fields()).as("the row as sent, gzip'd").isEqualTo("{\"age\":\"thirty\",\"email\":\"bob@example.com\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus())
                .containsExactly("bigquery-insert-all 200", "bigquery-insert-all 503", "bigquery-insert-all 200");
    }

    private AgentProcess.Result runSdk(AgentProcess process) throws Exception {
        try (LoopbackDestination bigQuery = new LoopbackDestination()) {
            bigQuery.on(INSERT_ALL, (body, n) -> switch (n) {
                case 1 -> Response.json(200, "{\"kind\":\"bigquery#tableDataInsertAllResponse\",\"insertErrors\":["
                        + "{\"index\":0,\"errors\":[" + STOPPED + "]},{\"index\":1,\"errors\":[" + INVALID + "]},"
                        + "{\"index\":2,\"errors\":[" + STOPPED + "]}]}");
                case 2 -> Response.json(503, "{\"error\":{\"code\":503,\"message\":\"The service is currently unavailable.\","
                        + "\"errors\":[{\"message\":\"The service is currently unavailable.\",\"domain\":\"global\","
                        + "\"reason\":\"backendError\"}],\"status\":\"UNAVAILABLE\"}}");
                default -> Response.json(200, "{\"kind\":\"bigquery#tableDataInsertAllResponse\"}");
            });
            return LibraryVersions.onClassPath(process, "bigquery", System.getProperty("synclog.bigquery.version"))
                    .run(work, BigQueryApp.class, bigQuery.url("")).assertOk();
        }
    }
}
