package dev.synclog.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The exporter sidecar's command line, with its default batch settings (those are what users get). */
final class ExporterCommand {
    private ExporterCommand() {
    }

    /** {@code run} into {@code schema} of the warehouse: continuous, or {@code --once} to drain and exit. */
    static List<String> run(Repository repository, Path queue, String warehouseUrl, String schema, boolean once) {
        List<String> args = new ArrayList<>(List.of("-jar", repository.exporterJar().toString(), "run",
                "--queue", queue.toString(), "--warehouse", warehouseUrl, "--schema", schema));
        if (once) {
            args.add("--once");
        }
        return Forked.java(args);
    }
}
