package dev.synclog.exporter.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process with a DuckDB file open, which is what takes DuckDB's file lock: a query tool or a notebook someone
 * left open on the exporter's warehouse. {@link #hold} forks it; it prints {@value #HOLDING} once the connection is
 * open and keeps it until its stdin closes ({@link Held#close}).
 */
public final class DuckDbLockHolder {
    static final String HOLDING = "holding the DuckDB file";

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            c.createStatement().execute("SELECT 1");
            System.out.println(HOLDING);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our stdin (or dies)
            }
        }
    }

    /** Starts a JVM holding {@code file} open and returns once it does. */
    public static Held hold(Path file) throws IOException, InterruptedException {
        String classPath = String.join(File.pathSeparator, List.of(locationOf(DuckDbLockHolder.class),
                locationOf(org.duckdb.DuckDBDriver.class)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, DuckDbLockHolder.class.getName(), file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
        if (!HOLDING.equals(line)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the lock holder did not open " + file + ": " + line);
        }
        return new Held(process);
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The holding process; closing it releases the file and waits for the process to end. */
    public record Held(Process process) implements AutoCloseable {
        public long pid() {
            return process.pid();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private DuckDbLockHolder() {
    }
}
