package dev.synclog.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The scenario of the README played with real processes: destination servers, the source table changed before
 * each run (a copy of each run's table is kept), and the sync service with the agent writing to one queue.
 */
final class Scenario implements AutoCloseable {
    static final long SEED = 42;
    static final String TOKEN = "demo-token";

    final Path dir;
    final Path queue;
    final Path source;
    final Destinations destinations;

    private Scenario(Path dir, Destinations destinations) {
        this.dir = dir;
        this.queue = dir.resolve("queue");
        this.source = dir.resolve("contacts.csv");
        this.destinations = destinations;
    }

    static Scenario start(Path dir) throws Exception {
        return new Scenario(dir, Destinations.start(dir, TOKEN));
    }

    /** Changes the source table as before run {@code run} ({@code rows} is used by run 1 only), keeping a copy. */
    void prepareSource(int run, int rows) throws Exception {
        String[] arguments = {"--source", source.toString(), "--run", Integer.toString(run), "--seed", Long.toString(SEED)};
        if (run == 1) {
            arguments = java.util.stream.Stream.concat(java.util.Arrays.stream(arguments),
                    java.util.stream.Stream.of("--rows", Integer.toString(rows))).toArray(String[]::new);
        }
        JavaProcess.start(dir, SourceMutator.class.getName(), arguments).awaitSuccess(60);
        Files.copy(source, sourceOfRun(run), StandardCopyOption.REPLACE_EXISTING);
    }

    Path sourceOfRun(int run) {
        return dir.resolve("contacts-run-" + run + ".csv");
    }

    /** One service process doing one run, with the agent. */
    JavaProcess startRun() throws IOException {
        return startRun(List.of());
    }

    /** As above, with JVM options for the service (e.g. the agent's debug lines). */
    JavaProcess startRun(List<String> jvmOptions) throws IOException {
        return SyncService.start(dir, queue, destinations.portFile, source, jvmOptions, "--runs", "1");
    }

    void awaitQueue(JavaProcess writer) throws Exception {
        Path sourceId = queue.resolve("synclog-source-id");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(sourceId)) {
            if (!writer.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the agent did not create its queue " + queue + "\n" + writer.output());
            }
            Thread.sleep(50);
        }
    }

    GroundTruth groundTruth() throws Exception {
        return GroundTruth.of(destinations);
    }

    @Override
    public void close() throws Exception {
        destinations.close();
    }
}
