package dev.synclog.agent.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

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

    /** Decodes a complete record (header included); null when its checksum fails. */
    static JournalEntry decode(long position, byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        int length = in.getInt();
        int crc = in.getInt();
        if (length != record.length - HEADER || crc != crc(record, HEADER, length)) {
            return null;
        }
        In r = new In(in);
        byte type = in.get();
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
                int rows = (int) r.number();
                String[] ids = new String[rows];
                String[] ops = new String[rows];
                String[] fields = new String[rows];
                for (int i = 0; i < rows; i++) {
                    ids[i] = r.text();
                    ops[i] = r.text();
                    fields[i] = r.text();
                }
                return new JournalEntry.CallSent(position, callKey, runId, syncId, endpoint, destination, object, method,
                        url, start, unreadable, ids, ops, fields);
            }
            case CALL_ENDED: {
                long callKey = r.number();
                int status = (int) r.number();
                long latency = r.number();
                String errorType = r.text();
                String callError = r.text();
                int rows = (int) r.number();
                String[] statuses = new String[rows];
                String[] reasons = new String[rows];
                for (int i = 0; i < rows; i++) {
                    statuses[i] = r.text();
                    reasons[i] = r.text();
                }
                return new JournalEntry.CallEnded(position, callKey, status, latency, errorType, callError, statuses,
                        reasons);
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

    private static final class In {
        private final ByteBuffer in;

        In(ByteBuffer in) {
            this.in = in;
        }

        long number() {
            return in.getLong();
        }

        String text() {
            int length = (int) in.getLong();
            if (length < 0) {
                return null;
            }
            String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return value;
        }
    }
}
