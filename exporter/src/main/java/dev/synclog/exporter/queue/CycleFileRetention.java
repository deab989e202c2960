package dev.synclog.exporter.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.RollCycle;

import dev.synclog.events.QueueLayout;

/**
 * Deletes consumed cycle files. A file goes only when all hold: its cycle is older than the cycle of the
 * warehouse-committed index, older than the newest cycle (the one appenders write), it was last modified more
 * than the retention ago, and no process has it open or mapped. Chronicle's "released" callbacks are hints,
 * not permissions, so this checks the file system itself.
 */
public final class CycleFileRetention {
    private static final String SUFFIX = ".cq4";
    private final Duration retain;

    public CycleFileRetention(Duration retain) {
        this.retain = retain;
    }

    /** @return the files deleted; none when the directory is gone (deleted while the app runs, not yet made again) */
    public List<Path> deleteConsumed(QueueSource source, long committedIndex) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (committedIndex < 0) {
            return deleted;
        }
        RollCycle rollCycle = QueueLayout.ROLL_CYCLE;
        int committedCycle = rollCycle.toCycle(committedIndex);
        int newestCycle = source.queue().lastCycle();
        Instant cutoff = Instant.now().minus(retain);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source.dir(), "*" + SUFFIX)) {
            for (Path file : files) {
                Integer cycle = cycleOf(file, rollCycle);
                if (cycle != null && cycle < committedCycle && cycle < newestCycle
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && !isOpenAnywhere(file)) {
                    Files.delete(file);
                    deleted.add(file);
                }
            }
        } catch (NoSuchFileException gone) {
            // The directory, or a file in it, was deleted meanwhile: what is gone needs no deleting.
        }
        if (!deleted.isEmpty()) {
            source.queue().refreshDirectoryListing();
        }
        return deleted;
    }

    /** The cycle a file name stands for, or null for files that are not cycle files. */
    static Integer cycleOf(Path file, RollCycle rollCycle) {
        String name = file.getFileName().toString();
        String stamp = name.substring(0, name.length() - SUFFIX.length());
        try {
            LocalDateTime start = LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern(rollCycle.format()));
            return (int) (start.toInstant(ZoneOffset.UTC).toEpochMilli() / rollCycle.lengthInMillis());
        } catch (DateTimeParseException notACycleFile) {
            return null;
        }
    }

    /**
     * Linux: any /proc/PID/fd link or /proc/PID/maps line naming the file. Without /proc we cannot know,
     * so we keep the file.
     */
    static boolean isOpenAnywhere(Path file) throws IOException {
        Path proc = Paths.get("/proc");
        if (!Files.isDirectory(proc.resolve("self/fd"))) {
            return true;
        }
        String target = file.toRealPath().toString();
        try (Stream<Path> pids = Files.list(proc)) {
            return pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(pid -> holds(pid, target));
        }
    }

    private static boolean holds(Path pid, String target) {
        try (Stream<Path> fds = Files.list(pid.resolve("fd"))) {
            if (fds.anyMatch(fd -> target.equals(readLink(fd)))) {
                return true;
            }
        } catch (IOException | SecurityException gone) {
            // The process ended or is not ours to inspect; maps below may still tell.
        }
        try (Stream<String> maps = Files.lines(pid.resolve("maps"))) {
            return maps.anyMatch(line -> line.endsWith(target));
        } catch (IOException | SecurityException | java.io.UncheckedIOException gone) {
            return false;
        }
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | SecurityException gone) {
            return "";
        }
    }
}
