package dev.synclog.agent.queue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.synclog.events.Utf8Texts;

/**
 * Counts attempts per (sync, row id) within one run. Runs of half a million rows are normal, and every row result
 * looks its row up at a random place, so the table is one array of longs: a 56-bit hash of the row and its count
 * (up to 255) share a slot, and a lookup touches one cache line (8 bytes a slot, 16 a row; a map of strings takes over
 * 100). The rare row tried more than 255 times keeps the rest of its count in a map on the side.
 *
 * <p>A run without a run method is the life of the process: a service sending new rows all day must not grow the
 * app's heap with every one. So the table remembers a window of recent rows, in two generations of at most
 * {@code window} rows each: when the current one is full it becomes the previous one (the one before is dropped, its
 * array reused), and a row missing from the current one is looked up in the previous one and its count carried
 * over. A row retried before {@code window} other rows were tried since its last attempt keeps its count; a run of
 * at most {@code window} rows is counted exactly; a row that comes back after longer counts from 1 again.
 */
final class AttemptCounter {
    private static final long COUNT_BITS = 0xffL;
    private static final long KEY_BITS = ~COUNT_BITS;
    /** Above every UTF-16 unit and byte: the separator between the sync id and the row id cannot be part of either. */
    private static final int SEPARATOR = 0x10000;
    private static final int FIRST_LENGTH = 1024;

    private final int window;
    /** The current generation's table's largest length: under half full with {@link #window} rows. */
    private final int maxLength;
    private long[] slots;
    private int size;
    /** The generation before, null until the first one filled. */
    private long[] previous;
    /** The keys of the rows {@link #next(String, Utf8Texts, int, int[])} numbers, reused from call to call. */
    private long[] keys = new long[128];
    /** Attempts past 255, by key: only of rows in either generation. */
    private final Map<Long, Integer> beyondCountBits = new HashMap<>();

    /** @param window how many distinct rows a generation holds, at least 1 */
    AttemptCounter(int window) {
        if (window < 1 || window > 1 << 28) {
            throw new IllegalArgumentException("an attempt window of " + window + " rows is out of 1.." + (1 << 28));
        }
        this.window = window;
        this.maxLength = Integer.highestOneBit(2 * window) << 1;
        this.slots = new long[Math.min(FIRST_LENGTH, maxLength)];
    }

    /** Returns this attempt's number: 1 the first time the row is seen in the run. */
    int next(String syncId, String rowId) {
        growFor(1);
        return count(key(syncId, rowId));
    }

    /**
     * Numbers the attempts of a call's rows {@code rowIds[from..]} into {@code numbers[0..]}, as {@link #next} one by
     * one would. The rows' hashes come first, then the lookups in a loop of their own: the lookups' cache misses do not
     * depend on one another, so the processor overlaps them instead of waiting for each in turn.
     */
    void next(String syncId, Utf8Texts rowIds, int from, int[] numbers) {
        int rows = rowIds.size() - from;
        growFor(rows);
        if (keys.length < rows) {
            keys = new long[Math.max(rows, keys.length * 2)];
        }
        long syncHash = syncHash(syncId);
        byte[] bytes = rowIds.bytes();
        for (int i = 0; i < rows; i++) {
            keys[i] = key(fnv(syncHash, bytes, rowIds.start(from + i), rowIds.length(from + i)));
        }
        for (int i = 0; i < rows; i++) {
            numbers[i] = count(keys[i]);
        }
    }

    /**
     * Counts an attempt met reading the run backwards from its end (what a dead agent wrote): the window is to hold
     * the run's latest rows, so once it is full, a row not in it is older than all of them and is left out. Only on
     * a counter that has counted nothing else.
     */
    void countEarlier(String syncId, String rowId) {
        growFor(1);
        long key = key(syncId, rowId);
        if (size < window || slots[slot(slots, key)] != 0) {
            count(key);
        }
    }

    /** Under half full after {@code rows} more, or as large as a generation gets (a full one starts the next). */
    private void growFor(int rows) {
        while ((long) (size + rows) * 2 >= slots.length && slots.length < maxLength) {
            grow();
        }
    }

    private static long key(String syncId, String rowId) {
        byte[] utf8 = rowId.getBytes(StandardCharsets.UTF_8);
        return key(fnv(syncHash(syncId), utf8, 0, utf8.length));
    }

    private static long key(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        long key = h & KEY_BITS;
        return key == 0 ? COUNT_BITS + 1 : key;
    }

    private int count(long key) {
        int slot = slot(slots, key);
        long entry = slots[slot];
        if (entry == 0) {
            return add(slot, key);
        }
        long count = entry & COUNT_BITS;
        if (count < COUNT_BITS) {
            slots[slot] = entry + 1;
            return (int) count + 1;
        }
        return (int) COUNT_BITS + beyondCountBits.merge(key, 1, Integer::sum);
    }

    /**
     * A row not in the current generation: new, or carried over from the previous one with its count (read before a
     * full generation makes way, which drops the previous one and the counts past 255 of its rows).
     */
    private int add(int slot, long key) {
        long carried = previous == null ? 0 : previous[slot(previous, key)] & COUNT_BITS;
        Integer beyond = carried == COUNT_BITS ? beyondCountBits.get(key) : null;
        if (size == window) {
            nextGeneration();
            slot = slot(slots, key);
        }
        size++;
        if (carried == COUNT_BITS) {
            int past = beyond == null ? 1 : beyond + 1;
            beyondCountBits.put(key, past);
            slots[slot] = key | COUNT_BITS;
            return (int) COUNT_BITS + past;
        }
        slots[slot] = key | (carried + 1);
        return (int) carried + 1;
    }

    /**
     * The full current generation becomes the previous one; the new one reuses the array of the one dropped, at the
     * full length so that the rest of a call's rows fit without growing. Counts past 255 of dropped rows go too.
     */
    private void nextGeneration() {
        long[] dropped = previous;
        previous = slots;
        if (dropped == null) {
            slots = new long[maxLength];
        } else {
            Arrays.fill(dropped, 0);
            slots = dropped;
        }
        size = 0;
        beyondCountBits.keySet().removeIf(key -> previous[slot(previous, key)] == 0);
    }

    private static int slot(long[] table, long key) {
        int mask = table.length - 1;
        int i = (int) (key >>> 32 ^ key >>> 8) & mask;
        while (table[i] != 0 && (table[i] & KEY_BITS) != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long entry : old) {
            if (entry != 0) {
                slots[slot(slots, entry & KEY_BITS)] = entry;
            }
        }
    }

    /** The current generation's table length, for tests of its bound. */
    int tableLength() {
        return slots.length;
    }

    /** How many rows keep counts past 255, for tests of its bound. */
    int rowsBeyondCountBits() {
        return beyondCountBits.size();
    }

    /**
     * The row's hash is FNV-1a over the sync id's UTF-16 units, a separator no unit or byte can equal, then the row
     * id's UTF-8 bytes (as the journal holds them, and the same for a row id read back from the queue), then mixed.
     * Collisions at 2^-56 per pair (under 10^-5 in a window of a million rows) are accepted.
     */
    private static long syncHash(String syncId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < syncId.length(); i++) {
            h = (h ^ syncId.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ SEPARATOR) * 0x100000001b3L;
    }

    private static long fnv(long h, byte[] bytes, int start, int length) {
        for (int i = start; i < start + length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
