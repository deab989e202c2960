package dev.synclog.agent.config;

/**
 * A configuration the agent cannot run with. The message is one line meant for the host's stderr:
 * {@code synclog: <file>:<line>:<col>: <what is wrong>; <how to fix>} (no line when the file itself cannot be read).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    public ConfigException(String source, int line, int column, String problem, String fix) {
        super("synclog: " + source + ":" + line + ":" + column + ": " + problem + "; " + fix);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** For problems with the file as a whole (unreadable), where no line applies. */
    public ConfigException(String source, String problem, String fix, Throwable cause) {
        super("synclog: " + source + ": " + problem + "; " + fix, cause);
        this.source = source;
        this.line = 0;
        this.column = 0;
    }

    public String source() {
        return source;
    }

    /** 1-based line of the offending value, 0 when the problem is not at a place in the file. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
