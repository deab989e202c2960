package dev.synclog.agent.queue;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.synclog.events.OwnerOnly;

/**
 * A journal segment's appends, into a shared mapping of its file: a thread claims a record's place, copies the
 * record in, then commits it. No lock and no system call: the bytes are the kernel's page cache as soon as they are
 * copied, so a kill -9 of the process loses no committed record, as after a {@code write}.
 *
 * <p>The layout, read by {@link JournalFile}: records ({@link JournalFormat}) one after the other, each at an 8-byte
 * boundary. The claim is a compare-and-set of the record's length word from 0 (nothing claimed here) to the payload's
 * length: the word that claims the place also says how long it is, so the place of the next record is known even
 * when this one never gets committed. The checksum word is stored last, with release semantics: a reader that sees it
 * (acquire) sees the whole payload. A record claimed and not committed when its process died (a torn append) fails
 * its checksum and is skipped by its length; committed records after it are still read. {@link #END} in a length word
 * closes the segment: no record is claimed after it. A failed copy turns the length negative: skipped, never waited for.
 *
 * <p>The file is written out whole with zeros before it is mapped. A mapped page that the file system cannot
 * allocate raises SIGBUS in the thread that touches it, and that thread is the app's: a full disk must fail the
 * making of a segment (the calls are dropped and counted), never a copy into one.
 */
final class MappedSegment {
    static final int ALIGNMENT = 8;
    /** A length word that ends the segment. */
    static final int END = Integer.MIN_VALUE;
    /** The length and checksum words, read and written with memory ordering; big-endian, as {@link JournalFormat}. */
    static final VarHandle WORDS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int ZEROS_BYTES = 1 << 20;

    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private final JournalSegment segment;
    private final MappedByteBuffer map;
    /** Where the next claim is likely to succeed: every record before it is claimed. A hint, only ever too low. */
    private final AtomicInteger tail = new AtomicInteger();
    /** Threads inside {@link #append}: the mapping is released only when none is. */
    private final AtomicInteger appending = new AtomicInteger();
    private volatile boolean retired;
    private final AtomicBoolean released = new AtomicBoolean();

    private MappedSegment(JournalSegment segment, MappedByteBuffer map) {
        this.segment = segment;
        this.map = map;
    }

    /** Makes the segment's file and maps it ({@link #allocate}). */
    static MappedSegment create(JournalSegment segment, long bytes) throws IOException {
        return new MappedSegment(segment, allocate(segment.path(), bytes));
    }

    /** Appends into {@code map}, of a file made by {@link #allocate} and named {@code segment}'s since. */
    static MappedSegment over(JournalSegment segment, MappedByteBuffer map) {
        return new MappedSegment(segment, map);
    }

    /**
     * Makes {@code file}, owner-only, {@code bytes} long (rounded up to the alignment) and every block of it allocated,
     * then maps it. On failure (a full disk fails the writing of zeros) nothing is left behind.
     */
    static MappedByteBuffer allocate(Path file, long bytes) throws IOException {
        int capacity = Math.toIntExact(slotBytes(bytes));
        FileChannel channel = OwnerOnly.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try (channel) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(capacity, ZEROS_BYTES));
            for (long at = 0; at < capacity; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - at));
                at += channel.write(zeros, at);
            }
            // The mapping outlives the channel, until close().
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** The bytes a record of {@code recordBytes} (header included) takes: it and the padding to the next boundary. */
    static long slotBytes(long recordBytes) {
        return (recordBytes + ALIGNMENT - 1) & -ALIGNMENT;
    }

    JournalSegment segment() {
        return segment;
    }

    /** Where the next segment starts in the journal. */
    long end() {
        return segment.base() + map.capacity();
    }

    /**
     * Claims the place of {@code record} (header included, its checksum already computed) and copies it there;
     * false when the segment is closed or has no room left for it (a smaller record may still fit).
     */
    boolean append(ByteBuffer record) {
        appending.incrementAndGet();
        try {
            return !retired && copy(record);
        } finally {
            if (appending.decrementAndGet() == 0 && retired) {
                release();
            }
        }
    }

    private boolean copy(ByteBuffer record) {
        int length = record.remaining();
        int at = claim(length, false);
        if (at < 0) {
            return false;
        }
        boolean copied = false;
        try {
            map.put(at + JournalFormat.HEADER, record.array(), record.arrayOffset() + record.position()
                    + JournalFormat.HEADER, length - JournalFormat.HEADER);
            WORDS.setRelease(map, at + 4, record.getInt(record.position() + 4));
            copied = true;
        } finally {
            if (!copied) {
                WORDS.setRelease(map, at, JournalFormat.HEADER - length);
            }
        }
        return true;
    }

    /**
     * Where the record of {@code length} bytes goes, its length word set; -1 when it does not fit, or the segment is
     * closed. With {@code close}, a record that does not fit closes the segment where claims end.
     */
    private int claim(int length, boolean close) {
        long slot = slotBytes(length);
        int at = tail.get();
        while (at < map.capacity()) {
            int word = (int) WORDS.getAcquire(map, at);
            if (word == END) {
                return -1;
            }
            if (word != 0) {
                at += (int) slotBytes(JournalFormat.HEADER + (long) Math.abs(word));
            } else if (at + slot > map.capacity()) {
                if (!close || WORDS.compareAndSet(map, at, 0, END)) {
                    return -1;
                }
            } else if (WORDS.compareAndSet(map, at, 0, length - JournalFormat.HEADER)) {
                int seen = tail.get();
                if (seen < at + slot) {
                    tail.compareAndSet(seen, at + (int) slot);
                }
                return at;
            }
        }
        return -1;
    }

    /**
     * Ends the segment where its claims end, then lets its mapping go as soon as no thread is inside {@link #append}
     * (the last one out releases it): a deleted segment's blocks and pages are freed then, not when the JVM collects
     * the mapping. A thread that enters after sees it retired and never touches the mapping.
     */
    void close() {
        // A record that fits in no segment
        claim(Integer.MAX_VALUE, true);
        retired = true;
        if (appending.get() == 0) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            unmap(map);
        }
    }

    /**
     * Unmaps {@code mapping} now; no thread may touch it after. Where the JDK does not let it ({@code sun.misc.Unsafe}
     * missing), the mapping goes when it is collected.
     */
    static void unmap(ByteBuffer mapping) {
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invokeExact(mapping);
            } catch (Throwable e) {
                // left to the collector
            }
        }
    }

    /** Java 17 has no public unmap; the JDK's {@code sun.misc.Unsafe.invokeCleaner} is the one that does it. */
    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class)).bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
