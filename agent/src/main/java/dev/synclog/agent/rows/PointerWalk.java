package dev.synclog.agent.rows;

/**
 * {@link StreamPath}'s walk for {@link AsciiJsonScanner}: descends a value as far as some JSON pointers lead, handing
 * each value on the way to a visitor and skipping the containers no pointer leads into. Where the walk is, is a bit
 * mask of the pointers still in line with it (bit {@code p} for {@code pointers[p]}), so that matching a name costs
 * only the pointers that can still match, and nothing is allocated.
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
    }

    private final AsciiJsonScanner scanner;
    private final StreamPath.Pointer[] pointers;
    private final Visitor visitor;

    /** @param pointers up to 31; a null one never matches */
    PointerWalk(AsciiJsonScanner scanner, Visitor visitor, StreamPath.Pointer... pointers) {
        this.scanner = scanner;
        this.visitor = visitor;
        this.pointers = pointers;
    }

    /** The mask of all the (non-null) pointers: where a walk from the top starts. */
    int all() {
        int mask = 0;
        for (int p = 0; p < pointers.length; p++) {
            mask |= pointers[p] == null ? 0 : 1 << p;
        }
        return mask;
    }

    /** {@code pointers[p]} names the value at {@code depth}. */
    boolean at(int inLine, int depth, int p) {
        return (inLine & 1 << p) != 0 && pointers[p].length() == depth;
    }

    /** {@code pointers[p]} leads into the value at {@code depth}. */
    boolean leadsTo(int inLine, int depth, int p) {
        return (inLine & 1 << p) != 0 && pointers[p].length() > depth;
    }

    StreamPath.Pointer pointer(int p) {
        return pointers[p];
    }

    int count() {
        return pointers.length;
    }

    /** Walks the value the scanner is at: the visitor's, else entered when a pointer leads into it, else skipped. */
    void value(int depth, int inLine) {
        if (!visitor.visit(depth, inLine)) {
            enterOrSkip(depth, inLine);
        }
    }

    /** Enters the value the scanner is at when a pointer leads into it, else skips it. */
    void enterOrSkip(int depth, int inLine) {
        byte first = scanner.next();
        boolean leads = leadsInto(depth, inLine);
        if (first == '{' && leads) {
            object(depth, inLine);
        } else if (first == '[' && leads) {
            array(depth, inLine);
        } else {
            scanner.skipValue(depth);
        }
    }

    private boolean leadsInto(int depth, int inLine) {
        for (int p = 0; p < pointers.length; p++) {
            if (leadsTo(inLine, depth, p)) {
                return true;
            }
        }
        return false;
    }

    private void object(int depth, int inLine) {
        if (scanner.opensEmpty(depth, '}')) {
            return;
        }
        do {
            int name = scanner.name();
            value(depth + 1, byName(depth, inLine, name));
        } while (scanner.more('}'));
    }

    private void array(int depth, int inLine) {
        if (scanner.opensEmpty(depth, ']')) {
            return;
        }
        int index = 0;
        do {
            value(depth + 1, byIndex(depth, inLine, index++));
        } while (scanner.more(']'));
    }

    /** The pointers in line with the property named at {@code name} of the object at {@code depth}. */
    private int byName(int depth, int inLine, int name) {
        int mask = 0;
        for (int p = 0; p < pointers.length; p++) {
            if (leadsTo(inLine, depth, p) && scanner.nameIs(name, pointers[p].names()[depth])) {
                mask |= 1 << p;
            }
        }
        return mask;
    }

    private int byIndex(int depth, int inLine, int index) {
        int mask = 0;
        for (int p = 0; p < pointers.length; p++) {
            if (leadsTo(inLine, depth, p) && pointers[p].indexes()[depth] == index) {
                mask |= 1 << p;
            }
        }
        return mask;
    }
}
