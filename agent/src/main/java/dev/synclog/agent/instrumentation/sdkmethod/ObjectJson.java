package dev.synclog.agent.instrumentation.sdkmethod;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.time.temporal.TemporalAccessor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes an app object (the rows argument, a return value) as JSON bytes, on the app's thread, so that what is
 * recorded is the rows as they were when the method was called, not after the app changed them. The bytes then go
 * through the same interpreter as an HTTP body.
 *
 * <p>Bounded: at most {@code cap} bytes (past that the copy is cut and says so, like a body over the capture cap),
 * {@link #MAX_DEPTH} levels (deeper values, and an object inside itself, read null). Reads objects only through
 * {@link ObjectProperties}, protobuf messages through {@link ProtobufJson}; JDK types other than strings, numbers,
 * booleans, collections, maps, arrays, enums, {@link Optional}, dates and times, UUIDs, URIs and URLs read null (their
 * internals are not row data). A getter that throws reads null.
 */
final class ObjectJson {
    static final int MAX_DEPTH = 32;
    private static final JsonFactory JSON = new JsonFactory();

    /** The JSON copy: {@code length} valid bytes of {@code bytes}; {@code truncated} when the value was larger than the cap. */
    record Copy(byte[] bytes, int length, boolean truncated) {
    }

    private final CappedBytes out;
    private final JsonGenerator json;
    private final IdentityHashMap<Object, Boolean> enclosing = new IdentityHashMap<>();

    private ObjectJson(int cap) throws IOException {
        out = new CappedBytes(cap);
        json = JSON.createGenerator(out);
    }

    static Copy copy(Object value, int cap) throws IOException {
        ObjectJson writer = new ObjectJson(cap);
        try {
            writer.write(value, 0);
            // Closed, not only flushed: closing hands the generator's buffers back to the thread's recycler, which
            // the next copy takes them from instead of allocating 12 KB again.
            writer.json.close();
        } catch (CappedBytes.Full full) {
            return new Copy(writer.out.bytes(), writer.out.length(), true);
        }
        return new Copy(writer.out.bytes(), writer.out.length(), false);
    }

    private void write(Object value, int depth) throws IOException {
        if (value == null || depth > MAX_DEPTH) {
            json.writeNull();
        } else if (value instanceof CharSequence || value instanceof Character) {
            json.writeString(value.toString());
        } else if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else if (value instanceof Number) {
            writeNumber((Number) value);
        } else if (value instanceof Enum) {
            json.writeString(((Enum<?>) value).name());
        } else if (value instanceof Optional) {
            write(((Optional<?>) value).orElse(null), depth);
        } else if (value instanceof Date) {
            json.writeString(((Date) value).toInstant().toString());
        } else if (value instanceof TemporalAccessor || value instanceof UUID || value instanceof java.net.URI
                || value instanceof java.net.URL) {
            json.writeString(value.toString());
        } else if (enclosing.containsKey(value)) {
            json.writeNull(); // a value inside itself: a cycle, not row data
        } else {
            enclosing.put(value, Boolean.TRUE);
            writeContainer(value, depth);
            enclosing.remove(value);
        }
    }

    private void writeContainer(Object value, int depth) throws IOException {
        if (value instanceof Map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                json.writeFieldName(keyText(entry.getKey()));
                write(entry.getValue(), depth + 1);
            }
            json.writeEndObject();
        } else if (value instanceof Collection) {
            json.writeStartArray();
            for (Object element : (Collection<?>) value) {
                write(element, depth + 1);
            }
            json.writeEndArray();
        } else if (value instanceof byte[]) {
            json.writeBinary((byte[]) value);
        } else if (value.getClass().isArray()) {
            json.writeStartArray();
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                write(Array.get(value, i), depth + 1);
            }
            json.writeEndArray();
        } else if (isJdkInternal(value.getClass())) {
            json.writeNull();
        } else if (ProtobufJson.isMessage(value.getClass())) {
            ProtobufJson.write(json, value, depth, out.cap);
        } else {
            json.writeStartObject();
            for (ObjectProperties.Property property : ObjectProperties.of(value.getClass())) {
                json.writeFieldName(property.name());
                write(read(property, value), depth + 1);
            }
            json.writeEndObject();
        }
    }

    private static Object read(ObjectProperties.Property property, Object target) {
        try {
            return property.reader().read(target);
        } catch (Exception e) {
            return null; // the getter threw: the app's business, not a reason to lose the row
        }
    }

    private void writeNumber(Number number) throws IOException {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            json.writeNumber(number.longValue());
        } else if (number instanceof BigDecimal) {
            json.writeNumber((BigDecimal) number);
        } else if (number instanceof BigInteger) {
            json.writeNumber((BigInteger) number);
        } else if (number instanceof Double || number instanceof Float) {
            json.writeNumber(number.doubleValue()); // NaN and infinities come out quoted
        } else {
            json.writeString(number.toString()); // AtomicLong, LongAdder...: their value as text
        }
    }

    /** Map keys of JDK scalar types as text; any other key (an app object) by its class, never its toString(). */
    private static String keyText(Object key) {
        if (key == null) {
            return "null";
        }
        if (key instanceof CharSequence || key instanceof Number || key instanceof Boolean || key instanceof Character
                || key instanceof UUID) {
            return key.toString();
        }
        return key instanceof Enum ? ((Enum<?>) key).name() : key.getClass().getName();
    }

    private static boolean isJdkInternal(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    /** The bytes written so far, refusing to grow past the cap. */
    private static final class CappedBytes extends OutputStream {
        /** Thrown to stop the walk once the cap is reached; no stack trace, it is not an error. */
        static final class Full extends IOException {
            Full() {
                super("over the capture cap");
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        }

        private final int cap;
        private byte[] bytes = new byte[256];
        private int length;

        CappedBytes(int cap) {
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int keep = Math.min(len, cap - length);
            if (keep > 0) {
                if (length + keep > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(length + keep, bytes.length * 2)));
                }
                System.arraycopy(b, off, bytes, length, keep);
                length += keep;
            }
            if (keep < len) {
                throw new Full();
            }
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }
    }
}
