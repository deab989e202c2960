package dev.synclog.agent.rows;

/**
 * {@link StreamPath}'s walk for {@link AsciiJsonScanner}: descends a value as far as some JSON pointers lead, handing
 * each value on the way to a visitor and skipping the containers no pointer leads into. Where the walk is, is a bit
 * mask of the pointers still in line with it (bit {@code p} for {@code pointers[p]}), so that matching a name costs
 * only the pointers that can still match, and nothing is allocated. A loop over its own stack, not a recursion, so
 * that the JIT compiles one small graph rather than inline copies of itself.
 */
final class PointerWalk {

    /** What a walk does with each value it meets. */
    interface Visitor {
        /**
         * Reads the value the scanner is at to its end when it is one wanted, and says so; false lets the walk go on.
         *
         * @param depth how many containers of the walked value hold this one
         * @param inLine the pointers in line with this value: at it or leading into it
         */
        boolean visit(int depth, int inLine);

        /** A value the visitor left to the walk has ended, entered or skipped: the scanner is just past it. */
        default void ended(int depth) {
        }
    }

    private final AsciiJsonScanner scanner;
    private final StreamPath.Pointer[] pointers;
    /** Each pointer's length (steps), read at every value the walk meets. */
    private final int[] lengths;
    /** The mask of all the (non-null) pointers. */
    private final int all;
    private final Visitor visitor;
    /**
     * For each container the walk is in, by depth: the pointers in line with it, and the index of its element. The
     * walk enters only what a pointer leads into, so it is never deeper than the longest pointer.
     */
    private final int[] inLineAt;
    private final int[] indexAt;
    /**
     * By depth: the pointers whose step there is {@code *}, in line with an object's first member only; null when no
     * pointer has one, so that a walk without them allocates nothing more (a walk is made a call).
     */
    private final int[] anyNameAt;
    /** Bit k set: the container at depth k is an object. */
    private long objects;

    /** @param pointers up to 31; a null one never matches */
    PointerWalk(AsciiJsonScanner scanner, Visitor visitor, StreamPath.Pointer... pointers) {
        this.scanner = scanner;
        this.visitor = visitor;
        this.pointers = pointers;
        this.lengths = new int[pointers.length];
        int longest = 0;
        int all = 0;
        for (int p = 0; p < pointers.length; p++) {
            if (pointers[p] != null) {
                lengths[p] = pointers[p].length();
                longest = Math.max(longest, lengths[p]);
                all |= 1 << p;
            }
        }
        this.all = all;
        this.inLineAt = new int[longest];
        this.indexAt = new int[longest];
        int[] anyNameAt = null;
        for (int p = 0; p < pointers.length; p++) {
            for (int k = 0; k < lengths[p]; k++) {
                if (pointers[p].anyName()[k]) {
                    anyNameAt = anyNameAt == null ? new int[longest] : anyNameAt;
                    anyNameAt[k] |= 1 << p;
                }
            }
        }
        this.anyNameAt = anyNameAt;
    }

    /** The mask of all the (non-null) pointers: where a walk from the top starts. */
    int all() {
        return all;
    }

    /** {@code pointers[p]} names the value at {@code depth}. */
    boolean at(int inLine, int depth, int p) {
        return (inLine & 1 << p) != 0 && lengths[p] == depth;
    }

    /** {@code pointers[p]} leads into the value at {@code depth}. */
    boolean leadsTo(int inLine, int depth, int p) {
        return (inLine & 1 << p) != 0 && lengths[p] > depth;
    }

    StreamPath.Pointer pointer(int p) {
        return pointers[p];
    }

    /** Walks the value the scanner is at, as depth 0, from all the pointers. */
    void walk() {
        int depth = 0;
        int inLine = all;
        while (true) {
            if (!visitor.visit(depth, inLine)) {
                if (entered(depth, inLine)) {
                    inLine = firstInLine(depth++);
                    continue;
                }
                visitor.ended(depth);
            }
            while (depth > 0 && !scanner.more(closer(depth - 1))) {
                visitor.ended(--depth);
            }
            if (depth == 0) {
                return;
            }
            inLine = nextInLine(depth - 1);
        }
    }

    /** Enters the value here when a pointer leads into it and it has elements; else moves past it. */
    private boolean entered(int depth, int inLine) {
        byte first = scanner.next();
        if (first != '{' && first != '[' || !leadsInto(depth, inLine)) {
            scanner.skipValue(depth);
            return false;
        }
        boolean object = first == '{';
        if (scanner.opensEmpty(depth, object ? '}' : ']')) {
            return false;
        }
        objects = object ? objects | 1L << depth : objects & ~(1L << depth);
        inLineAt[depth] = inLine;
        indexAt[depth] = 0;
        return true;
    }

    private char closer(int depth) {
        return (objects & 1L << depth) != 0 ? '}' : ']';
    }

    /** The pointers in line with the first element of the container at {@code depth}. */
    private int firstInLine(int depth) {
        return (objects & 1L << depth) != 0 ? byName(depth, inLineAt[depth], scanner.name(), true)
                : byIndex(depth, inLineAt[depth], 0);
    }

    /** The pointers in line with the next element of the container at {@code depth}, past the comma. */
    private int nextInLine(int depth) {
        return (objects & 1L << depth) != 0 ? byName(depth, inLineAt[depth], scanner.name(), false)
                : byIndex(depth, inLineAt[depth], ++indexAt[depth]);
    }

    private boolean leadsInto(int depth, int inLine) {
        for (int bits = inLine; bits != 0; bits &= bits - 1) {
            if (lengths[Integer.numberOfTrailingZeros(bits)] > depth) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pointers in line with the property named at {@code name} of the object at {@code depth}; a {@code *} step is
     * in line with the {@code first} property alone.
     */
    private int byName(int depth, int inLine, int name, boolean first) {
        int anyName = anyNameAt == null ? 0 : anyNameAt[depth] & inLine;
        int mask = first ? anyName : 0;
        for (int bits = inLine & ~anyName; bits != 0; bits &= bits - 1) {
            int p = Integer.numberOfTrailingZeros(bits);
            if (lengths[p] > depth && scanner.nameIs(name, pointers[p].asciiNames()[depth])) {
                mask |= 1 << p;
            }
        }
        return mask;
    }

    private int byIndex(int depth, int inLine, int index) {
        int mask = 0;
        for (int bits = inLine; bits != 0; bits &= bits - 1) {
            int p = Integer.numberOfTrailingZeros(bits);
            if (lengths[p] > depth && pointers[p].indexes()[depth] == index) {
                mask |= 1 << p;
            }
        }
        return mask;
    }
}
