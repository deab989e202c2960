package dev.synclog.agent.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

import dev.synclog.agent.rows.TextColumn;
import dev.synclog.events.Utf8Texts;

/**
 * The journal's bytes. A record is {@code [payload length:int][CRC32C of the payload:int][payload]}; the payload is
 * a type byte and the entry's fields. A kill -9 in the middle of an append leaves a short or corrupt last record,
 * which the checksum shows: it is ignored, as the append never completed.
 */
final class JournalFormat {
    static final int HEADER = 8;
    private static final byte RUN_BEGAN = 1;
    private static final byte RUN_ENDED = 2;
    private static final byte CALL_SENT = 3;
    private static final byte CALL_ENDED = 4;
    /** Places of {@link RecentTexts}: a record's texts are compared with the last ones read at the same place. */
    private static final int CALL_TEXTS = 0;
    private static final int UNREADABLE = 7;
    private static final int CALL_ERRORS = 8;
    private static final int RUN_ID = 10;
    static final int TEXT_PLACES = 12;

    private JournalFormat() {
    }

    static Record runBegan(String runId, String runMethod, long startMicros) {
        return Record.start(RUN_BEGAN).texts(runId, runMethod).number(startMicros).finish();
    }

    static Record runEnded(String runId, String error) {
        return Record.start(RUN_ENDED).texts(runId, error).finish();
    }

    /** The rows' texts as columns: spans of a request body are copied in as they are (ASCII, so their UTF-8). */
    static Record callSent(long callKey, String runId, String syncId, String endpoint, String destination, String object,
                           String method, String url, long startEpochMicros, String unreadable, TextColumn ids,
                           TextColumn ops, TextColumn fields) {
        return Record.start(CALL_SENT).number(callKey).texts(runId, syncId, endpoint, destination, object, method, url)
                .number(startEpochMicros).texts(unreadable).rows(ids, ops, fields).finish();
    }

    static Record callEnded(long callKey, int httpStatus, long latencyMicros, String errorType, String callError,
                            String[] statuses, String[] reasons) {
        return Record.start(CALL_ENDED).number(callKey).number(httpStatus).number(latencyMicros)
                .texts(errorType, callError).rows(TextColumn.of(statuses), TextColumn.of(reasons)).finish();
    }

    /** The payload's length when {@code header} starts a record, else -1 (a torn or foreign tail). */
    static int payloadLength(ByteBuffer header) {
        int length = header.getInt(header.position());
        return length > 0 && length < (1 << 30) ? length : -1;
    }

    /** A record decoded on its own: its texts are not compared with any read before. */
    static JournalEntry decode(long position, byte[] record) {
        return decode(position, record, new RecentTexts(TEXT_PLACES));
    }

