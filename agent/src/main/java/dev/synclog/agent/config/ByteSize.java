package dev.synclog.agent.config;

import java.util.Locale;

/** Sizes written for people: {@code 8MiB}, {@code 256 MB}, {@code 1048576}. */
final class ByteSize {
    private ByteSize() {
    }

    /** @throws IllegalArgumentException when the text is not a non-negative size */
    static long parse(String text) {
        String t = text.trim();
        int digitsEnd = 0;
        while (digitsEnd < t.length() && Character.isDigit(t.charAt(digitsEnd))) {
            digitsEnd++;
        }
        if (digitsEnd == 0) {
            throw new IllegalArgumentException(text);
        }
        long number = Long.parseLong(t.substring(0, digitsEnd));
        String unit = t.substring(digitsEnd).trim().toLowerCase(Locale.ROOT);
        long multiplier;
        switch (unit) {
            case "": case "b": multiplier = 1; break;
            case "kb": multiplier = 1_000L; break;
            case "kib": multiplier = 1L << 10; break;
            case "mb": multiplier = 1_000_000L; break;
            case "mib": multiplier = 1L << 20; break;
            case "gb": multiplier = 1_000_000_000L; break;
            case "gib": multiplier = 1L << 30; break;
            default: throw new IllegalArgumentException(text);
        }
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
