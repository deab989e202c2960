package dev.synclog.benchmarks;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One JMH benchmark method of this package called in a loop on one thread, measured by that thread's own CPU time
 * and allocated bytes rather than by the wall clock: on a machine whose cores other work shares, JMH's averages
 * spread by more than the differences between two agents, while a thread's CPU time counts only what it ran. What
 * the agent does on other threads (the writer) is not counted, by design: this is the app thread's share.
 *
 * <pre>
 * java [the JMH benchmark's --add-opens] -cp benchmarks/target/synclog-benchmarks.jar dev.synclog.benchmarks.AppThreadCost \
 *     CaptureHotPathBenchmark captured 10000 20 rows=100
 * </pre>
 * Arguments: the benchmark class, its method, calls a round, rounds, then its {@code @Param} fields as name=value.
 * Prints the median of the last half of the rounds (the first half is warm-up).
 */
public final class AppThreadCost {
    private AppThreadCost() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: AppThreadCost BENCHMARK_CLASS METHOD CALLS_A_ROUND ROUNDS [PARAM=VALUE...],"
                    + " e.g. AppThreadCost RowReadingBenchmark interpret 20000 20 rows=100 privacy=none");
        }
        Class<?> type = Class.forName(AppThreadCost.class.getPackageName() + "." + args[0]);
        Object benchmark = type.getDeclaredConstructor().newInstance();
        for (String param : Arrays.copyOfRange(args, 4, args.length)) {
            String[] nameValue = param.split("=", 2);
            Field field = type.getDeclaredField(nameValue[0]);
            field.set(benchmark, field.getType() == int.class ? (Object) Integer.parseInt(nameValue[1]) : nameValue[1]);
        }
        type.getMethod("setUp").invoke(benchmark);
        Method call = type.getMethod(args[1]);
        int calls = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<Double> cpu = new ArrayList<>();
        List<Double> allocated = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < calls; i++) {
                invoke(call, benchmark);
            }
            if (round >= rounds / 2) {
                cpu.add((threads.getCurrentThreadCpuTime() - cpuBefore) / 1000.0 / calls);
                allocated.add((threads.getThreadAllocatedBytes(thread) - bytesBefore) / (double) calls);
            }
        }
        System.out.printf("%s.%s %s: app thread %.2f µs CPU and %,.0f bytes allocated a call (medians of %d rounds of %,d"
                + " calls, after %d rounds of warm-up)%n", args[0], args[1], String.join(" ", Arrays.copyOfRange(args, 4, args.length)),
                Median.of(cpu), Median.of(allocated), cpu.size(), calls, rounds - cpu.size());
        // The benchmark may leave non-daemon threads (the agent's writer) running.
        System.exit(0);
    }

    private static void invoke(Method call, Object benchmark) throws IllegalAccessException {
        try {
            call.invoke(benchmark);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(call.getName() + " failed", e.getCause());
        }
    }
}
