package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.synclog.agent.it.apps.DistinctRowsApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A service sending new rows all day in one process-life run, with a small attempt window: the agent's heap after a
 * full GC does not grow with the distinct rows (without the window, its attempt table would hold every one: 16 MiB
 * for these), and every row is still recorded once, its retries inside the window numbered 2.
 */
@Isolated
class AttemptWindowIT {
    private static final int WINDOW = 10_000;
    /** Large calls: few round trips, so that the test takes seconds. */
    private static final int ROWS_PER_CALL = 4_000;
    /** Three windows of rows: both generations of the table are full-sized before the first heap reading. */
    private static final int WARMUP_CALLS = 8;
    /** 580,000 distinct rows in all, past the 524,288 at which an unbounded table grows to 2^21 slots. */
    private static final int CALLS = 145;
    private static final int RETRIES_PER_CALL = 20;
    /** Retried first thing in the next call: about 4,000 other rows in between, inside the window. */
    private static final int RETRY_LAG = 1;
    /** What the heap may grow between the two readings whatever the rows: buffers settling, not a table growing. */
    private static final long HEAP_SLACK_BYTES = 4L << 20;

    @TempDir
    Path work;

    @Test
    void theHeapDoesNotGrowWithDistinctRowsAndRetriesInsideTheWindowAreNumbered() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            AgentProcess.Result result = AgentProcess.withConfig(sync.writeConfig("",
                            "runs: {attempt_window: " + WINDOW + "}\n")).fullJit().jvmOption("-Xmx256m")
                    .run(work, DistinctRowsApp.class, sync.destination.url(AudienceSync.PATH),
                            Integer.toString(WARMUP_CALLS), Integer.toString(CALLS), Integer.toString(ROWS_PER_CALL),
                            Integer.toString(RETRIES_PER_CALL), Integer.toString(RETRY_LAG))
                    .assertOk();
            assertThat(result.agentLines()).as("the agent's warnings and errors")
                    .noneMatch(line -> line.startsWith("synclog: WARNING") || line.contains("internal error"));

            RecordedAttempts recorded = RecordedAttempts.read(sync.queueDir(), CALLS * ROWS_PER_CALL);
            assertThat(recorded.dropped).as("events dropped").isZero();
            assertThat(recorded.unexpected).as("rows recorded that the app did not send, or not once").isEmpty();
            List<String> wrong = new ArrayList<>();
            for (int n = 0; n < CALLS; n++) {
                for (int i = 0; i < ROWS_PER_CALL; i++) {
                    int row = n * ROWS_PER_CALL + i;
                    boolean retried = i < RETRIES_PER_CALL && n + RETRY_LAG < CALLS;
                    if (recorded.first[row] != 1 || recorded.second[row] != (retried ? 1 : 0)) {
                        wrong.add("r" + row + ": attempt 1 x" + recorded.first[row] + ", attempt 2 x" + recorded.second[row]);
                    }
                }
            }
            assertThat(wrong).as("rows not recorded once per attempt, numbered 1 then 2").isEmpty();

            String heap = result.stdout().lines().filter(line -> line.startsWith("HEAP ")).findFirst().orElseThrow();
            System.out.println("AttemptWindowIT, " + CALLS * ROWS_PER_CALL + " distinct rows, window " + WINDOW + ": " + heap);
            String[] readings = heap.split(" ");
            long growth = Long.parseLong(readings[2]) - Long.parseLong(readings[1]);
            assertThat(growth).as("heap growth after a full GC over " + (CALLS - WARMUP_CALLS) * ROWS_PER_CALL
                    + " more distinct rows").isLessThan(HEAP_SLACK_BYTES);
        }
    }
}
