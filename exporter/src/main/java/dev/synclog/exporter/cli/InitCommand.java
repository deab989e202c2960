package dev.synclog.exporter.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import dev.synclog.exporter.warehouse.SchemaMigrator;
import dev.synclog.exporter.warehouse.Warehouse;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create synclog's schema, or migrate it in place to this exporter's version. "
                + "`run` does this too; use init to prepare a warehouse ahead of time.")
public final class InitCommand implements Callable<Integer> {
    @Mixin
    WarehouseOptions warehouse;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Warehouse w = Warehouse.connect(warehouse.url, warehouse.schema)) {
            int version = new SchemaMigrator(w).migrate();
            spec.commandLine().getOut().printf("schema %s in %s is at version %d%n", warehouse.schema,
                    Warehouse.redact(warehouse.url), version);
        }
        return ExitCodes.OK;
    }
}
