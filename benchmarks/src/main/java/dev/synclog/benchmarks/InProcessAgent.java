package dev.synclog.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.synclog.agent.InProcessSink;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientCalls;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodCalls;
import dev.synclog.agent.queue.CallJournal;
import dev.synclog.agent.queue.QueueWriter;
import dev.synclog.agent.runs.RunTracker;
import dev.synclog.agent.telemetry.TelemetrySettings;
import dev.synclog.events.AgentStarted;

/**
 * The agent's capture of audience calls, in this process, without the instrumentation: the advice's entry points
 * (the {@code java.net.http} client's, an SDK method's, and the sink every other client's advice calls), the journal, a run, and the
 * writer thread on a real queue in a fresh temporary directory, as in production: the queue in {@code dir}. For
 * benchmarks that drive calls by hand.
 */
public final class InProcessAgent {
    /** A URL the configuration's endpoint matches; nothing listens there, as no call leaves the process. */
    static final URI AUDIENCE_ADD = URI.create("http://127.0.0.1:9/v1/audiences/news/members:add");

    final JdkHttpClientCalls calls;
    /**
     * The SDK methods' entry points: {@code addMembers} (and {@code addMembersAsync}'s) endpoint is the first with a
     * {@code java_method}, {@code addMembersReporting}'s (a callback argument) the second.
     */
    final SdkMethodCalls sdkMethods;
    final Path queueDir;
    final Thread writer;

    private final Path dir;

    private InProcessAgent(JdkHttpClientCalls calls, SdkMethodCalls sdkMethods, Path dir, Path queueDir, Thread writer) {
        this.calls = calls;
        this.sdkMethods = sdkMethods;
        this.dir = dir;
        this.queueDir = queueDir;
        this.writer = writer;
    }

    /**
     * The benchmarks' agent configuration: the audience's {@code members:add} endpoint and {@link AudienceSdk}'s
     * method, index-aligned outcomes, the queue in {@code dir}. Public for benchmarks that sit in the agent's packages to reach what they measure.
     */
    public static AgentConfig config(Path dir, int attemptWindow) throws ConfigException {
        return AgentConfig.parse("""
                sync: {sync_id: bench}
                runs: {attempt_window: %d}
                queue: {dir: "%s", min_free_disk: 1MiB}
                endpoints:
                  - name: audience-add
                    match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audience}/members:add"}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
                  - name: audience-sdk-add
                    java_method: {class: %s, name: addMembers}
                    request: {rows: "", row_id: /id, op: added}
                    response: {outcome: index_aligned, items: "", success: /ok}
                  - name: audience-sdk-add-reporting
                    java_method: {class: %3$s, name: addMembersReporting}
                    request: {rows: "", row_id: /id, op: added}
                    response: {outcome: index_aligned, items: "", success: /ok, callback_argument: 1}
                """.formatted(attemptWindow, dir.resolve("queue"), AudienceSdk.class.getName()), "bench.yaml", Map.of(),
                new Properties());
    }

    static InProcessAgent start(Path dir) throws ConfigException {
        return start(dir, AgentConfig.DEFAULT_ATTEMPT_WINDOW);
    }

    /** @param attemptWindow the configuration's {@code runs.attempt_window} */
    static InProcessAgent start(Path dir, int attemptWindow) throws ConfigException {
        AgentConfig config = config(dir, attemptWindow);
        CallJournal journal = CallJournal.open(config.queueDir(), config.minFreeDiskBytes(), 10_000, 64L << 20);
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        runs.startProcessRun();
        CallCapture capture = new CallCapture(config, runs, journal);
        JdkHttpClientCalls calls = new JdkHttpClientCalls(capture);
        InProcessSink.install(runs, calls, capture);
        Thread writer = new QueueWriter(config, journal, AgentStarted::new, List.of(),
                TelemetrySettings.from(key -> null, Map.of()), callsDeadline -> { }).start();
        SdkMethodCalls sdkMethods = new SdkMethodCalls(capture, SdkMethodCalls.endpointsOf(config.endpoints()),
                config.maxWaitingCalls());
        return new InProcessAgent(calls, sdkMethods, dir, config.queueDir(), writer);
    }

    /**
     * Removes the directory when the JVM exits. A queue grows to gigabytes; the writer drains it in its own shutdown
     * hook, and would re-create a directory deleted under it, so the directory goes once the writer has stopped.
     */
    InProcessAgent removedAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            WorkDirectory.delete(dir);
        }));
        return this;
    }
}
