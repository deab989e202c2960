package dev.synclog.exporter.support;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

import dev.synclog.exporter.ExporterMain;

/** Runs the exporter's command line in this JVM and captures what it prints. */
public final class Cli {
    public record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ExporterMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    public static void runOnce(String queueDir, String url, String schema, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--once", "--queue", queueDir,
                "--warehouse", url, "--schema", schema));
        args.addAll(java.util.List.of(more));
        Result r = run(args.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new AssertionError("exporter exited " + r.exitCode() + ": " + r.err());
        }
    }
}
