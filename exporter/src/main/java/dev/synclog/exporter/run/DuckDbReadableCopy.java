package dev.synclog.exporter.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;

import dev.synclog.exporter.warehouse.Warehouse;

/**
 * DuckDB lets one process open a database file, so nobody can query the exporter's file while it runs. The
 * exporter therefore publishes a copy between batches; readers open the copy (read-only) and see the data as
 * of the last publish. The copy is written beside the target and renamed over it, so it is always whole.
 */
final class DuckDbReadableCopy {
    private static final String ALIAS = "synclog_readable_copy";
    private final Path target;

    DuckDbReadableCopy(Path target) {
        this.target = target.toAbsolutePath();
    }

    void publish(Warehouse warehouse) throws SQLException, IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".wal"));
        // ATTACH and DETACH cannot run inside the loader's transactions.
        warehouse.connection().setAutoCommit(true);
        try (Statement s = warehouse.connection().createStatement()) {
            // ATTACH takes no bind parameters: the path goes in as an escaped string literal.
            s.execute("ATTACH '" + tmp.toString().replace("'", "''") + "' AS " + ALIAS);
            try {
                s.execute("COPY FROM DATABASE " + warehouse.quote(catalog(warehouse)) + " TO " + ALIAS);
            } finally {
                s.execute("DETACH " + ALIAS);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String catalog(Warehouse warehouse) throws SQLException {
        try (Statement s = warehouse.connection().createStatement();
             var r = s.executeQuery("SELECT current_database()")) {
            r.next();
            return r.getString(1);
        }
    }
}
