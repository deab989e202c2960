package dev.synclog.agent.queue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.synclog.events.Utf8Texts;

/**
 * Counts attempts per (sync, row id) within one run. Runs of half a million rows are normal, and every row result
 * looks its row up at a random place, so the table is one array of longs: a 56-bit hash of the row and its count
 * (up to 255) share a slot, and a lookup touches one cache line (8 bytes a slot, 16 a row; a map of strings takes over
 * 100). The rare row tried more than 255 times in a run keeps the rest of its count in a map on the side.
 */
final class AttemptCounter {
    private static final long COUNT_BITS = 0xffL;
    private static final long KEY_BITS = ~COUNT_BITS;
    /** Above every UTF-16 unit and byte: the separator between the sync id and the row id cannot be part of either. */
    private static final int SEPARATOR = 0x10000;

    private long[] slots = new long[1024];
    private int size;
    /** The keys of the rows {@link #next(String, Utf8Texts, int, int[])} numbers, reused from call to call. */
    private long[] keys = new long[128];
    /** Attempts past 255, by key. */
    private final Map<Long, Integer> beyondCountBits = new HashMap<>();

    /** Returns this attempt's number: 1 the first time the row is seen in the run. */
    int next(String syncId, String rowId) {
        if (size * 2 >= slots.length) {
            grow();
        }
        return count(key(syncId, rowId));
    }

    /**
     * Numbers the attempts of a call's rows {@code rowIds[from..]} into {@code numbers[0..]}, as {@link #next} one by
     * one would. The rows' hashes come first, then the lookups in a loop of their own: the lookups' cache misses do not
     * depend on one another, so the processor overlaps them instead of waiting for each in turn.
     */
    void next(String syncId, Utf8Texts rowIds, int from, int[] numbers) {
        int rows = rowIds.size() - from;
        while ((size + rows) * 2 >= slots.length) {
            grow();
        }
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
            slots[slot] = key | 1;
            size++;
            return 1;
        }
        long count = entry & COUNT_BITS;
        if (count < COUNT_BITS) {
            slots[slot] = entry + 1;
            return (int) count + 1;
        }
        return (int) COUNT_BITS + beyondCountBits.merge(key, 1, Integer::sum);
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

    /**
     * The row's hash is FNV-1a over the sync id's UTF-16 units, a separator no unit or byte can equal, then the row
     * id's UTF-8 bytes (as the journal holds them, and the same for a row id read back from the queue), then mixed.
     * Collisions at 2^-56 per pair (under 10^-5 in a run of a million rows) are accepted.
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
