package dev.synclog.agent.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/** The agent's validated, immutable configuration. See docs/configuration.md for every key. */
public final class AgentConfig {
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_BODY_BYTES = 8 << 20;
    public static final Path DEFAULT_QUEUE_DIR = Path.of("synclog-queue");
    /**
     * Rows whose attempts a run remembers (docs/configuration.md, runs.attempt_window): twice a normal batch job's
     * half a million, at 16 MiB per generation of the writer's table (two at most).
     */
    public static final int DEFAULT_ATTEMPT_WINDOW = 1_000_000;
    public static final int MIN_ATTEMPT_WINDOW = 1_000;
    /** 256 MiB per generation: past that, the table would be a large share of a usual app's heap. */
    public static final int MAX_ATTEMPT_WINDOW = 10_000_000;
    /**
     * SDK method calls waiting for their future or callback at once (capture.max_waiting_calls): each holds the copy
     * of its rows argument in the heap until it ends.
     */
    public static final int DEFAULT_MAX_WAITING_CALLS = 10_000;
    public static final int MIN_MAX_WAITING_CALLS = 100;
    public static final int MAX_MAX_WAITING_CALLS = 1_000_000;
    /**
     * How long the app's exit may wait for the writer to put its last events in the queue (queue.max_exit_wait_seconds):
     * the wait ends sooner once the writer is done, or has written nothing for 5 s.
     */
    public static final int DEFAULT_MAX_EXIT_WAIT_SECONDS = 30;
    public static final int MAX_MAX_EXIT_WAIT_SECONDS = 600;

    private final boolean enabled;
    private final String configHash;
    private final SyncSettings sync;
    private final Optional<RunMethod> runMethod;
    private final int attemptWindow;
    private final Path queueDir;
    private final ConfigPlace queueDirPlace;
    private final long minFreeDiskBytes;
    private final int maxExitWaitSeconds;
    private final int maxBodyBytes;
    private final int maxWaitingCalls;
    private final boolean logUnmatched;
    private final Set<String> disabledInstrumentations;
    private final List<EndpointRule> endpoints;
    private final EndpointRule[] endpointArray;
    private final String[] matchedHeaderNames;
    private final PrivacyRules privacy;

    AgentConfig(boolean enabled, String configHash, SyncSettings sync, Optional<RunMethod> runMethod, int attemptWindow,
                Path queueDir, ConfigPlace queueDirPlace, long minFreeDiskBytes, int maxExitWaitSeconds, int maxBodyBytes,
                int maxWaitingCalls,
                boolean logUnmatched, Set<String> disabledInstrumentations, List<EndpointRule> endpoints, List<String> matchedHeaderNames,
                PrivacyRules privacy) {
        this.enabled = enabled;
        this.configHash = configHash;
        this.sync = sync;
        this.runMethod = runMethod;
        this.attemptWindow = attemptWindow;
        this.queueDir = queueDir;
        this.queueDirPlace = queueDirPlace;
        this.minFreeDiskBytes = minFreeDiskBytes;
        this.maxExitWaitSeconds = maxExitWaitSeconds;
        this.maxBodyBytes = maxBodyBytes;
        this.maxWaitingCalls = maxWaitingCalls;
        this.logUnmatched = logUnmatched;
        this.disabledInstrumentations = Set.copyOf(disabledInstrumentations);
        this.endpoints = List.copyOf(endpoints);
        this.endpointArray = endpoints.toArray(new EndpointRule[0]);
        this.matchedHeaderNames = matchedHeaderNames.toArray(new String[0]);
        this.privacy = privacy;
    }

