package dev.synclog.agent;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.instrumentation.ClientInstrumentation;
import dev.synclog.agent.instrumentation.InstrumentationInstaller;
import dev.synclog.agent.instrumentation.apachehttp4.ApacheHttp4Instrumentation;
import dev.synclog.agent.instrumentation.apachehttp4async.ApacheHttpAsync4Instrumentation;
import dev.synclog.agent.instrumentation.apachehttp5.ApacheHttp5Instrumentation;
import dev.synclog.agent.instrumentation.apachehttp5async.ApacheHttp5AsyncInstrumentation;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientCalls;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientInstrumentation;
import dev.synclog.agent.instrumentation.netty.NettyInstrumentation;
import dev.synclog.agent.instrumentation.okhttp.OkHttpInstrumentation;
import dev.synclog.agent.instrumentation.runmethod.RunMethodInstrumentation;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodCalls;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodInstrumentation;
import dev.synclog.agent.instrumentation.urlconnection.UrlConnectionCalls;
import dev.synclog.agent.instrumentation.urlconnection.UrlConnectionInstrumentation;
import dev.synclog.agent.queue.CallJournal;
import dev.synclog.agent.queue.QueueWriter;
import dev.synclog.agent.runs.RunTracker;
import dev.synclog.agent.telemetry.TelemetrySettings;
import dev.synclog.events.AgentStarted;

/**
 * The agent's start, called by the premain class through the hidden loader. On the premain thread: read the
 * config and put the instrumentations' transformer in place (calls must not be missed); Byte Buddy is set up on a
 * background thread when a class needs it. The journal is created here, the queue opens on the writer thread; what is
 * captured meanwhile waits in the journal.
 */
public final class AgentStartup {
    /**
     * Records waiting for the writer in memory (only when the journal file cannot be created), at most; past either
     * bound calls are dropped and counted.
     */
    private static final int MAX_PENDING_CALLS = 10_000;
    private static final long MAX_PENDING_BYTES = 64L << 20;
    private static final String STAYS_OFF = " (the agent stays off; the application runs normally)";
    /** Inside the queue directory, which is the agent's own and the owner's only. */
    private static final String CLASS_CACHE_DIR = "class-cache";

    private AgentStartup() {
    }

    public static void start(String args, Instrumentation inst, File jar) {
        long startNanos = System.nanoTime();
        Path configPath = ConfigLocation.find(args);
        if (configPath == null) {
            AgentLog.warn("no configuration given, so the agent stays off and the application runs normally; "
                    + "attach it with -javaagent:synclog.jar=config=PATH (or -Dsynclog.config / SYNCLOG_CONFIG)");
            return;
        }
        StartSettings settings;
        try {
            settings = StartSettings.read(configPath);
        } catch (StartSettings.Refused refused) {
            System.err.println(refused.getMessage() + STAYS_OFF);
            return;
        }
        AgentConfig config = settings.config();
        if (!config.enabled()) {
            AgentLog.info("disabled by 'enabled: false' in " + configPath + "; the agent does nothing");
            return;
        }
        TelemetrySettings telemetry = settings.telemetry();
        // Only now that the agent is sure to run: a disabled or misconfigured agent starts no thread and loads nothing more.
        FirstCallWarmUp.start();
        ChronicleSettings.apply();
        JdkInternals.openTo(inst, AgentStartup.class.getModule());

        String version = version(jar);
        CallJournal journal = CallJournal.open(config.queueDir(), config.minFreeDiskBytes(), MAX_PENDING_CALLS,
                MAX_PENDING_BYTES);
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        CallCapture capture = new CallCapture(config, runs, journal);
        UrlConnectionCalls urlConnections = new UrlConnectionCalls(capture);
        SdkMethodCalls sdkMethods = new SdkMethodCalls(capture, SdkMethodCalls.endpointsOf(config.endpoints()),
                config.maxWaitingCalls());
        QueueWriter writer = new QueueWriter(config, journal, () -> identity(config, version),
                List.of(urlConnections::completeIdleCalls, sdkMethods::finishOverdueCalls), telemetry, callsDeadline -> {
                    NeverLoadedClasses.warn(inst, config);
                    urlConnections.completeAll();
                    sdkMethods.finishAllAtExit(callsDeadline);
                    runs.finishAll();
                });
        if (config.runMethod().isEmpty()) {
            runs.startProcessRun();
        }
        Capture.sink = new AgentSink(runs, new JdkHttpClientCalls(capture), urlConnections, sdkMethods, capture);
        writer.start();
        long configuredNanos = System.nanoTime();
        InstrumentationInstaller.install(inst, instrumentations(config, sdkMethods), config.queueDir().resolve(CLASS_CACHE_DIR),
                version + "/" + jar.length() + "/" + jar.lastModified(), appClassesNamed(config, sdkMethods), startNanos);
        if (Boolean.getBoolean("synclog.debug")) {
            AgentLog.info(String.format("premain took %d ms: config and set-up %d ms, transformer in place %d ms"
                            + " (Byte Buddy, when needed, sets up in the background)",
                    (System.nanoTime() - startNanos) / 1_000_000, (configuredNanos - startNanos) / 1_000_000,
                    (System.nanoTime() - configuredNanos) / 1_000_000));
        }
        AgentLog.info("agent " + version + " capturing " + config.endpoints().size() + " endpoint(s) of sync "
                + String.join(", ", config.syncIds()) + " into " + config.queueDir().toAbsolutePath()
                + (config.runMethod().map(m -> "; one run per call of " + m).orElse("; the process is one run")));
    }

    private static List<ClientInstrumentation> instrumentations(AgentConfig config, SdkMethodCalls sdkMethods) {
        List<ClientInstrumentation> all = new ArrayList<>();
        config.runMethod().ifPresent(m -> all.add(new RunMethodInstrumentation(m)));
        if (!sdkMethods.endpoints().isEmpty()) {
            all.add(new SdkMethodInstrumentation(sdkMethods.endpoints()));
        }
        for (ClientInstrumentation client : List.of(new JdkHttpClientInstrumentation(), new UrlConnectionInstrumentation(),
                new ApacheHttp4Instrumentation(), new ApacheHttp5Instrumentation(), new OkHttpInstrumentation(),
                new ApacheHttpAsync4Instrumentation(), new ApacheHttp5AsyncInstrumentation(),
                new NettyInstrumentation())) {
            if (config.instrumentationEnabled(client.name())) {
                all.add(client);
            }
        }
        return all;
    }

    /** The app's classes the config instruments, which only Byte Buddy can (they load for sure); null for none. */
    private static String appClassesNamed(AgentConfig config, SdkMethodCalls sdkMethods) {
        List<String> named = new ArrayList<>();
        config.runMethod().ifPresent(m -> named.add("the run method " + m));
        if (!sdkMethods.endpoints().isEmpty()) {
            named.add(sdkMethods.endpoints().size() + " SDK method endpoint(s)");
        }
        return named.isEmpty() ? null : String.join(" and ", named);
    }

    private static AgentStarted identity(AgentConfig config, String version) {
        return new AgentStarted()
                .host(hostName())
                .pid(ProcessHandle.current().pid())
                .agentVersion(version)
                .configHash(config.configHash())
                .javaVersion(Runtime.version().toString());
    }

    /** The host's name without a DNS lookup: the agent makes no network traffic of its own. */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String version(File jar) {
        try (JarFile file = new JarFile(jar)) {
            String v = file.getManifest().getMainAttributes().getValue("Implementation-Version");
            return v == null ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

}
