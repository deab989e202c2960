package dev.synclog.exporter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.synclog.exporter.queue.EventJson;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print a queue's events as JSON lines, for debugging. Does not move any read position.")
public final class DumpCommand implements Callable<Integer> {
    @Option(names = "--queue", required = true, paramLabel = "DIR", description = "The agent's queue directory.")
    Path queue;

    @Option(names = "--from", paramLabel = "INDEX", defaultValue = "-1",
            description = "Start at this queue index (as printed in `index`); default: the first event.")
    long from;

    @Option(names = "--limit", defaultValue = "" + Long.MAX_VALUE, description = "Print at most this many events.")
    long limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        new EventJson().dump(queue, from, limit, spec.commandLine().getOut(), spec.commandLine().getErr());
        return ExitCodes.OK;
    }
}
