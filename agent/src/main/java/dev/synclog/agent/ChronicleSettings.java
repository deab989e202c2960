package dev.synclog.agent;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

import net.openhft.chronicle.core.shutdown.PriorityHook;

/**
 * Chronicle's defaults that do not belong in someone else's process, switched off before any Chronicle class
 * loads: usage reports to Google Analytics, the start-up banner, reading a {@code ./system.properties} file into the
 * host's system properties (it reads our empty {@code synclog-chronicle.properties} resource instead), its disk
 * space monitor (a {@code disk~space~checker} thread more in the host, started at a queue file's creation, whose only
 * effect is a warning: the writer applies {@code queue.min_free_disk} itself), and its JVM shutdown hook. A property
 * value the host set itself is kept.
 */
final class ChronicleSettings {
    private ChronicleSettings() {
    }

    static void apply() {
        setUnlessSet("chronicle.analytics.disable", "true");
        setUnlessSet("chronicle.announcer.disable", "true");
        setUnlessSet("system.properties", "synclog-chronicle.properties");
        setUnlessSet("chronicle.disk.monitor.disable", "true");
        keepShutdownHookOff();
    }

    /**
     * Chronicle registers a JVM shutdown hook ({@link PriorityHook}) as its resource releaser's class loads, which
     * throws ("Shutdown in progress") when that first happens during the JVM's exit, and then no queue opens. The
     * writer's own exit hook closes the queue, so Chronicle's is not needed (its one task, the releaser's stop,
     * frees resources already closed, which the process's end frees anyway); marking the hook as registered, for
     * which it has no API, lets Chronicle load at any time, exit included, instead of at premain. Without it (a
     * Chronicle version without this field) an app that exits before its queue opened leaves its journal to the
     * next agent on the queue.
     */
    private static void keepShutdownHookOff() {
        try {
            Field registered = PriorityHook.class.getDeclaredField("registeredHook");
            registered.setAccessible(true);
            if (registered.get(null) == null) {
                Constructor<PriorityHook> unregistered = PriorityHook.class.getDeclaredConstructor();
                unregistered.setAccessible(true);
                registered.set(null, unregistered.newInstance());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            AgentLog.failure("keeping Chronicle's shutdown hook off", e);
        }
    }

    private static void setUnlessSet(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
