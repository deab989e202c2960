package dev.synclog.exporter.warehouse;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: values go over as the server stores them, so neither side formats
 * or parses timestamps and numbers, and nothing is escaped (the text format's cost on both sides of a batch).
 */
final class PostgresBinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** PostgreSQL's timestamps count microseconds from 2000-01-01 UTC. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** The first byte of a binary jsonb value: the only version of its format. */
    private static final int JSONB_VERSION = 1;

    private PostgresBinaryCopy() {
    }

    static byte[] encode(List<Column> columns, BulkRows rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 256);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
            for (int row = 0; row < rows.size(); row++) {
                out.writeShort(columns.size());
                for (int column = 0; column < columns.size(); column++) {
                    writeValue(out, columns.get(column).type(), rows.value(row, column));
                }
            }
            out.writeShort(-1);
        } catch (IOException inMemory) {
            throw new UncheckedIOException(inMemory);
        }
        return bytes.toByteArray();
    }

    private static void writeValue(DataOutputStream out, ColumnType type, Object value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        switch (type) {
            case TEXT -> {
                byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case JSON -> {
                byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length + 1);
                out.writeByte(JSONB_VERSION);
                out.write(utf8);
            }
            case INT -> {
                out.writeInt(4);
                out.writeInt((Integer) value);
            }
            case BIGINT -> {
                out.writeInt(8);
                out.writeLong((Long) value);
            }
            case TIMESTAMP -> {
                out.writeInt(8);
                out.writeLong((Long) value - POSTGRES_EPOCH_MICROS);
            }
            case BOOLEAN -> {
                out.writeInt(1);
                out.writeByte((Boolean) value ? 1 : 0);
            }
        }
    }
}