    /**
     * Decodes a complete record (header included); null when its checksum fails. The texts of a call's rows stay in
     * {@code record}, as spans of it: the entry holds the array.
     *
     * <p>Why one method for every type: over HotSpot's 325 bytes of bytecode for a hot call, it is not inlined into
     * the methods that read the journal, so it is compiled on its own (its loops are {@link In}'s, compiled apart).
     * Split into a small method per type, every type was inlined into each reader ({@code JournalFile.next}, then
     * again into {@code SegmentedJournal.readOne}), which cost the JIT more than this method ever did. Texts are
     * read a loop at a time ({@link In#texts}): a call per text, fourteen in all, each inlined with its decoding, made
     * this method the agent's largest compile.
     */
    static JournalEntry decode(long position, byte[] record, RecentTexts recent) {
        int length = (int) In.INTS.get(record, 0);
        int crc = (int) In.INTS.get(record, 4);
        if (length != record.length - HEADER || crc != crc(record, HEADER, length)) {
            return null;
        }
        In r = new In(record, recent);
        switch (record[HEADER]) {
            case RUN_BEGAN: {
                String[] texts = r.texts(RUN_ID, 2);
                return new JournalEntry.RunBegan(position, texts[0], texts[1], r.number());
            }
            case RUN_ENDED: {
                String[] texts = r.texts(RUN_ID, 2);
                return new JournalEntry.RunEnded(position, texts[0], texts[1]);
            }
            case CALL_SENT: {
                long callKey = r.number();
                String[] call = r.texts(CALL_TEXTS, 7);
                long start = r.number();
                String unreadable = r.texts(UNREADABLE, 1)[0];
                int[][] rows = r.rows(3);
                return new JournalEntry.CallSent(position, callKey, call[0], call[1], call[2], call[3], call[4],
                        call[5], call[6], start, unreadable, new Utf8Texts(record, rows[0]),
                        new Utf8Texts(record, rows[1]), new Utf8Texts(record, rows[2]));
            }
            case CALL_ENDED: {
                long callKey = r.number();
                int status = (int) r.number();
                long latency = r.number();
                String[] errors = r.texts(CALL_ERRORS, 2);
                int[][] rows = r.rows(2);
                return new JournalEntry.CallEnded(position, callKey, status, latency, errors[0], errors[1],
                        new Utf8Texts(record, rows[0]), new Utf8Texts(record, rows[1]));
            }
            default:
                return null;
        }
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /**
     * One record as it is encoded: numbers as 8 bytes, text as its UTF-8 length (-1 for null) and bytes. The bytes are
     * the encoding thread's own buffer, reused for its next record (a call's rows are encoded on the app's thread,
     * once per call: a fresh, growing buffer for each was most of what the agent allocated there), so a record is
     * valid until its thread starts the next one: write it, or take {@link #copy}.
     */
    static final class Record {
        private static final ThreadLocal<Record> PER_THREAD = ThreadLocal.withInitial(Record::new);
        /** A buffer a large call grew past this is not kept: a thread's idle buffer stays small. */
        private static final int KEPT_BYTES = 64 << 10;
        private static final int FIRST_BYTES = 4 << 10;

        private byte[] bytes = new byte[FIRST_BYTES];
        private int length;

        private Record() {
        }

        static Record start(byte type) {
            Record record = PER_THREAD.get();
            if (record.bytes.length > KEPT_BYTES) {
                record.bytes = new byte[FIRST_BYTES];
            }
            record.length = HEADER;
            record.bytes[record.length++] = type;
            return record;
        }

        Record number(long value) {
            ensure(8);
            In.LONGS.set(bytes, length, value);
            length += 8;
            return this;
        }

        /**
         * The texts in order. Every text of a record is encoded through the one call in here or in {@link #rows}: the
         * JIT compiles a copy of the encoding loop for each place that calls it.
         */
        Record texts(String... values) {
            for (String value : values) {
                text(value);
            }
            return this;
        }

        /** The rows' count, then each row's texts, a text of each column in turn. */
        Record rows(TextColumn... columns) {
            int rows = columns[0].size();
            number(rows);
            for (int i = 0; i < rows; i++) {
                for (TextColumn column : columns) {
                    String held = column.held(i);
                    if (held != null) {
                        text(held);
                    } else {
                        ascii(column.ascii(), column.spanStart(i), column.spanLength(i));
                    }
                }
            }
            return this;
        }

        /** A text of {@code length} ASCII bytes (-1: null), which are its UTF-8: copied at once. */
        private void ascii(byte[] from, int start, int length) {
            number(length);
            if (length > 0) {
                ensure(length);
                System.arraycopy(from, start, bytes, this.length, length);
                this.length += length;
            }
        }

        /**
         * ASCII (ids, op and status names, most fields) straight into the buffer; anything else through
         * {@link String#getBytes}, so that every text's bytes are exactly its UTF-8 encoding as the JDK makes it.
         */
        private Record text(String value) {
            if (value == null) {
                return number(-1);
            }
            int chars = value.length();
            ensure(8 + chars);
            int at = length + 8;
            for (int i = 0; i < chars; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    return utf8(value.getBytes(StandardCharsets.UTF_8));
                }
                bytes[at + i] = (byte) c;
            }
            number(chars);
            length += chars;
            return this;
        }

        private Record utf8(byte[] utf8) {
            number(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            return this;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
            }
        }

        /** Writes the header: the payload's length and checksum. */
        private Record finish() {
            ByteBuffer header = ByteBuffer.wrap(bytes);
            header.putInt(0, length - HEADER);
            header.putInt(4, crc(bytes, HEADER, length - HEADER));
            return this;
        }

        /** The whole record, header included, over the thread's buffer. */
        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes, 0, length);
        }

        /** The whole record as an array of its own, for a record that is kept. */
        byte[] copy() {
            return Arrays.copyOf(bytes, length);
        }

        int length() {
            return length;
        }
    }

    /** Reads a record's fields in order, straight from its array, from the byte after the type. */
    private static final class In {
        static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private final byte[] record;
        private final RecentTexts recent;
        private int at = HEADER + 1;

        In(byte[] record, RecentTexts recent) {
            this.record = record;
            this.recent = recent;
        }

        long number() {
            long value = (long) LONGS.get(record, at);
            at += Long.BYTES;
            return value;
        }

        /** The next {@code count} texts, read at places {@code firstPlace} on of {@link RecentTexts}. */
        String[] texts(int firstPlace, int count) {
            String[] texts = new String[count];
            for (int i = 0; i < count; i++) {
                int length = length();
                if (length >= 0) {
                    texts[i] = recent.text(firstPlace + i, record, at, length);
                    at += length;
                }
            }
            return texts;
        }

        /**
         * The rows that follow (their count, then {@code columns} texts a row) as spans, one array a column: two ints
         * a row, where its text starts and its length (-1 for null).
         */
        int[][] rows(int columns) {
            int rows = count(columns);
            int[][] spans = new int[columns][2 * rows];
            for (int i = 0; i < 2 * rows; i += 2) {
                for (int[] column : spans) {
                    int length = length();
                    column[i] = at;
                    column[i + 1] = length;
                    at += Math.max(length, 0);
                }
            }
            return spans;
        }

        /** A count of rows, which the rest of the record must be able to hold (a length a text at least). */
        private int count(int columns) {
            long count = number();
            if (count < 0 || count > (record.length - at) / (8L * columns)) {
                throw new IllegalStateException("a journal record of " + record.length + " bytes says it holds "
                        + count + " rows at byte " + at + ": the agent that wrote it has a bug");
            }
            return (int) count;
        }

        private int length() {
            long length = number();
            if (length < -1 || length > record.length - at) {
                throw new IllegalStateException("a journal record of " + record.length + " bytes says a text of "
                        + length + " bytes starts at byte " + at + ": the agent that wrote it has a bug");
            }
            return (int) length;
        }
    }
}
