package dev.synclog.agent.it.apps;

/**
 * The header naming each call's operation, as AWS's JSON protocols send it, when a test asks the send apps for one:
 * {@code -Dsend.operations=Members.Add,Members.Remove} names call n with the n-th operation of the list (cycling).
 */
public final class OperationHeader {
    static final String NAME = "X-Amz-Target";
    private static final String[] OPERATIONS = System.getProperty("send.operations", "").isEmpty() ? new String[0]
            : System.getProperty("send.operations").split(",");

    private OperationHeader() {
    }

    /** Call n's operation, or null when the test asked for none. */
    static String of(int n) {
        return OPERATIONS.length == 0 ? null : OPERATIONS[n % OPERATIONS.length];
    }
}
