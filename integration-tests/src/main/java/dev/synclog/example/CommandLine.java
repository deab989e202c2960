package dev.synclog.example;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} and {@code --flag} arguments of the example's programs. Unknown or incomplete
 * arguments fail with the usage text, so a typo is never silently ignored.
 */
public final class CommandLine {
    private final String usage;
    private final Map<String, String> values = new HashMap<>();

    /**
     * @param options names taking a value
     * @param flags   names taking none
     */
    public CommandLine(String usage, Set<String> options, Set<String> flags, String[] args) {
        this.usage = usage;
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name != null && flags.contains(name)) {
                values.put(name, "true");
            } else if (name != null && options.contains(name) && i + 1 < list.size()) {
                values.put(name, list.get(++i));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage);
            }
        }
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name + "\n" + usage);
        }
        return value;
    }

    public String optional(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return Math.toIntExact(values.containsKey(name) ? wholeNumber(name) : fallback);
    }

    public long wholeNumber(String name) {
        String value = required(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + value + "'\n" + usage);
        }
    }

    /** A program's body: bad arguments end it with their message and exit status 2, not a stack trace. */
    @FunctionalInterface
    public interface Program {
        void run(String[] args) throws Exception;
    }

    public static void run(String[] args, Program program) throws Exception {
        try {
            program.run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
