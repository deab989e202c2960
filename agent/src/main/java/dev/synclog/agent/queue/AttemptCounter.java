package dev.synclog.agent.queue;

import java.nio.charset.StandardCharsets;

/**
 * Counts attempts per (sync, row id) within one run. Runs of half a million rows are normal, so keys are
 * 64-bit hashes in an open-addressing table (12 bytes a row) rather than a map of strings (over 100).
 */
final class AttemptCounter {
    private long[] keys = new long[1024];
    private int[] counts = new int[1024];
    private int size;

    /** Returns this attempt's number: 1 the first time the row is seen in the run. */
    int next(String syncId, String rowId) {
        long key = hash(syncId, rowId);
        if (key == 0) {
            key = 1;
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        int slot = slot(keys, key);
        if (keys[slot] == 0) {
            keys[slot] = key;
            size++;
        }
        return ++counts[slot];
    }

    private static int slot(long[] table, long key) {
        int mask = table.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (table[i] != 0 && table[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    /** FNV-1a over both strings with a separator, then mixed; collisions at 2^-64 per pair are accepted. */
    private static long hash(String syncId, String rowId) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, syncId.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0xff) * 0x100000001b3L;
        h = fnv(h, rowId.getBytes(StandardCharsets.UTF_8));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
