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

    static byte[] runBegan(String runId, String runMethod, long startMicros) {
        return new Out(RUN_BEGAN).text(runId).text(runMethod).number(startMicros).record();
    }

    static byte[] runEnded(String runId, String error) {
        return new Out(RUN_ENDED).text(runId).text(error).record();
    }

    static byte[] callSent(long callKey, String runId, String syncId, String endpoint, String destination, String object,
                           String method, String url, long startEpochMicros, String unreadable, String[] ids, String[] ops,
                           String[] fields) {
        Out out = new Out(CALL_SENT).number(callKey).text(runId).text(syncId).text(endpoint).text(destination).text(object)
                .text(method).text(url)
                .number(startEpochMicros).text(unreadable).number(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.text(ids[i]).text(ops[i]).text(fields[i]);
        }
        return out.record();
    }

    static byte[] callEnded(long callKey, int httpStatus, long latencyMicros, String errorType, String callError,
                            String[] statuses, String[] reasons) {
        Out out = new Out(CALL_ENDED).number(callKey).number(httpStatus).number(latencyMicros).text(errorType)
                .text(callError).number(statuses.length);
        for (int i = 0; i < statuses.length; i++) {
            out.text(statuses[i]).text(reasons[i]);
        }
        return out.record();
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

    /** Numbers as 8 bytes, text as its UTF-8 length (-1 for null) and bytes. */
    private static final class Out {
        private byte[] bytes = new byte[256];
        private int length = HEADER;

        Out(byte type) {
            bytes[length++] = type;
        }

        Out number(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
            return this;
        }

        Out text(String value) {
            if (value == null) {
                return number(-1);
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
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

        byte[] record() {
            ByteBuffer header = ByteBuffer.wrap(bytes);
            header.putInt(0, length - HEADER);
            header.putInt(4, crc(bytes, HEADER, length - HEADER));
            return Arrays.copyOf(bytes, length);
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
