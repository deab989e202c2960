package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Below {@code queue.min_free_disk} the agent drops and counts events instead of writing: the app runs on. */
@Isolated
class DiskThresholdIT {
    /** More free space than any disk has: the largest size the config accepts (a byte count that fills a long). */
    private static final String MORE_THAN_THE_DISK = Long.toString(Long.MAX_VALUE);
    private static final Pattern DROPPED = Pattern.compile("synclog: WARNING: (\\d+) events of run \\S+ were dropped");
    private static final int CALLS = 3;

    @TempDir
    Path work;

    @Test
    void belowTheThresholdNoRowIsWrittenAndTheDropsAreCounted() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("min_free_disk: " + MORE_THAN_THE_DISK, "")),
                    "jdk", body, CALLS, 1).assertOk();

            assertThat(result.stdout()).as("what the app printed").isEqualTo(sync.stdoutWithoutAgent("jdk", body, CALLS, 1));
            assertThat(result.agentLines()).as("the agent's lines on stderr")
                    .anySatisfy(line -> assertThat(line).startsWith("synclog: WARNING: free disk under " + sync.queueDir())
                            .contains("(queue.min_free_disk): dropping and counting events"));
            Matcher dropped = result.agentLines().stream().map(DROPPED::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new AssertionError("no count of dropped events in:\n" + result.stderr()));
            // At least every call and every row of it; run boundaries may be counted too.
            assertThat(Long.parseLong(dropped.group(1))).as("events dropped in:%n%s", result.stderr()).isGreaterThanOrEqualTo(CALLS * (1 + 2));

            // Not even the queue's first (memory-mapped) file is created on a disk below the threshold; the journal's
            // directory is (at start), and its file holds no call.
            try (Stream<Path> files = Files.walk(sync.queueDir())) {
                assertThat(files.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
                        .as("files in the queue directory").noneMatch(name -> name.endsWith(".cq4") || name.endsWith(".cq4t"));
            }
        }
    }
}
