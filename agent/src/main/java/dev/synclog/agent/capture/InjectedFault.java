package dev.synclog.agent.capture;

/**
 * {@code -Dsynclog.inject-fault=capture|interpret|future|callback|append} makes the agent fail at that point, so a deployment (and
 * our tests) can see that an agent failure leaves the app's behaviour and results unchanged; {@code slow-writer} makes
 * the queue writer slow at exit (see QueueWriter).
 */
public final class InjectedFault {
    private static final String POINT = System.getProperty("synclog.inject-fault");

    private InjectedFault() {
    }

    public static void at(String point) {
        if (isInjected(point)) {
            throw new IllegalStateException("synclog fault injected at '" + point + "' (-Dsynclog.inject-fault)");
        }
    }

    /** For a point whose fault strikes only some of the time, decided there. */
    public static boolean isInjected(String point) {
        return point.equals(POINT);
    }
}
