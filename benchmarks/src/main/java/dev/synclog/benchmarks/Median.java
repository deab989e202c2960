package dev.synclog.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median of a benchmark's repeated measurements: the middle one, the upper of the two for an even count. */
final class Median {
    private Median() {
    }

    static <T extends Comparable<T>> T of(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
