package dev.synclog.exporter;

import java.util.TimeZone;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.synclog.exporter.cli.DumpCommand;
import dev.synclog.exporter.cli.ExitCodes;
import dev.synclog.exporter.cli.InitCommand;
import dev.synclog.exporter.cli.RunCommand;
import dev.synclog.exporter.cli.StatusCommand;

@Command(name = "synclog-exporter", mixinStandardHelpOptions = true, versionProvider = ExporterMain.Version.class,
        description = "Loads synclog agent queues into warehouse tables (sync_runs, sync_changelog, sync_snapshot).",
        subcommands = {RunCommand.class, StatusCommand.class, DumpCommand.class, InitCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (--once drained the queues; status found a running exporter)",
                "1:warehouse error that retrying cannot fix",
                "2:bad command line",
                "3:bad queue: not a synclog queue, damaged, not readable by this user, or an event this exporter cannot read",
                "4:status: no exporter has published a status for this queue, or it is not running"})
public final class ExporterMain {

    public static void main(String[] args) {
        // Before any Chronicle class loads: no usage reporting, no banner, and no ./system.properties
        // read into this JVM's properties.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("system.properties", "/nonexistent/synclog.system.properties");
        // Warehouse timestamps are UTC; the JDBC drivers interpret them in the JVM's zone.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ExporterMain());
        cl.setExecutionExceptionHandler(ExitCodes::handle);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ExporterMain.class.getPackage().getImplementationVersion();
            return new String[] {"synclog-exporter " + (v == null ? "dev" : v)};
        }
    }
}
