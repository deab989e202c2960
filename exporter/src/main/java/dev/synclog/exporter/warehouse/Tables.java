package dev.synclog.exporter.warehouse;

import static dev.synclog.exporter.warehouse.Column.optional;
import static dev.synclog.exporter.warehouse.Column.required;

import java.util.ArrayList;
import java.util.List;

import dev.synclog.exporter.load.ChangelogColumn;

/**
 * The tables of schema version 6 (see docs/tables.md for every column). Two keys are kept unique by the loader rather
 * than by the warehouse: the changelog's, because a batch commits only if the read position it started from is still
 * the stored one; the snapshot's, because the loader inserts only keys it looked up inside the batch's transaction
 * (under a lock where several exporters may write, see {@link WarehouseDialect#lockSnapshotKeys}).
 */
public final class Tables {
    public static final TableDefinition CHANGELOG = new TableDefinition("sync_changelog",
            ChangelogColumn.columns(), List.of("source_id", "queue_index", "queue_row"), true);

    /** Changelog columns plus the first run in which the row succeeded, which decides what an upsert is. */
    public static final TableDefinition SNAPSHOT = new TableDefinition("sync_snapshot",
            concat(ChangelogColumn.columns(), optional("first_succeeded_run_id", ColumnType.TEXT)),
            List.of("sync_id", "row_id"), true);

    public static final List<String> RUN_COUNTS = List.of(
            "num_planned_add", "num_planned_change", "num_planned_remove",
            "num_attempted_add", "num_attempted_change", "num_attempted_remove",
            "num_succeeded_add", "num_succeeded_change", "num_succeeded_remove",
            "num_failed_add", "num_failed_change", "num_failed_remove");

    public static final TableDefinition RUNS = new TableDefinition("sync_runs", runColumns(),
            List.of("sync_id", "sync_run_id"));

    /**
     * Per sync, a counter every batch writing its snapshot rows bumps in its transaction: an exporter whose last bump
     * is no longer the counter's value knows that another one wrote them since (see the loader's key filters).
     */
    public static final TableDefinition SNAPSHOT_VERSIONS = new TableDefinition("synclog_snapshot_versions", List.of(
            required("sync_id", ColumnType.TEXT),
            required("version", ColumnType.BIGINT)), List.of("sync_id"));

    /** One row per queue: the exactly-once read position and the agent currently writing it. */
    public static final TableDefinition SOURCES = new TableDefinition("sync_sources", List.of(
            required("source_id", ColumnType.TEXT),
            required("last_queue_index", ColumnType.BIGINT),
            optional("host", ColumnType.TEXT),
            optional("pid", ColumnType.BIGINT),
            optional("agent_version", ColumnType.TEXT),
            optional("agent_started_at", ColumnType.TIMESTAMP),
            required("rows_loaded", ColumnType.BIGINT),
            required("events_dropped", ColumnType.BIGINT),
            optional("last_commit_at", ColumnType.TIMESTAMP)), List.of("source_id"));

    public static final TableDefinition SCHEMA_VERSION = new TableDefinition("synclog_schema_version", List.of(
            required("version", ColumnType.INT),
            required("applied_at", ColumnType.TIMESTAMP),
            required("description", ColumnType.TEXT)), List.of("version"));

    private Tables() {
    }

    private static List<Column> runColumns() {
        List<Column> columns = new ArrayList<>(List.of(
                required("sync_id", ColumnType.TEXT),
                required("sync_run_id", ColumnType.TEXT),
                optional("primary_key", ColumnType.TEXT),
                optional("destination", ColumnType.TEXT),
                optional("model_name", ColumnType.TEXT),
                required("status", ColumnType.TEXT),
                optional("error", ColumnType.TEXT),
                optional("started_at", ColumnType.TIMESTAMP),
                optional("finished_at", ColumnType.TIMESTAMP)));
        RUN_COUNTS.forEach(name -> columns.add(required(name, ColumnType.BIGINT)));
        columns.addAll(List.of(
                optional("host", ColumnType.TEXT),
                optional("pid", ColumnType.BIGINT),
                optional("agent_version", ColumnType.TEXT),
                optional("trace_id", ColumnType.TEXT),
                required("events_dropped", ColumnType.BIGINT),
                required("source_id", ColumnType.TEXT),
                optional("last_event_at", ColumnType.TIMESTAMP)));
        return List.copyOf(columns);
    }

    private static List<Column> concat(List<Column> columns, Column extra) {
        List<Column> all = new ArrayList<>(columns);
        all.add(extra);
        return List.copyOf(all);
    }
}
