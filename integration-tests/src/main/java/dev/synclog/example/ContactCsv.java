package dev.synclog.example;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code contacts} table as a CSV file: {@code id,email,first_name,last_name,plan,age,in_audience}.
 * Values never hold commas or quotes (the generator makes sure), so no quoting is needed; a file that breaks
 * this is rejected with its name and line rather than read wrongly.
 */
public final class ContactCsv {
    public static final String HEADER = "id,email,first_name,last_name,plan,age,in_audience";

    private ContactCsv() {
    }

    /** Rows in file order (the order the service sends them in). */
    public static List<Contact> read(Path file) {
        List<Contact> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalArgumentException(file + ":1: expected the header '" + HEADER + "', found '"
                        + header + "'");
            }
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    rows.add(parse(file, lineNumber, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contacts table " + file, e);
        }
        return rows;
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a table. */
    public static void write(Path file, Collection<Contact> rows) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.newLine();
                for (Contact c : rows) {
                    out.write(format(c));
                    out.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the contacts table " + file, e);
        }
    }

    private static Contact parse(Path file, int lineNumber, String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": expected 7 comma-separated values ("
                    + HEADER + "), found " + f.length + "; values must not contain commas");
        }
        try {
            return new Contact(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), parseFlag(f[6]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private static boolean parseFlag(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("in_audience must be true or false, found '" + value + "'");
        };
    }

    private static String format(Contact c) {
        return String.join(",", c.id(), c.email(), c.firstName(), c.lastName(), c.plan(),
                Integer.toString(c.age()), Boolean.toString(c.inAudience()));
    }
}
