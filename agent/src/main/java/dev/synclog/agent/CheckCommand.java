package dev.synclog.agent;

import java.io.IOException;
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
 * service would run without synclog. Given the app's class path, it also looks up the classes the config names, as
 * the agent would when they load (exit 3 when it would warn of one).
 */
public final class CheckCommand {
    private static final int VALID = 0;
    private static final int INVALID = 1;
    private static final int USAGE = 2;
    private static final int CLASSES_LACKING = 3;

    private static final String USAGE_TEXT = "usage: java -jar synclog.jar check [CONFIG] [--class-path CLASSPATH]"
            + "   (CONFIG: the agent's config file; without it, -Dsynclog.config or SYNCLOG_CONFIG, as the agent reads"
            + " them. CLASSPATH: the app's, as java -cp takes it, to look up the classes the config names)";

    private CheckCommand() {
    }

    public static int run(String[] args) {
        if (args.length == 0 || !args[0].equals("check")) {
            return usage(args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'");
        }
        String configArgument = null;
        String classPath = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--class-path")) {
                if (i + 1 == args.length || classPath != null) {
                    return usage(classPath != null ? "--class-path given twice" : "--class-path needs a class path");
                }
                classPath = args[++i];
            } else if (configArgument == null && !args[i].startsWith("-")) {
                configArgument = args[i];
            } else {
                return usage(args[i].startsWith("-") ? "unknown option '" + args[i] + "'"
                        : "check takes one config file, not " + args[i] + " as well");
            }
        }
        Path file = configArgument != null ? Path.of(configArgument) : ConfigLocation.find(null);
        if (file == null) {
            return usage("no configuration given");
        }
        ClassPathCheck classes;
        try {
            classes = classPath == null ? null : new ClassPathCheck(classPath);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
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
        return classes == null || !config.enabled() ? VALID : lookUp(classes, config);
    }

    /** Each problem as the line the agent would print when the class loads, or at exit when it never does. */
    private static int lookUp(ClassPathCheck classes, AgentConfig config) {
        List<String> problems;
        try {
            problems = classes.problems(config);
        } catch (IOException e) {
            System.err.println("synclog: cannot read the class path given (" + e.getMessage() + ")");
            return USAGE;
        }
        if (problems.isEmpty()) {
            System.out.println("classes: " + (config.classesNamed().isEmpty() ? "the config names none"
                    : "each class the config names is on the class path, with the methods it names"));
            return VALID;
        }
        problems.forEach(AgentLog::warn);
        return CLASSES_LACKING;
    }

    private static int usage(String problem) {
        System.err.println("synclog: " + problem + "; " + USAGE_TEXT);
        return USAGE;
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
