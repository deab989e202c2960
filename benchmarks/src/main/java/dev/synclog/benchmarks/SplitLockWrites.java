package dev.synclog.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.synclog.events.unsafe.InternalUnsafe;

/**
 * An ordered write (Chronicle's {@code writeOrderedInt}, which patches the lengths of nested fields) as the
 * interpreter makes it, across two cache lines and inside one: through the JDK's {@code putIntRelease}, a locked
 * exchange there, and through {@link InternalUnsafe}, which makes a write across two lines a plain write between
 * fences. Where Linux detects split locks (recent x86 CPUs, cloud VMs) the locked one across two lines is throttled.
 * Run interpreted, as a cold JVM's writer runs:
 *
 * <pre>
 * java -Xint --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp benchmarks/target/synclog-benchmarks.jar dev.synclog.benchmarks.SplitLockWrites 5 200
 * </pre>
 *
 * Prints each way's median time a write over the rounds, and across / inside for each.
 */
public final class SplitLockWrites {
    private SplitLockWrites() {
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object jdk = unsafeClass.getMethod("getUnsafe").invoke(null);
        MethodHandle release = MethodHandles.lookup().findVirtual(unsafeClass, "putIntRelease",
                MethodType.methodType(void.class, Object.class, long.class, int.class)).bindTo(jdk);
        InternalUnsafe ours = InternalUnsafe.getUnsafe();
        long memory = ours.allocateMemory(256);
        long line = (memory + 63) & ~63L;
        long across = line + 62;
        long inside = line + 4;

        Map<String, List<Double>> nanos = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            measure(nanos, "JDK putIntRelease, inside a line", writes, i -> {
                release.invokeExact((Object) null, inside, i);
            });
            measure(nanos, "JDK putIntRelease, across two lines", writes, i -> {
                release.invokeExact((Object) null, across, i);
            });
            measure(nanos, "InternalUnsafe.putOrderedInt, inside a line", writes, i -> ours.putOrderedInt(null, inside, i));
            measure(nanos, "InternalUnsafe.putOrderedInt, across two lines", writes, i -> ours.putOrderedInt(null, across, i));
        }
        ours.freeMemory(memory);

        System.out.printf("ordered int writes, %d rounds of %d each way; median time a write%n", rounds, writes);
        Map<String, Double> medians = new LinkedHashMap<>();
        nanos.forEach((way, values) -> medians.put(way, Median.of(values)));
        medians.forEach((way, median) -> System.out.printf("%-48s %,12.0f ns%n", way, median));
        System.out.printf("across / inside: JDK %.1f, InternalUnsafe %.1f%n",
                medians.get("JDK putIntRelease, across two lines") / medians.get("JDK putIntRelease, inside a line"),
                medians.get("InternalUnsafe.putOrderedInt, across two lines")
                        / medians.get("InternalUnsafe.putOrderedInt, inside a line"));
    }

    private interface Write {
        void at(int value) throws Throwable;
    }

    private static void measure(Map<String, List<Double>> nanos, String way, int writes, Write write) throws Throwable {
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            write.at(i);
        }
        nanos.computeIfAbsent(way, w -> new ArrayList<>()).add((System.nanoTime() - start) / (double) writes);
    }
}
