package dev.synclog.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the service remembers between runs, in a directory: the rows each destination accepted
 * ({@code crm.csv}, {@code audience.csv}, same format as the source) and the number of the last run started
 * ({@code last-run}).
 */
public final class SyncState {
    private final Path dir;
    private final Map<String, Contact> crm;
    private final Map<String, Contact> audience;
    private int lastRun;

    private SyncState(Path dir, Map<String, Contact> crm, Map<String, Contact> audience, int lastRun) {
        this.dir = dir;
        this.crm = crm;
        this.audience = audience;
        this.lastRun = lastRun;
    }

    /** An empty state when the directory holds none yet (the first run sends everything). */
    public static SyncState load(Path dir) {
        Path lastRunFile = dir.resolve("last-run");
        try {
            int lastRun = Files.exists(lastRunFile) ? Integer.parseInt(Files.readString(lastRunFile).trim()) : 0;
            return new SyncState(dir, readRows(dir.resolve("crm.csv")), readRows(dir.resolve("audience.csv")), lastRun);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sync state in " + dir, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(lastRunFile + " must hold a run number; delete the state directory "
                    + dir + " to start over", e);
        }
    }

    /** Rows the CRM holds, by id; the caller updates it as batches succeed. */
    public Map<String, Contact> crm() {
        return crm;
    }

    /** Audience members, by id. */
    public Map<String, Contact> audience() {
        return audience;
    }

    public int lastRun() {
        return lastRun;
    }

    /**
     * Takes the next run number and records it at once, so a run that dies half-way is never numbered again
     * (the destinations file their ground truth by this number).
     */
    public int startRun() {
        lastRun++;
        writeAtomically(dir.resolve("last-run"), Integer.toString(lastRun));
        return lastRun;
    }

    /** Saves the rows at the end of a run; a run that dies before leaves the previous state, so it is redone. */
    public void saveRows() {
        ContactCsv.write(dir.resolve("crm.csv"), crm.values());
        ContactCsv.write(dir.resolve("audience.csv"), audience.values());
    }

    private static Map<String, Contact> readRows(Path file) {
        Map<String, Contact> rows = new LinkedHashMap<>();
        if (Files.exists(file)) {
            ContactCsv.read(file).forEach(row -> rows.put(row.id(), row));
        }
        return rows;
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
