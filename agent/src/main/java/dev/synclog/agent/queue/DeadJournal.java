package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.synclog.agent.AgentLog;

/**
 * The journal of an agent process that is gone: no process holds its lock (the kernel releases a dead process's
 * locks, whatever killed it). Its name says which process wrote it and when it started.
 */
record DeadJournal(Path path, long pid, long startMicros, Set<String> runIds) {

    /** The dead journals in {@code dir}, oldest first; {@code own} (this process's) is not one of them. */
    static List<DeadJournal> in(Path dir, Path own) {
        List<DeadJournal> dead = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return dead;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(CallJournal.SUFFIX)).toList()) {
                if (!file.equals(own) && !held(file)) {
                    DeadJournal journal = of(file);
                    if (journal != null) {
                        dead.add(journal);
                    }
                }
            }
        } catch (IOException e) {
            AgentLog.warn("cannot list the journals in " + dir + " (" + AgentLog.describe(e) + "): calls journaled by"
                    + " agents that died there are not recovered now; the next agent start tries again");
        }
        dead.sort(Comparator.comparingLong(DeadJournal::startMicros));
        return dead;
    }

    private static boolean held(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        }
    }

    /** Null for a file whose name is not {@code PID-STARTMILLIS.journal}. */
    private static DeadJournal of(Path file) throws IOException {
        String name = file.getFileName().toString();
        String[] parts = name.substring(0, name.length() - CallJournal.SUFFIX.length()).split("-");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new DeadJournal(file, Long.parseLong(parts[0]), Long.parseLong(parts[1]) * 1000, runIdsOf(file));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Set<String> runIdsOf(Path file) throws IOException {
        Set<String> runIds = new LinkedHashSet<>();
        try (JournalFile journal = new JournalFile(file, false)) {
            JournalEntry entry;
            while ((entry = journal.next(0)) != null) {
                if (entry instanceof JournalEntry.RunBegan) {
                    runIds.add(((JournalEntry.RunBegan) entry).runId());
                }
            }
        }
        return runIds;
    }
}
