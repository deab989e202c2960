package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.RunsApp;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs by method: each invocation is a run, and calls from pools and async callbacks belong to the run that made them. */
class RunsIT {
    @TempDir
    Path work;

    @Test
    void eachInvocationIsARunThatOwnsItsPoolAndAsyncCalls() throws Exception {
        try (LoopbackDestination destination = new LoopbackDestination()) {
            destination.on("/batch", (req, n) -> Response.json(200, "{}"));
            Path config = Files.writeString(work.resolve("synclog.yaml"), config(work.resolve("queue")));
            AgentProcess.Result result = AgentProcess.withConfig(config).run(work, RunsApp.class, destination.url("/batch")).assertOk();
            assertThat(result.stdout()).contains("run 3 failed: source table locked");
            assertThreeRunsOwnTheirCalls(RecordedEvents.read(work.resolve("queue")));
        }
    }

    /** A run method's name that the class does not have: said once the class loads; the process's life is one run. */
    @Test
    void aRunMethodTheClassDoesNotHaveIsSaidAndTheProcessIsOneRun() throws Exception {
        try (LoopbackDestination destination = new LoopbackDestination()) {
            destination.on("/batch", (req, n) -> Response.json(200, "{}"));
            Path config = Files.writeString(work.resolve("synclog.yaml"), config(work.resolve("queue"))
                    .replace("#runOnce", "#runonce"));
            AgentProcess.Result with = AgentProcess.withConfig(config).run(work, RunsApp.class, destination.url("/batch"))
                    .assertOk();

            assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, RunsApp.class,
                    destination.url("/batch")).assertOk().stdout());
            assertThat(with.agentLines()).filteredOn(line -> line.contains("WARNING")).containsExactly(
                    "synclog: WARNING: runs.method: dev.synclog.agent.it.apps.RunsApp$ContactSync has no method"
                            + " 'runonce' with a body, so no run starts there and the process's life is one run; it"
                            + " declares runOnce, post, request; fix runs.method (for an interface or abstract class, or a method it"
                            + " inherits, name the class that declares the method's body)");
            RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
            assertThat(events.runsStarted).hasSize(1);
            assertThat(events.rows).hasSize(12);
        }
    }

    /**
     * Classes the config names that the process never loads (a misspelt run method class, an SDK class): said at exit,
     * each once, naming what names it; the app's output as without the agent, its calls in the process's one run.
     */
    @Test
    void classesTheConfigNamesThatNeverLoadedAreSaidAtExit() throws Exception {
        try (LoopbackDestination destination = new LoopbackDestination()) {
            destination.on("/batch", (req, n) -> Response.json(200, "{}"));
            Path config = Files.writeString(work.resolve("synclog.yaml"), config(work.resolve("queue"))
                    .replace("RunsApp$ContactSync#", "RunsApp.ContactSync#") + """
                      - name: sdk-upsert
                        java_method: {class: com.acme.crm.ContactsApi, name: batchUpsert}
                        request: {rows: "", row_id: /id}
                    """);
            AgentProcess.Result with = AgentProcess.withConfig(config).run(work, RunsApp.class, destination.url("/batch"))
                    .assertOk();

            assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, RunsApp.class,
                    destination.url("/batch")).assertOk().stdout());
            String check = "; check the class name (a nested class as Outer$Inner) against the app's, unless the app did"
                    + " not use it this time";
            assertThat(with.agentLines()).filteredOn(line -> line.contains("WARNING")).containsExactly(
                    "synclog: WARNING: dev.synclog.agent.it.apps.RunsApp.ContactSync, named by runs.method, was never"
                            + " loaded in this process, so nothing of it was captured and no run started there (the"
                            + " process's calls went to one run for its life)" + check,
                    "synclog: WARNING: com.acme.crm.ContactsApi, named by endpoint 'sdk-upsert', was never loaded in"
                            + " this process, so nothing of it was captured" + check);
            RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
            assertThat(events.runsStarted).hasSize(1);
            assertThat(events.rows).hasSize(12);
        }
    }

    /** {@link RunsApp}'s run method and endpoint ({@code /batch}); {@link SpringBootJarIT} runs it from an executable jar. */
    static String config(Path queue) {
        return """
                sync:
                  sync_id: contacts
                  model_name: active_contacts
                  primary_key: id
                  destination: crm
                runs:
                  method: dev.synclog.agent.it.apps.RunsApp$ContactSync#runOnce
                queue:
                  dir: %s
                endpoints:
                  - name: batch
                    match: {host: 127.0.0.1, method: POST, path: /batch}
                    request: {rows: /rows, row_id: /id, op: upsert}
                    response: {outcome: http_status}
                """.formatted(queue);
    }

    /** {@link RunsApp}'s three runs, each with its four rows, the last one failed. */
    static void assertThreeRunsOwnTheirCalls(RecordedEvents events) {
        List<String> runIds = events.runsStarted.stream().map(RunStarted::runId).toList();
        assertThat(runIds).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(events.runsStarted).allSatisfy(r -> {
            assertThat(r.syncId()).isEqualTo("contacts");
            assertThat(r.modelName()).isEqualTo("active_contacts");
            assertThat(r.primaryKey()).isEqualTo("id");
            assertThat(r.destination()).isEqualTo("crm");
        });

        Map<String, List<String>> rowsByRun = new TreeMap<>(events.rows.stream().collect(
                Collectors.groupingBy(RowResult::runId, Collectors.mapping(RowResult::rowId, Collectors.toList()))));
        assertThat(rowsByRun.keySet()).containsExactlyElementsOf(runIds);
        for (int run = 1; run <= 3; run++) {
            assertThat(rowsByRun.get(runIds.get(run - 1))).as("rows of run " + run)
                    .containsExactlyInAnyOrder("r" + run + "-main", "r" + run + "-pool", "r" + run + "-async-first",
                            "r" + run + "-async-callback");
        }

        assertThat(events.runsFinished).extracting(RunFinished::runId).containsExactlyElementsOf(runIds);
        assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded", "succeeded", "failed");
        assertThat(events.runsFinished.get(2).error()).isEqualTo("java.lang.IllegalStateException: source table locked");
    }
}
