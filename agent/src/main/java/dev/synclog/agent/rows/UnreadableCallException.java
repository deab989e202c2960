package dev.synclog.agent.rows;

/** A body or result the interpreter cannot make sense of; the message becomes the call error, verbatim. */
final class UnreadableCallException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableCallException(String message) {
        super(message, null, false, false);
    }
}