    /** Reads and validates a config file; the file's path is the source named in error messages. */
    public static AgentConfig load(Path file, Map<String, String> env, Properties systemProperties) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read the config file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", "check the path given with -javaagent:synclog.jar=config=PATH, SYNCLOG_CONFIG "
                    + "or -Dsynclog.config, and that the app's user may read it", e);
        }
        return parse(bytes, file.toString(), env, systemProperties);
    }

    /** Parses YAML text; {@code sourceName} stands for the file in error messages. */
    public static AgentConfig parse(String yaml, String sourceName, Map<String, String> env, Properties sys) throws ConfigException {
        return parse(yaml.getBytes(StandardCharsets.UTF_8), sourceName, env, sys);
    }

    private static AgentConfig parse(byte[] bytes, String sourceName, Map<String, String> env, Properties sys) throws ConfigException {
        ConfigContext context = new ConfigContext(sourceName, new Interpolation(env, sys));
        YamlNode root = YamlTreeReader.read(new String(bytes, StandardCharsets.UTF_8), sourceName);
        return ConfigParser.parse(root, context, sha256Hex(bytes));
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The config's kill switch. The {@code synclog.enabled=false} system property also turns the agent off. */
    public boolean enabled() {
        return enabled;
    }

    /** SHA-256 hex of the config file's bytes, so events say which config produced them. */
    public String configHash() {
        return configHash;
    }

    public SyncSettings sync() {
        return sync;
    }

    /** The method whose invocations are runs; empty = the process lifetime is one run. */
    public Optional<RunMethod> runMethod() {
        return runMethod;
    }

    /** How many distinct rows of a run the writer remembers attempts of (and as many again, older, at most). */
    public int attemptWindow() {
        return attemptWindow;
    }

    public Path queueDir() {
        return queueDir;
    }

    /** Where the queue directory was set (or, by default, the queue section or the file's start). */
    public ConfigPlace queueDirPlace() {
        return queueDirPlace;
    }

    public long minFreeDiskBytes() {
        return minFreeDiskBytes;
    }

    public int maxExitWaitSeconds() {
        return maxExitWaitSeconds;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxWaitingCalls() {
        return maxWaitingCalls;
    }

    /** {@code capture.log_unmatched}: name on stderr the calls no endpoint matches, to help write the endpoints. */
    public boolean logUnmatched() {
        return logUnmatched;
    }

    /** Whether an instrumentation ({@code java-http-client}, {@code http-url-connection}, ...) is on; unknown names are on. */
    public boolean instrumentationEnabled(String name) {
        return !disabledInstrumentations.contains(ConfigParser.instrumentationKey(name));
    }

    /** The config key that switches an instrumentation off or on: {@code capture.instrumentation.java_http_client}. */
    public static String instrumentationSwitch(String name) {
        return "capture.instrumentation." + ConfigParser.instrumentationKey(name);
    }

    public List<EndpointRule> endpoints() {
        return endpoints;
    }

    /**
     * The app classes the config names, each with the keys that name it ({@code runs.method}, {@code endpoint 'x'}),
     * in the config's order: what the agent's and the check's lines about a class say named it.
     */
    public Map<String, List<String>> classesNamed() {
        Map<String, List<String>> namedBy = new LinkedHashMap<>();
        runMethod.ifPresent(m -> namedBy.computeIfAbsent(m.className(), c -> new ArrayList<>()).add("runs.method"));
        for (EndpointRule endpoint : endpoints) {
            if (endpoint.javaMethod() != null) {
                namedBy.computeIfAbsent(endpoint.javaMethod().className(), c -> new ArrayList<>())
                        .add("endpoint '" + endpoint.name() + "'");
            }
        }
        return namedBy;
    }

    /**
     * The request headers some endpoint matches on ({@code match.headers}), each named once whatever its case; empty
     * when none does. Client hooks read just these (see {@code MatchedHeaders}); the array is shared: never modify it.
     */
    public String[] matchedHeaderNames() {
        return matchedHeaderNames;
    }

    /**
     * The first rule matching the call, or null. Called on the app thread for every HTTP call: no allocation.
     *
     * @param headerValues the request's values of {@link #matchedHeaderNames()} in that order; null when there are none
     */
    public EndpointRule match(String httpMethod, URI uri, String[] headerValues) {
        for (EndpointRule rule : endpointArray) {
            if (rule.matches(httpMethod, uri, headerValues)) {
                return rule;
            }
        }
        return null;
    }

    /** Every sync id a run covers: the default sync's, then endpoint overrides, without repeats. */
    public List<String> syncIds() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(sync.syncId());
        for (EndpointRule rule : endpoints) {
            ids.add(rule.syncId());
        }
        return new ArrayList<>(ids);
    }

    /** The global privacy rules (each endpoint's {@link EndpointRule#privacy()} already includes them). */
    public PrivacyRules privacy() {
        return privacy;
    }

    @Override
    public String toString() {
        return "AgentConfig[sync=" + sync.syncId() + ", endpoints=" + endpoints.size() + ", hash=" + configHash.substring(0, 12) + "]";
    }
}
