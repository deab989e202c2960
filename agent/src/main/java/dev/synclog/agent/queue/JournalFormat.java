package dev.synclog.agent.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

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

    private JournalFormat() {
    }

    static Record runBegan(String runId, String runMethod, long startMicros) {
        return Record.start(RUN_BEGAN).text(runId).text(runMethod).number(startMicros).finish();
    }

    static Record runEnded(String runId, String error) {
        return Record.start(RUN_ENDED).text(runId).text(error).finish();
    }

    static Record callSent(long callKey, String runId, String syncId, String endpoint, String destination, String object,
                           String method, String url, long startEpochMicros, String unreadable, String[] ids, String[] ops,
                           String[] fields) {
        Record out = Record.start(CALL_SENT).number(callKey).text(runId).text(syncId).text(endpoint).text(destination)
                .text(object).text(method).text(url)
                .number(startEpochMicros).text(unreadable).number(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.text(ids[i]).text(ops[i]).text(fields[i]);
        }
        return out.finish();
    }

    static Record callEnded(long callKey, int httpStatus, long latencyMicros, String errorType, String callError,
                            String[] statuses, String[] reasons) {
        Record out = Record.start(CALL_ENDED).number(callKey).number(httpStatus).number(latencyMicros).text(errorType)
                .text(callError).number(statuses.length);
        for (int i = 0; i < statuses.length; i++) {
            out.text(statuses[i]).text(reasons[i]);
        }
        return out.finish();
    }

    /** The payload's length when {@code header} starts a record, else -1 (a torn or foreign tail). */
    static int payloadLength(ByteBuffer header) {
        int length = header.getInt(header.position());
        return length > 0 && length < (1 << 30) ? length : -1;
    }

    /**
     * Decodes a complete record (header included); null when its checksum fails. The texts of a call's rows stay in
     * {@code record}, as spans of it: the entry holds the array.
     */
    static JournalEntry decode(long position, byte[] record) {
        In r = new In(record);
        int length = r.int32();
        int crc = r.int32();
        if (length != record.length - HEADER || crc != crc(record, HEADER, length)) {
            return null;
        }
        byte type = r.type();
        switch (type) {
            case RUN_BEGAN:
                return new JournalEntry.RunBegan(position, r.text(), r.text(), r.number());
            case RUN_ENDED:
                return new JournalEntry.RunEnded(position, r.text(), r.text());
            case CALL_SENT: {
                long callKey = r.number();
                String runId = r.text();
                String syncId = r.text();
                String endpoint = r.text();
                String destination = r.text();
                String object = r.text();
                String method = r.text();
                String url = r.text();
                long start = r.number();
                String unreadable = r.text();
                int rows = r.count();
                int[] ids = new int[2 * rows];
                int[] ops = new int[2 * rows];
                int[] fields = new int[2 * rows];
                for (int i = 0; i < 2 * rows; i += 2) {
                    r.span(ids, i);
                    r.span(ops, i);
                    r.span(fields, i);
                }
                return new JournalEntry.CallSent(position, callKey, runId, syncId, endpoint, destination, object, method,
                        url, start, unreadable, new Utf8Texts(record, ids), new Utf8Texts(record, ops),
                        new Utf8Texts(record, fields));
            }
            case CALL_ENDED: {
                long callKey = r.number();
                int status = (int) r.number();
                long latency = r.number();
                String errorType = r.text();
                String callError = r.text();
                int rows = r.count();
                int[] statuses = new int[2 * rows];
                int[] reasons = new int[2 * rows];
                for (int i = 0; i < 2 * rows; i += 2) {
                    r.span(statuses, i);
                    r.span(reasons, i);
                }
                return new JournalEntry.CallEnded(position, callKey, status, latency, errorType, callError,
                        new Utf8Texts(record, statuses), new Utf8Texts(record, reasons));
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
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
            return this;
        }

        /**
         * ASCII (ids, op and status names, most fields) straight into the buffer; anything else through
         * {@link String#getBytes}, so that every text's bytes are exactly its UTF-8 encoding as the JDK makes it.
         */
        Record text(String value) {
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

    /** Reads a record's fields in order, straight from its array. */
    private static final class In {
        private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private final byte[] record;
        private int at;

        In(byte[] record) {
            this.record = record;
        }

        int int32() {
            int value = (int) INTS.get(record, at);
            at += Integer.BYTES;
            return value;
        }

        byte type() {
            return record[at++];
        }

        long number() {
            long value = (long) LONGS.get(record, at);
            at += Long.BYTES;
            return value;
        }

        /** A count of rows, which the rest of the record must be able to hold (two lengths a row at least). */
        int count() {
            long count = number();
            if (count < 0 || count > (record.length - at) / 16) {
                throw new IllegalStateException("a journal record of " + record.length + " bytes says it holds "
                        + count + " rows at byte " + at + ": the agent that wrote it has a bug");
            }
            return (int) count;
        }

        String text() {
            int length = length();
            if (length < 0) {
                return null;
            }
            String value = new String(record, at, length, StandardCharsets.UTF_8);
            at += length;
            return value;
        }

        /** Puts the next text's start and length (-1 for null) at {@code spans[i]} and {@code spans[i + 1]}. */
        void span(int[] spans, int i) {
            int length = length();
            spans[i] = at;
            spans[i + 1] = length;
            at += Math.max(length, 0);
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
