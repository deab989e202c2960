package dev.synclog.exporter.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of strings that answers "maybe held" or "certainly not" (a Bloom filter): the row ids of one sync that its
 * snapshot may hold. It needs no size up front: it grows by a segment twice as large as the last, each with 0.8 times
 * the false-positive rate of the one before (a scalable Bloom filter), so that all segments together answer "maybe" for
 * under 1% of absent strings. About 2 bytes a string when its last segment is full, up to 4 just after a new one.
 */
final class KeyFilter {
    private static final int FIRST_SEGMENT_STRINGS = 1 << 16;
    private static final double FIRST_SEGMENT_FALSE_POSITIVES = 0.002;
    /** 0.002 / (1 - 0.8) = 1%. */
    private static final double TIGHTENING = 0.8;

    private final List<Segment> segments = new ArrayList<>();
    private long size;

    boolean mightContain(String s) {
        long h = hash(s);
        for (Segment segment : segments) {
            if (segment.mightContain(h)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether {@code s} was new (a string that was "maybe held" already needs no bits set) */
    boolean add(String s) {
        long h = hash(s);
        for (Segment segment : segments) {
            if (segment.mightContain(h)) {
                return false;
            }
        }
        if (segments.isEmpty() || segments.get(segments.size() - 1).full()) {
            int n = segments.size();
            segments.add(new Segment((long) FIRST_SEGMENT_STRINGS << n,
                    FIRST_SEGMENT_FALSE_POSITIVES * Math.pow(TIGHTENING, n)));
        }
        segments.get(segments.size() - 1).add(h);
        size++;
        return true;
    }

    /** Strings added, not counting those that were "maybe held" already. */
    long size() {
        return size;
    }

    long bytes() {
        return segments.stream().mapToLong(s -> 8L * s.words.length).sum();
    }

    /** FNV-1a over the chars, then MurmurHash3's finaliser: the probes need well-mixed bits. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static final class Segment {
        private final long capacity;
        private final long[] words;
        private final long bits;
        private final int probes;
        private long size;

        Segment(long capacity, double falsePositives) {
            this.capacity = capacity;
            long wanted = (long) Math.ceil(-capacity * Math.log(falsePositives) / (Math.log(2) * Math.log(2)));
            this.words = new long[(int) ((wanted + 63) / 64)];
            this.bits = 64L * words.length;
            this.probes = Math.max(1, (int) Math.round((double) bits / capacity * Math.log(2)));
        }

        boolean full() {
            return size >= capacity;
        }

        void add(long h) {
            for (int i = 0; i < probes; i++) {
                long bit = bit(h, i);
                words[(int) (bit >>> 6)] |= 1L << bit;
            }
            size++;
        }

        boolean mightContain(long h) {
            for (int i = 0; i < probes; i++) {
                long bit = bit(h, i);
                if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** Probe {@code i} from the hash's two halves (Kirsch and Mitzenmacher), onto the bits without a modulo. */
        private long bit(long h, int i) {
            long combined = (h >>> 32) + i * ((h & 0xffffffffL) | 1);
            return ((combined & 0xffffffffL) * bits) >>> 32;
        }
    }
}
