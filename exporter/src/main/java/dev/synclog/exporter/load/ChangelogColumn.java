package dev.synclog.exporter.load;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.ColumnType;

/** The columns of {@code sync_changelog}, in table order, with where each value comes from. */
public enum ChangelogColumn {
    SYNC_ID("sync_id", ColumnType.TEXT, false, ChangelogRow::syncId),
    SYNC_RUN_ID("sync_run_id", ColumnType.TEXT, false, ChangelogRow::syncRunId),
    ROW_ID("row_id", ColumnType.TEXT, false, ChangelogRow::rowId),
    OP_TYPE("op_type", ColumnType.TEXT, false, ChangelogRow::opType),
    STATUS("status", ColumnType.TEXT, false, ChangelogRow::status),
    FAILURE_REASON("failure_reason", ColumnType.TEXT, true, ChangelogRow::failureReason),
    FIELDS("fields", ColumnType.JSON, true, ChangelogRow::fields),
    DESTINATION("destination", ColumnType.TEXT, true, ChangelogRow::destination),
    OBJECT("object", ColumnType.TEXT, true, ChangelogRow::object),
    HTTP_STATUS("http_status", ColumnType.INT, true, ChangelogRow::httpStatus),
    ATTEMPT("attempt", ColumnType.INT, false, ChangelogRow::attempt),
    EVENT_TIME("event_time", ColumnType.TIMESTAMP, false, ChangelogRow::eventTimeMicros),
    TRACE_ID("trace_id", ColumnType.TEXT, true, ChangelogRow::traceId),
    CALL_ID("call_id", ColumnType.BIGINT, true, ChangelogRow::callId),
    SOURCE_ID("source_id", ColumnType.TEXT, false, ChangelogRow::sourceId),
    QUEUE_INDEX("queue_index", ColumnType.BIGINT, false, ChangelogRow::queueIndex),
    /** Last: a table migrated from schema version 2 gains it at its end, and DuckDB's Appender goes by position. */
    QUEUE_ROW("queue_row", ColumnType.INT, false, ChangelogRow::queueRow);

    private final Column column;
    private final Function<ChangelogRow, Object> value;

    ChangelogColumn(String name, ColumnType type, boolean nullable, Function<ChangelogRow, Object> value) {
        this.column = new Column(name, type, nullable);
        this.value = value;
    }

    public Column column() {
        return column;
    }

    /** A String, Integer or Long (timestamps as epoch microseconds); null when absent. */
    public Object valueOf(ChangelogRow row) {
        return value.apply(row);
    }

    public static List<Column> columns() {
        return Arrays.stream(values()).map(ChangelogColumn::column).toList();
    }
}
