package dev.synclog.agent.queue;

import static dev.synclog.agent.queue.GroupCommitUnderFileSizeLimit.RECORD_BYTES;
import static dev.synclog.agent.queue.GroupCommitUnderFileSizeLimit.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One gathering write for many threads' records, cut short by the kernel in the middle. */
class GroupCommitTest {
    @TempDir
    Path dir;

    /**
     * 63 records in one combined write, the file's size limit falling inside it: the records before the cut are in the
     * file whole and reported written; the one cut and those after it are reported dropped, none is in the file twice.
     */
    @Test
    void aCombinedWriteCutShortReportsWhatItWroteWholeAndDropsTheRest() throws Exception {
        int threads = 64;
        Path file = dir.resolve("records");
        String printed = FileSizeLimitedJvm.run(dir.resolve("app.out"), 4, GroupCommitUnderFileSizeLimit.class,
                file.toString(), String.valueOf(threads));
        assertThat(printed).as("the second write, for all the records that waited")
                .containsOnlyOnce("write failed after " + (threads - 1) + " records queued");

        String bytes = Files.readString(file, StandardCharsets.US_ASCII);
        int whole = bytes.length() / RECORD_BYTES;
        assertThat(whole).as("records of the combined write before the cut, after the first write's").isBetween(2,
                threads - 2);
        assertThat(bytes.substring(0, whole * RECORD_BYTES)).as("whole records, once, in the order they queued")
                .isEqualTo(String.join("", IntStream.range(0, whole).mapToObj(GroupCommitUnderFileSizeLimit::record)
                        .toList()));
        assertThat(record(whole)).as("the record cut").startsWith(bytes.substring(whole * RECORD_BYTES))
                .isNotEqualTo(bytes.substring(whole * RECORD_BYTES));

        List<String> outcomes = printed.lines().filter(line -> line.startsWith("record ")).toList();
        assertThat(outcomes).as("every thread's outcome").isEqualTo(IntStream.range(0, threads)
                .mapToObj(n -> "record " + n + (n < whole ? " written" : " dropped")).toList());
    }
}
