package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs another program's {@code main} (its class named by the first argument, the rest its arguments) and prints, on
 * stderr, when that main began and ended: {@code PHASE main-start|main-end NANOS CPU_NANOS}, the monotonic clock
 * ({@link System#nanoTime}, the same clock as the parent's on Linux) and the CPU the process had used so far, all its
 * threads (from /proc/self/stat, in clock ticks of 10 ms). The parent, which times the whole process, splits it with
 * them: JVM and agent start-up before main, the program's own work, and the exit after main (shutdown hooks). With
 * {@code -Dphased.idleMillis=N} it stays idle that long after the program's main before its own ends, so that what
 * the program left running (an agent's queue opening, say) is done before the exit. JDK classes only, so it runs
 * from a directory of its own beside the program's jar.
 */
public final class PhasedMain {
    static final String PHASE = "PHASE ";

    public static void main(String[] args) throws Throwable {
        mark("main-start");
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
        Thread.sleep(Long.getLong("phased.idleMillis", 0));
        mark("main-end");
    }

    private static void mark(String phase) throws Exception {
        System.err.println(PHASE + phase + " " + System.nanoTime() + " " + cpuNanos());
        System.err.flush();
    }

    /** utime + stime of the whole process: fields 14 and 15 of proc(5), after the command's parenthesised name. */
    private static long cpuNanos() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }
}
