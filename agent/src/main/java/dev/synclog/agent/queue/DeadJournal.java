package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
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
import dev.synclog.events.OwnerOnly;

/**
 * The journal of an agent process that is gone: no process holds its lock file (the kernel releases a dead process's
 * locks, whatever killed it), or the lock is already deleted. Its segments are those the process had not deleted yet,
 * in position order; its name says which process wrote it and when it started. The recovering agent holds the lock
 * until it has deleted the journal, so that two agents starting at once on one queue do not both recover it.
 *
 * <p>Its spare segment ({@link SpareSegment}), if the process had one ready, holds no record: never read, it is deleted
 * with the journal. A spare left without segments (by an agent older than spares, which recovered the segments and
 * knew nothing of it) is deleted once its lock is claimed.
 *
 * <p>A journal of one file ({@link JournalSegment#wholeJournal}), from an agent before segments, was locked by its
 * writer on that file itself: one still held is an older agent's that is alive, and is left to it.
 */
record DeadJournal(Path dir, String id, List<JournalSegment> segments, Set<String> runIds, FileChannel claim)
        implements AutoCloseable {

    /**
     * The dead journals in {@code dir}, oldest first, each claimed by this process until closed; {@code ownId} (this
     * process's) is not one of them.
     */
    static List<DeadJournal> in(Path dir, String ownId) {
        List<DeadJournal> dead = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return dead;
        }
        Map<String, List<JournalSegment>> byJournal = new TreeMap<>();
        Set<String> spares = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String spareOf = JournalSegment.journalIdOfSpare(file);
                if (spareOf != null && !spareOf.equals(ownId)) {
                    spares.add(spareOf);
                }
                JournalSegment segment = JournalSegment.parse(file);
                if (segment != null && !segment.journalId().equals(ownId)
                        && !(segment.wholeJournal() && heldByAnOlderAgent(segment.path()))) {
                    byJournal.computeIfAbsent(segment.journalId(), id -> new ArrayList<>()).add(segment);
                }
            }
            for (Map.Entry<String, List<JournalSegment>> journal : byJournal.entrySet()) {
                FileChannel claim = claim(dir.resolve(journal.getKey() + CallJournal.LOCK_SUFFIX));
                if (claim != null) {
                    List<JournalSegment> segments = journal.getValue();
                    segments.sort(Comparator.comparingLong(JournalSegment::base));
                    dead.add(new DeadJournal(dir, journal.getKey(), segments, runIdsOf(segments), claim));
                }
            }
            spares.removeAll(byJournal.keySet());
            for (String alone : spares) {
                deleteSpareAlone(dir, alone);
            }
        } catch (IOException e) {
            AgentLog.warn("cannot list the journals in " + dir + " (" + AgentLog.describe(e) + "): calls journaled by"
                    + " agents that died there are not recovered now; the next agent start tries again");
        }
        dead.sort(Comparator.comparingLong(DeadJournal::startMicros));
        return dead;
    }

    /**
     * The journal's lock, taken, or null when a live process holds it: its writer, or another agent recovering it. A
     * lock file already deleted (its process was exiting) is made again, to be claimed the same way.
     */
    private static FileChannel claim(Path lockFile) throws IOException {
        FileChannel channel = OwnerOnly.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (OverlappingFileLockException claimedInThisJvm) {
            // as a lock another process holds
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return null;
    }

    /** A spare whose journal has no segment left: nothing to recover, deleted with its lock unless a process holds it. */
    private static void deleteSpareAlone(Path dir, String id) throws IOException {
        FileChannel claim = claim(dir.resolve(id + CallJournal.LOCK_SUFFIX));
        if (claim != null) {
            try (claim) {
                Files.deleteIfExists(JournalSegment.spare(dir, id));
                Files.deleteIfExists(dir.resolve(id + CallJournal.LOCK_SUFFIX));
            }
        }
    }

    /** Only probed: the claim is the lock file's, as for any journal (closing a channel on a file drops its locks). */
    private static boolean heldByAnOlderAgent(Path journalFile) throws IOException {
        try (FileChannel channel = FileChannel.open(journalFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return true;
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

    /**
     * Once recovered: the spare, then the oldest segment first, so that what is left after a crash here is a journal's
     * tail.
     */
    void delete() throws IOException {
        Files.deleteIfExists(JournalSegment.spare(dir, id));
        for (JournalSegment segment : segments) {
            Files.deleteIfExists(segment.path());
        }
        Files.deleteIfExists(dir.resolve(id + CallJournal.LOCK_SUFFIX));
    }

    /** Lets another agent claim the journal: after {@link #delete} there is nothing left to claim. */
    @Override
    public void close() throws IOException {
        claim.close();
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
