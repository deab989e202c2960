package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonPointer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a streaming parser is, as the names and indexes from the root of the value being read, to match JSON pointers
 * against without building a tree. Call {@link #value} on every value token, {@link #name} on every field name,
 * {@link #enter} after a container's start and {@link #exit} on its end.
 */
final class StreamPath {
    private String[] names = new String[8];
    private int[] indexes = new int[8];
    private boolean[] inArray = new boolean[8];
    private int depth;

    /** A JSON pointer as steps: at step k, a property name or an array index (-1 when it cannot be one). */
    record Pointer(String[] names, int[] indexes) {
        /** Null for null: an optional pointer stays absent. */
        static Pointer of(JsonPointer pointer) {
            if (pointer == null) {
                return null;
            }
            List<String> names = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
                names.add(step.getMatchingProperty());
                indexes.add(step.getMatchingIndex());
            }
            return new Pointer(names.toArray(String[]::new), indexes.stream().mapToInt(Integer::intValue).toArray());
        }

        int length() {
            return names.length;
        }
    }

    void reset() {
        depth = 0;
    }

    int depth() {
        return depth;
    }

    /** A value starts here: inside an array it is the next element. */
    void value() {
        if (depth > 0 && inArray[depth - 1]) {
            indexes[depth - 1]++;
        }
    }

    void name(String name) {
        names[depth - 1] = name;
    }

    void enter(boolean array) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
            inArray = Arrays.copyOf(inArray, depth * 2);
        }
        inArray[depth] = array;
        indexes[depth] = -1;
        names[depth] = null;
        depth++;
    }

    void exit() {
        depth--;
    }

    /** The current value is the one {@code pointer} names. */
    boolean at(Pointer pointer) {
        return pointer != null && pointer.length() == depth && leadsAlong(pointer);
    }

    /** The value {@code pointer} names may lie inside the current one. */
    boolean leadsTo(Pointer pointer) {
        return pointer != null && pointer.length() > depth && leadsAlong(pointer);
    }

    private boolean leadsAlong(Pointer pointer) {
        for (int k = 0; k < depth; k++) {
            if (inArray[k] ? pointer.indexes()[k] != indexes[k] : !pointer.names()[k].equals(names[k])) {
                return false;
            }
        }
        return true;
    }
}
