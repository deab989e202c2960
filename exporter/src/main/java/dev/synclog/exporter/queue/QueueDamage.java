package dev.synclog.exporter.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import dev.synclog.events.QueueLayout;
import dev.synclog.events.UnfinishedMetadata;

/**
 * Says what is wrong with a queue Chronicle cannot open or read, in the operator's terms: which file, what is wrong
 * with it, what to do. Chronicle's own exceptions name neither the file nor a fix, and some carry a hex dump.
 */
final class QueueDamage {
    /** Every Chronicle file starts with a header excerpt: 4 bytes of length, then the field name "header". */
    private static final byte[] HEADER_START = {(byte) 0xb9, 6, 'h', 'e', 'a', 'd', 'e', 'r'};
    private static final String METADATA_SUFFIX = ".cq4t";
    private static final String CYCLE_SUFFIX = ".cq4";
    private static final long JUST_CREATED_MILLIS = 10_000;

    private QueueDamage() {
    }

    /**
     * The exporter maps the queue's files read-write (Chronicle needs it, and the status file is written there): a
     * directory or file it may not use is named before Chronicle reports it as something else.
     */
    static void checkAccess(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw accessDenied(dir, dir);
        }
        for (Path file : files(dir)) {
            if (isQueueFile(file) && (!Files.isReadable(file) || !Files.isWritable(file))) {
                throw accessDenied(dir, file);
            }
        }
    }

    private static BadQueueException accessDenied(Path dir, Path denied) {
        return new BadQueueException(dir, "the exporter's user (" + System.getProperty("user.name") + ") may not read"
                + " and write " + denied + " (" + ownerAndMode(denied) + "); run the exporter as the agent's user, or"
                + " give it read and write access to the directory and its files (Chronicle maps them read-write)");
    }

    private static String ownerAndMode(Path path) {
        try {
            return "owner " + Files.getOwner(path).getName() + ", mode "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException | UnsupportedOperationException e) {
            return "owner and mode unknown";
        }
    }

    /**
     * Opens a queue for reading, or says what keeps it from being read. A metadata file a killed process left
     * unfinished is emptied first, and said on {@code log}.
     *
     * @throws QueueLayout.NotASyncQueueException when the directory is not a synclog queue
     * @throws BadQueueException                  when it is one that cannot be opened
     */
    static SingleChronicleQueue open(Path dir, PrintWriter log) throws IOException {
        checkAccess(dir);
        QueueLayout.readSourceId(dir);
        if (UnfinishedMetadata.emptyIfAbandoned(dir)) {
            log.printf("synclog-exporter: %s (it held no events, and read positions are kept in the warehouse)%n",
                    UnfinishedMetadata.emptied(dir));
        }
        BadQueueException foreign = notAQueueFile(dir);
        if (foreign != null) {
            throw foreign;
        }
        // Chronicle extends a file it maps, so a cut-short file must be measured before it is opened.
        Map<Path, Long> lengths = new HashMap<>();
        for (Path file : files(dir)) {
            lengths.put(file.toAbsolutePath(), Files.size(file));
        }
        SingleChronicleQueue queue;
        try {
            queue = QueueLayout.openForReading(dir);
        } catch (Exception e) {
            throw cannotOpen(dir, e);
        }
        try {
            checkLengths(dir, queue, lengths);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
        return queue;
    }

    /**
     * A cycle file shorter than the events its header says were written was cut short (a copy, a full disk). Chronicle
     * creates every cycle file at least one block long (sparse), so files are opened to check only when one is shorter.
     */
    private static void checkLengths(Path dir, SingleChronicleQueue queue, Map<Path, Long> lengths) {
        if (queue.firstCycle() == Integer.MAX_VALUE) {
            return;
        }
        long block = queue.blockSize();
        if (lengths.entrySet().stream().noneMatch(e -> e.getValue() < block
                && e.getKey().getFileName().toString().endsWith(CYCLE_SUFFIX))) {
            return;
        }
        for (long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle())) {
            SingleChronicleQueueStore store = queue.storeForCycle((int) cycle, queue.epoch(), false, null);
            if (store == null) {
                continue;
            }
            try {
                Long length = lengths.get(store.file().toPath().toAbsolutePath());
                if (length != null && length < block && store.writePosition() >= length) {
                    throw new BadQueueException(dir, store.file() + " is cut short: it is " + length + " bytes long,"
                            + " but its header says events were written up to byte " + store.writePosition()
                            + "; restore it from a backup: the events after the cut are not in it, and loading stops"
                            + " there (nothing is skipped)");
                }
            } finally {
                queue.closeStore(store);
            }
        }
    }

    /** A tailer at the queue's start; Chronicle opens the first cycle file here. Closes the queue when it fails. */
    static ExcerptTailer tailer(Path dir, SingleChronicleQueue queue) {
        try {
            return queue.createTailer();
        } catch (Exception e) {
            queue.close();
            throw cannotOpen(dir, e);
        }
    }

    /** Chronicle could not open or move through the queue: find the file that is not a queue file, if there is one. */
    static BadQueueException cannotOpen(Path dir, Exception cause) {
        BadQueueException foreign = notAQueueFile(dir);
        return foreign != null ? foreign : new BadQueueException(dir, "Chronicle Queue cannot open it ("
                + firstLine(cause) + "); check that no file in it was changed by hand, and restore the directory from a"
                + " backup if one was");
    }

    /** @return the first file with a queue file's name that does not start like one, or null */
    static BadQueueException notAQueueFile(Path dir) {
        for (Path file : files(dir)) {
            if (!isQueueFile(file)) {
                continue;
            }
            boolean metadata = file.getFileName().toString().endsWith(METADATA_SUFFIX);
            FileStart start = FileStart.of(file);
            // Chronicle writes the header of an empty metadata file itself; one being written now is let be.
            if (start == FileStart.HEADER || metadata && start == FileStart.EMPTY || start.unfinished() && justWritten(file)) {
                continue;
            }
            if (start.unfinished() && !metadata) {
                return new BadQueueException(dir, file + " was left unfinished by an agent killed while creating it"
                        + " (its header was never written), so it holds no events; an agent writing in its hour again"
                        + " repairs it (Chronicle sets it aside as " + file.getFileName() + "-….discard, or writes its"
                        + " header); to load the queue now, move it out of the directory");
            }
            return new BadQueueException(dir, file + " is not a Chronicle Queue file: its header is damaged, or it"
                    + " was never written by a queue; " + (metadata
                    ? "delete it and run again: Chronicle rebuilds it from the cycle files (the exporter's read"
                    + " position is kept in the warehouse, not there)"
                    : "move it out of the directory, and restore it from a backup if it held events"));
        }
        return null;
    }

    /** An excerpt Chronicle cannot decode: its bytes were damaged in place. */
    static BadQueueException cannotDecode(Path dir, SingleChronicleQueue queue, long index, Exception cause) {
        BadQueueException foreign = notAQueueFile(dir);
        if (foreign != null) {
            return foreign;
        }
        String file = fileOf(queue, queue.rollCycle().toCycle(index));
        return new BadQueueException(dir, index, "the event in " + file + " cannot be decoded (" + firstLine(cause)
                + "): the file is damaged here; restore it from a backup and run again, loading resumes at this event"
                + " (nothing is skipped; events before it are loaded)");
    }

    /**
     * An event that decodes, but holds a value outside the schema: written by a newer agent, or zeros where a file
     * was cut short and extended again.
     */
    static BadQueueException unreadableValue(Path dir, SingleChronicleQueue queue, long index, String problem) {
        return new BadQueueException(dir, index, problem + "; if the agent is not newer than the exporter, "
                + fileOf(queue, queue.rollCycle().toCycle(index)) + " is damaged here: restore it from a backup (nothing"
                + " is skipped; events before it are loaded)");
    }

    /**
     * At the end of what the tailer can read: the cycle file's header says more events were written than can be
     * read, so the file was cut short or zeroed. (An event its writer died in the middle of is not counted there: the
     * header moves on only when an event is complete.)
     *
     * @return null when everything written has been read
     */
    static BadQueueException unreadableTail(Path dir, SingleChronicleQueue queue, ExcerptTailer tailer) {
        BadQueueException foreign = notAQueueFile(dir);
        if (foreign != null) {
            // Chronicle may stop at such a file as if the queue ended there.
            return foreign;
        }
        long next = tailer.index();
        int cycle = tailer.cycle();
        SingleChronicleQueueStore store = cycle == Integer.MIN_VALUE ? null
                : queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null) {
            return null;
        }
        try {
            long lastWritten = store.lastSequenceNumber((ExcerptContext) tailer);
            long unread = lastWritten - queue.rollCycle().toSequenceNumber(next) + 1;
            if (unread <= 0) {
                return null;
            }
            return new BadQueueException(dir, next, store.file() + " lists " + unread + " more event(s) from this index"
                    + " on, but they cannot be read: the file was cut short or overwritten with zeros here; restore it"
                    + " from a backup, then run again: loading resumes here, nothing is skipped");
        } catch (Exception cannotTell) {
            return null;
        } finally {
            queue.closeStore(store);
        }
    }

    private static String fileOf(SingleChronicleQueue queue, int cycle) {
        try {
            SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            if (store != null) {
                try {
                    return store.file().toString();
                } finally {
                    queue.closeStore(store);
                }
            }
        } catch (RuntimeException unknown) {
            // named by cycle below
        }
        return "the cycle file of cycle " + cycle;
    }

    /** Chronicle's messages may continue with a hex dump on further lines; the first line is the sentence. */
    static String firstLine(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static boolean isQueueFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(CYCLE_SUFFIX) || name.endsWith(METADATA_SUFFIX);
    }

    /** A file created by a process opening the queue or rolling to a new cycle may not have its header yet. */
    private static boolean justWritten(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() > System.currentTimeMillis() - JUST_CREATED_MILLIS;
        } catch (IOException gone) {
            return true;
        }
    }

    /** How a file with a queue file's name starts. */
    private enum FileStart {
        HEADER, EMPTY, HEADER_BEING_WRITTEN, OTHER;

        boolean unfinished() {
            return this == EMPTY || this == HEADER_BEING_WRITTEN;
        }

        static FileStart of(Path file) {
            byte[] start;
            try (InputStream in = Files.newInputStream(file)) {
                start = in.readNBytes(4 + HEADER_START.length);
            } catch (IOException e) {
                return OTHER;
            }
            if (isBlank(start)) {
                return EMPTY;
            }
            if (start.length >= 4 && UnfinishedMetadata.headerBeingWritten(
                    ByteBuffer.wrap(start, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())) {
                return HEADER_BEING_WRITTEN;
            }
            return start.length == 4 + HEADER_START.length
                    && Arrays.equals(start, 4, start.length, HEADER_START, 0, HEADER_START.length) ? HEADER : OTHER;
        }

        private static boolean isBlank(byte[] bytes) {
            for (byte b : bytes) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
