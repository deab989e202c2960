package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.synclog.agent.it.apps.LoadApp;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 64 app threads calling a loopback destination for a bounded time through the real agent: every row is recorded
 * exactly once (or counted as dropped, exactly), the heap after a full GC does not grow with the calls made, and
 * no thread is left behind. The rate is printed, not asserted: the benchmarks judge speed.
 */
@Isolated
class LoadIT {
    private static final int THREADS = 64;
    private static final int WARMUP_SECONDS = 3;
    private static final int LOAD_SECONDS = 10;
    /** What the heap may grow between the two readings, whatever the number of calls: buffers settling, not a leak. */
    private static final long HEAP_SLACK_BYTES = 8L << 20;

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void everyRowOnceBoundedHeapNoThreadLeft(String client) throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            AgentProcess.Result result = AgentProcess.withConfig(sync.writeConfig("", "")).fullJit().jvmOption("-Xmx256m")
                    .run(work, LoadApp.class, client, sync.destination.url(AudienceSync.PATH), Integer.toString(THREADS),
                            Integer.toString(WARMUP_SECONDS), Integer.toString(LOAD_SECONDS))
                    .assertOk();
            List<String> out = result.stdout().lines().toList();
            out.stream().filter(line -> line.startsWith("RATE") || line.startsWith("HEAP"))
                    .forEach(line -> System.out.println("LoadIT " + client + ", " + THREADS + " threads, with the agent: " + line));

            List<String> expectedIds = new ArrayList<>();
            int calls = 0;
            for (String line : out) {
                if (line.startsWith("CALLS ")) {
                    String[] parts = line.split(" ");
                    int n = Integer.parseInt(parts[2]);
                    calls += n;
                    for (int i = 0; i < n; i++) {
                        expectedIds.add(parts[1] + "-" + i + "-a");
                        expectedIds.add(parts[1] + "-" + i + "-b");
                    }
                }
            }
            assertThat(sync.destination.hits(AudienceSync.PATH)).as("calls the destination answered").isEqualTo(calls);

            RecordedEvents events = sync.recorded();
            Map<String, Long> timesRecorded = events.rows.stream().collect(Collectors.groupingBy(RowResult::rowId, Collectors.counting()));
            assertThat(timesRecorded.values()).as("rows recorded more than once").allMatch(n -> n == 1);
            assertThat(Set.copyOf(expectedIds)).as("recorded rows are rows the app sent").containsAll(timesRecorded.keySet());
            long droppedCalls = events.dropped.stream().mapToLong(EventsDropped::count).sum();
            assertThat(expectedIds.size() - timesRecorded.size()).as("rows missing: exactly those of the calls counted as dropped")
                    .isEqualTo(2 * droppedCalls);
            assertThat(events.calls.size() + droppedCalls).as("calls recorded plus calls dropped").isEqualTo(calls);

            long[] heap = out.stream().filter(line -> line.startsWith("HEAP ")).findFirst().map(line -> line.split(" "))
                    .map(parts -> new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])}).orElseThrow();
            assertThat(heap[1] - heap[0]).as("heap growth after a full GC over " + calls + " calls").isLessThan(HEAP_SLACK_BYTES);
            Map<String, String> threads = out.stream().filter(line -> line.startsWith("THREADS "))
                    .collect(Collectors.toMap(line -> line.split(" ")[1], Function.identity()));
            assertThat(threads.get("AFTER").substring("THREADS AFTER ".length())).as("threads after the load")
                    .isEqualTo(threads.get("BEFORE").substring("THREADS BEFORE ".length()))
                    .doesNotContain("disk~space~checker");
        }
    }
}
