package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.synclog.agent.AgentLog;

/**
 * The journal of an agent process that is gone: no process holds its lock file (the kernel releases a dead process's
 * locks, whatever killed it), or the lock is already deleted. Its segments are those the process had not deleted yet,
 * in position order; its name says which process wrote it and when it started.
 */
record DeadJournal(Path dir, String id, List<JournalSegment> segments, Set<String> runIds) {

    /** The dead journals in {@code dir}, oldest first; {@code ownId} (this process's) is not one of them. */
    static List<DeadJournal> in(Path dir, String ownId) {
        List<DeadJournal> dead = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return dead;
        }
        Map<String, List<JournalSegment>> byJournal = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                JournalSegment segment = JournalSegment.parse(file);
                if (segment != null && !segment.journalId().equals(ownId)) {
                    byJournal.computeIfAbsent(segment.journalId(), id -> new ArrayList<>()).add(segment);
                }
            }
            for (Map.Entry<String, List<JournalSegment>> journal : byJournal.entrySet()) {
                if (!held(dir.resolve(journal.getKey() + CallJournal.LOCK_SUFFIX))) {
                    List<JournalSegment> segments = journal.getValue();
                    segments.sort(Comparator.comparingLong(JournalSegment::base));
                    dead.add(new DeadJournal(dir, journal.getKey(), segments, runIdsOf(segments)));
                }
            }
        } catch (IOException e) {
            AgentLog.warn("cannot list the journals in " + dir + " (" + AgentLog.describe(e) + "): calls journaled by"
                    + " agents that died there are not recovered now; the next agent start tries again");
        }
        dead.sort(Comparator.comparingLong(DeadJournal::startMicros));
        return dead;
    }

    private static boolean held(Path lockFile) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (NoSuchFileException exited) {
            return false;
        }
    }

    /** Its segments from the first on, each ending at its last complete record. */
    SegmentedJournal read() {
        return new SegmentedJournal(new ArrayDeque<>(segments), false);
    }

    long pid() {
        return segments.get(0).pid();
    }

    long startMicros() {
        return segments.get(0).startMillis() * 1000;
    }

    /** Once recovered: the oldest segment first, so that what is left after a crash here is a journal's tail. */
    void delete() throws IOException {
        for (JournalSegment segment : segments) {
            Files.deleteIfExists(segment.path());
        }
        Files.deleteIfExists(dir.resolve(id + CallJournal.LOCK_SUFFIX));
    }

    /**
     * The runs the journal speaks of. A run that began in a segment already deleted still shows in its calls and its
     * end; one with neither left has all its events in the queue.
     */
    private static Set<String> runIdsOf(List<JournalSegment> segments) throws IOException {
        Set<String> runIds = new LinkedHashSet<>();
        try (SegmentedJournal journal = new SegmentedJournal(new ArrayDeque<>(segments), false)) {
            JournalEntry entry;
            while ((entry = journal.next(0)) != null) {
                if (entry instanceof JournalEntry.RunBegan began) {
                    runIds.add(began.runId());
                } else if (entry instanceof JournalEntry.RunEnded ended) {
                    runIds.add(ended.runId());
                } else if (entry instanceof JournalEntry.CallSent call) {
                    runIds.add(call.runId());
                }
            }
        }
        return runIds;
    }
}
