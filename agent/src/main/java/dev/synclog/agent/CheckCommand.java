package dev.synclog.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.config.PrivacyRules;
import dev.synclog.agent.config.ResponseSpec;

/**
 * {@code java -jar synclog.jar check [CONFIG]}: reads the config as the agent's start would, on this machine (its
 * environment variables, system properties and queue directory), and says what the agent would capture, or the one
 * line the agent would print before staying off. For a deployment pipeline: a config that fails here is one the
 * service would run without synclog.
 */
public final class CheckCommand {
    private static final int VALID = 0;
    private static final int INVALID = 1;
    private static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: java -jar synclog.jar check [CONFIG]   (CONFIG: the agent's"
            + " config file; without it, -Dsynclog.config or SYNCLOG_CONFIG, as the agent reads them)";

    private CheckCommand() {
    }

    public static int run(String[] args) {
        if (args.length == 0 || !args[0].equals("check") || args.length > 2) {
            System.err.println("synclog: " + (args.length == 0 ? "no command given" : args[0].equals("check")
                    ? "check takes one config file, not " + (args.length - 1) : "unknown command '" + args[0] + "'")
                    + "; " + USAGE_TEXT);
            return USAGE;
        }
        Path file = args.length == 2 ? Path.of(args[1]) : ConfigLocation.find(null);
        if (file == null) {
            System.err.println("synclog: no configuration given; " + USAGE_TEXT);
            return USAGE;
        }
        AgentConfig config;
        try {
            config = StartSettings.read(file).config();
        } catch (StartSettings.Refused refused) {
            System.err.println(refused.getMessage());
            return INVALID;
        }
        for (String line : summary(file, config)) {
            System.out.println(line);
        }
        return VALID;
    }

    /** As the config names it: an SDK method's all-or-nothing outcome is {@code exception_only}. */
    private static String outcomeName(EndpointRule endpoint) {
        ResponseSpec.Outcome outcome = endpoint.response().outcome();
        return endpoint.javaMethod() != null && outcome == ResponseSpec.Outcome.HTTP_STATUS ? "exception_only"
                : outcome.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> summary(Path file, AgentConfig config) {
        List<String> lines = new ArrayList<>();
        if (!config.enabled()) {
            lines.add("synclog: " + file + " is valid, and sets enabled: false: the agent would do nothing");
            return lines;
        }
        lines.add("synclog: " + file + " is valid; with it the agent would capture:");
        for (EndpointRule endpoint : config.endpoints()) {
            lines.add("  endpoint '" + endpoint.name() + "': " + endpoint.describe(config.matchedHeaderNames()) + " -> sync "
                    + endpoint.syncId() + (endpoint.object() == null ? "" : ", object " + endpoint.object())
                    + ", outcome " + outcomeName(endpoint));
        }
        if (config.logUnmatched()) {
            lines.add("  and name each kind of HTTP call no endpoint matches (capture.log_unmatched)");
        }
        lines.add("runs: " + config.runMethod().map(method -> "each call of " + method)
                .orElse("the life of the process (no runs.method)"));
        Path queue = config.queueDir().toAbsolutePath().normalize();
        lines.add("queue: " + queue + (Files.isDirectory(queue) ? " (writable from here)"
                : " (not there yet; can be made from here)"));
        PrivacyRules privacy = config.privacy();
        lines.add("privacy: " + (privacy.isEmpty() ? "no field excluded, hashed or masked"
                : "exclude " + privacy.exclude() + ", hash " + privacy.hash() + ", mask " + privacy.mask()));
        return lines;
    }
}
