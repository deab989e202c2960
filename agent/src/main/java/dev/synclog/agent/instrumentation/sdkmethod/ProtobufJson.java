package dev.synclog.agent.instrumentation.sdkmethod;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes protobuf messages (and their builders) as protobuf's own {@code JsonFormat} prints them, the proto3 JSON
 * mapping that Google's REST references show: the set fields only, in field-number order, each under its JSON name
 * ({@code messageId}); repeated fields as arrays, map fields as objects, bytes as base64, enums by name, 64-bit
 * integers as text, unsigned ones unsigned; {@code Timestamp} and {@code Duration} as text, wrappers as their value,
 * {@code Struct}/{@code Value}/{@code ListValue} as the JSON they hold. Read as beans, a message would give its
 * descriptor graph, parser, default instance and every field three times over.
 *
 * <p>The agent carries no protobuf: a message is found by its class implementing
 * {@value #MESSAGE_OR_BUILDER} (by name), and read through that protobuf's own public methods, looked up once per
 * protobuf copy and once per message class. A value that cannot be read writes {@code null}; nothing is thrown into
 * the app. {@code Any} and {@code FieldMask} read as the plain messages they are ({@code typeUrl} and base64
 * {@code value}; {@code paths}): printing them as JsonFormat does needs a type registry or a name conversion.
 */
final class ProtobufJson {
    private static final String MESSAGE_OR_BUILDER = "com.google.protobuf.MessageOrBuilder";
    private static final Set<String> WRAPPERS = Set.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
            "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue", "google.protobuf.Struct", "google.protobuf.ListValue");

    /** How a message writes itself: most as an object of fields, the well-known types as the JSON they stand for. */
    private enum Shape { OBJECT, TIMESTAMP, DURATION, SOLE_FIELD, SET_FIELD }

    /** How a field's values print, where their Java type does not say it: proto3 JSON's integers and null. */
    private enum Scalar { AS_IS, INT64, UINT64, UINT32, NULL_VALUE }

    /** One field of a message type: its JSON name, and for a map field its entries' key and value fields. */
    private record Field(Runtime runtime, Object descriptor, String name, boolean repeated, Scalar scalar, Field mapKey,
                         Field mapValue) {
    }

    /** One message class: its fields by descriptor (the keys of {@code getAllFields()}), in declaration order. */
    private record MessageType(Runtime runtime, Shape shape, List<Field> fields, IdentityHashMap<Object, Field> byDescriptor) {
        Field field(Object descriptor) {
            Field field = byDescriptor.get(descriptor);
            return field != null ? field : runtime.field(descriptor); // an extension: rare, not cached
        }
    }

    /** Not a message; or a message whose protobuf lacks a method this reads, which then reads null. */
    private static final Object NOT_A_MESSAGE = new Object();
    private static final Object UNREADABLE = new Object();

    /** Per class: its {@link MessageType}, {@link Runtime} (a message class whose type is per instance), or a marker. */
    private static final ClassValue<Object> MESSAGE_CLASSES = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            Class<?> messageOrBuilder = interfaceNamed(type, MESSAGE_OR_BUILDER);
            if (messageOrBuilder == null) {
                return NOT_A_MESSAGE;
            }
            Runtime runtime = RUNTIMES.get(messageOrBuilder);
            if (runtime == null) {
                return UNREADABLE;
            }
            try {
                // Generated messages and builders name their type statically; DynamicMessage only per instance.
                Method descriptor = type.getMethod("getDescriptor");
                if (Modifier.isStatic(descriptor.getModifiers())) {
                    return runtime.messageType(descriptor.invoke(null));
                }
            } catch (NoSuchMethodException e) {
                // read per instance
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return UNREADABLE;
            }
            return runtime;
        }
    };

    /** Per copy of protobuf (keyed by its {@code MessageOrBuilder}): its methods, or null when one is missing. */
    private static final ClassValue<Runtime> RUNTIMES = new ClassValue<>() {
        @Override
        protected Runtime computeValue(Class<?> messageOrBuilder) {
            try {
                return new Runtime(messageOrBuilder);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    };

    private final JsonGenerator json;
    /** The capture cap, in bytes: no ByteString is copied further. */
    private final int cap;

    private ProtobufJson(JsonGenerator json, int cap) {
        this.json = json;
        this.cap = cap;
    }

    /** Whether {@link #write} takes objects of this class: one cached lookup per class. */
    static boolean isMessage(Class<?> type) {
        return MESSAGE_CLASSES.get(type) != NOT_A_MESSAGE;
    }

    /**
     * Writes a message of a class {@link #isMessage} accepted, at {@code depth} levels down; levels deeper than
     * {@link ObjectJson#MAX_DEPTH} read null.
     */
    static void write(JsonGenerator json, Object message, int depth, int cap) throws IOException {
        new ProtobufJson(json, cap).message(message, depth);
    }

    private void message(Object message, int depth) throws IOException {
        MessageType type;
        Object[] read; // the values, read before anything is written so that a failure writes a plain null
        try {
            type = typeOf(message);
            read = type == null || depth > ObjectJson.MAX_DEPTH ? null : readFields(type, message);
        } catch (Unreadable e) {
            read = null;
            type = null;
        }
        if (read == null) {
            json.writeNull();
            return;
        }
        switch (type.shape) {
            case TIMESTAMP -> json.writeString(Instant.ofEpochSecond((Long) read[1], (Integer) read[3]).toString());
            case DURATION -> json.writeString(durationText((Long) read[1], (Integer) read[3]));
            case SOLE_FIELD, SET_FIELD -> {
                if (read.length == 0) {
                    json.writeNull(); // a Value with no kind set: JsonFormat refuses it
                } else {
                    value((Field) read[0], read[1], depth);
                }
            }
            case OBJECT -> {
                json.writeStartObject();
                for (int i = 0; i < read.length; i += 2) {
                    Field field = (Field) read[i];
                    json.writeFieldName(field.name);
                    value(field, read[i + 1], depth + 1);
                }
                json.writeEndObject();
            }
        }
    }

    /** Field, value, field, value...: the set fields, or for a well-known type the fields its JSON is made of. */
    private static Object[] readFields(MessageType type, Object message) {
        Runtime runtime = type.runtime;
        if (type.shape == Shape.TIMESTAMP || type.shape == Shape.DURATION || type.shape == Shape.SOLE_FIELD) {
            Object[] read = new Object[type.fields.size() * 2];
            for (int i = 0; i < type.fields.size(); i++) {
                Field field = type.fields.get(i);
                read[2 * i] = field;
                read[2 * i + 1] = runtime.call(runtime.getField, message, field.descriptor);
            }
            return read;
        }
        Map<?, ?> set = (Map<?, ?>) runtime.call(runtime.getAllFields, message);
        Object[] read = new Object[set.size() * 2];
        int i = 0;
        for (Map.Entry<?, ?> entry : set.entrySet()) {
            read[i++] = type.field(entry.getKey());
            read[i++] = entry.getValue();
        }
        return read;
    }

    private static MessageType typeOf(Object message) {
        Object known = MESSAGE_CLASSES.get(message.getClass());
        if (known instanceof MessageType type) {
            return type;
        }
        if (known instanceof Runtime runtime) {
            return runtime.messageType(runtime.call(runtime.getDescriptorForType, message));
        }
        return null;
    }

    /** A field's value as it comes from the message: a list for repeated fields (map entries for a map). */
    private void value(Field field, Object value, int depth) throws IOException {
        if (field.mapKey != null) {
            mapEntries(field, (List<?>) value, depth);
        } else if (field.repeated) {
            json.writeStartArray();
            for (Object element : (List<?>) value) {
                single(field, element, depth + 1);
            }
            json.writeEndArray();
        } else {
            single(field, value, depth);
        }
    }

    private void mapEntries(Field field, List<?> entries, int depth) throws IOException {
        Object[] read = new Object[entries.size() * 2];
        try {
            Runtime runtime = field.runtime;
            for (int i = 0; i < entries.size(); i++) {
                read[2 * i] = runtime.call(runtime.getField, entries.get(i), field.mapKey.descriptor);
                read[2 * i + 1] = runtime.call(runtime.getField, entries.get(i), field.mapValue.descriptor);
            }
        } catch (Unreadable | ClassCastException e) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < read.length; i += 2) {
            json.writeFieldName(keyText(field.mapKey.scalar, read[i]));
            single(field.mapValue, read[i + 1], depth + 1);
        }
        json.writeEndObject();
    }

    private void single(Field field, Object value, int depth) throws IOException {
        switch (field.scalar) {
            case INT64 -> json.writeString(value.toString());
            case UINT64 -> json.writeString(Long.toUnsignedString((Long) value));
            case UINT32 -> json.writeNumber(Integer.toUnsignedLong((Integer) value));
            case NULL_VALUE -> json.writeNull();
            case AS_IS -> asIs(field, value, depth);
        }
    }

    private void asIs(Field field, Object value, int depth) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Float number) {
            json.writeNumber(number); // as a float prints: 0.1, not 0.10000000149011612; NaN and infinities quoted
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value == null) {
            json.writeNull();
        } else if (isMessage(value.getClass())) {
            message(value, depth);
        } else {
            Runtime runtime = field.runtime;
            Object read;
            try {
                read = runtime.byteString.isInstance(value) ? runtime.bytes(value, cap)
                        : runtime.enumValueDescriptor.isInstance(value) ? runtime.enumValue(value) : null;
            } catch (Unreadable e) {
                read = null;
            }
            if (read instanceof byte[] bytes) {
                json.writeBinary(bytes);
            } else if (read instanceof Integer number) {
                json.writeNumber(number);
            } else if (read instanceof String text) {
                json.writeString(text);
            } else {
                json.writeNull();
            }
        }
    }

    /** The key as JsonFormat prints it: text always, unsigned integers unsigned. */
    private static String keyText(Scalar scalar, Object key) {
        return switch (scalar) {
            case UINT64 -> Long.toUnsignedString((Long) key);
            case UINT32 -> Integer.toUnsignedString((Integer) key);
            default -> String.valueOf(key);
        };
    }

    /** As JsonFormat prints a Duration: {@code 1.500s}, {@code -0.000001s}, {@code 3s}. */
    static String durationText(long seconds, int nanos) {
        StringBuilder text = new StringBuilder(24);
        if (seconds < 0 || nanos < 0) {
            text.append('-');
            seconds = -seconds;
            nanos = -nanos;
        }
        text.append(seconds);
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            String fraction = Integer.toString(1_000_000_000 + nanos).substring(1, 1 + digits);
            text.append('.').append(fraction);
        }
        return text.append('s').toString();
    }

    /** The class's interface of that name, among its superclasses' and superinterfaces'; null when it has none. */
    private static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> supertype : Supertypes.of(type)) {
            if (supertype.isInterface() && supertype.getName().equals(name)) {
                return supertype;
            }
        }
        return null;
    }

    /** A protobuf method that threw or could not be called: the value it was reading reads null. */
    private static final class Unreadable extends RuntimeException {
        static final Unreadable INSTANCE = new Unreadable();

        private Unreadable() {
            super("unreadable protobuf value", null, false, false);
        }
    }

    /**
     * The public methods of one copy of protobuf that reading a message needs, from the class loader of its
     * {@code MessageOrBuilder}.
     */
    private static final class Runtime {
        final Method getAllFields;
        final Method getField;
        final Method getDescriptorForType;
        final Method descriptorFullName;
        final Method descriptorFields;
        final Method fieldJsonName;
        final Method fieldIsRepeated;
        final Method fieldIsMapField;
        final Method fieldType;
        final Method fieldMessageType;
        final Method fieldEnumType;
        final Method enumFullName;
        final Class<?> enumValueDescriptor;
        final Method enumValueName;
        final Method enumValueNumber;
        final Method enumValueIndex;
        final Class<?> byteString;
        final Method byteStringSize;
        final Method byteStringSubstring;
        final Method byteStringToByteArray;

        Runtime(Class<?> messageOrBuilder) throws ReflectiveOperationException {
            ClassLoader loader = messageOrBuilder.getClassLoader();
            Class<?> descriptor = Class.forName("com.google.protobuf.Descriptors$Descriptor", false, loader);
            Class<?> field = Class.forName("com.google.protobuf.Descriptors$FieldDescriptor", false, loader);
            Class<?> enumDescriptor = Class.forName("com.google.protobuf.Descriptors$EnumDescriptor", false, loader);
            getAllFields = messageOrBuilder.getMethod("getAllFields");
            getField = messageOrBuilder.getMethod("getField", field);
            getDescriptorForType = messageOrBuilder.getMethod("getDescriptorForType");
            descriptorFullName = descriptor.getMethod("getFullName");
            descriptorFields = descriptor.getMethod("getFields");
            fieldJsonName = field.getMethod("getJsonName");
            fieldIsRepeated = field.getMethod("isRepeated");
            fieldIsMapField = field.getMethod("isMapField");
            fieldType = field.getMethod("getType");
            fieldMessageType = field.getMethod("getMessageType");
            fieldEnumType = field.getMethod("getEnumType");
            enumFullName = enumDescriptor.getMethod("getFullName");
            enumValueDescriptor = Class.forName("com.google.protobuf.Descriptors$EnumValueDescriptor", false, loader);
            enumValueName = enumValueDescriptor.getMethod("getName");
            enumValueNumber = enumValueDescriptor.getMethod("getNumber");
            enumValueIndex = enumValueDescriptor.getMethod("getIndex");
            byteString = Class.forName("com.google.protobuf.ByteString", false, loader);
            byteStringSize = byteString.getMethod("size");
            byteStringSubstring = byteString.getMethod("substring", int.class, int.class);
            byteStringToByteArray = byteString.getMethod("toByteArray");
        }

        Object call(Method method, Object target, Object... arguments) {
            try {
                return method.invoke(target, arguments);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                throw Unreadable.INSTANCE;
            }
        }

        /** The type of messages of this descriptor; well-known types by their full name. */
        MessageType messageType(Object descriptor) {
            String name = (String) call(descriptorFullName, descriptor);
            List<?> descriptors = (List<?>) call(descriptorFields, descriptor);
            Field[] fields = new Field[descriptors.size()];
            IdentityHashMap<Object, Field> byDescriptor = new IdentityHashMap<>();
            for (int i = 0; i < fields.length; i++) {
                fields[i] = field(descriptors.get(i));
                byDescriptor.put(fields[i].descriptor, fields[i]);
            }
            Shape shape = switch (name) {
                case "google.protobuf.Timestamp" -> Shape.TIMESTAMP;
                case "google.protobuf.Duration" -> Shape.DURATION;
                case "google.protobuf.Value" -> Shape.SET_FIELD;
                default -> WRAPPERS.contains(name) ? Shape.SOLE_FIELD : Shape.OBJECT;
            };
            return new MessageType(this, shape, List.of(fields), byDescriptor);
        }

        Field field(Object descriptor) {
            String type = ((Enum<?>) call(fieldType, descriptor)).name();
            Scalar scalar = switch (type) {
                case "INT64", "SINT64", "SFIXED64" -> Scalar.INT64;
                case "UINT64", "FIXED64" -> Scalar.UINT64;
                case "UINT32", "FIXED32" -> Scalar.UINT32;
                case "ENUM" -> "google.protobuf.NullValue".equals(call(enumFullName, call(fieldEnumType, descriptor)))
                        ? Scalar.NULL_VALUE : Scalar.AS_IS;
                default -> Scalar.AS_IS;
            };
            Field key = null;
            Field value = null;
            if ((Boolean) call(fieldIsMapField, descriptor)) {
                List<?> entry = (List<?>) call(descriptorFields, call(fieldMessageType, descriptor));
                key = field(entry.get(0));
                value = field(entry.get(1));
            }
            return new Field(this, descriptor, (String) call(fieldJsonName, descriptor),
                    (Boolean) call(fieldIsRepeated, descriptor), scalar, key, value);
        }

        /** The bytes of a ByteString, at most {@code cap} of them: past the cap the copy is cut anyway. */
        byte[] bytes(Object byteString, int cap) {
            int size = (Integer) call(byteStringSize, byteString);
            Object kept = size <= cap ? byteString : call(byteStringSubstring, byteString, 0, cap);
            return (byte[]) call(byteStringToByteArray, kept);
        }

        /** An enum value's name; its number when the enum does not know it (a newer peer's value), as JsonFormat. */
        Object enumValue(Object value) {
            return (Integer) call(enumValueIndex, value) < 0 ? call(enumValueNumber, value) : call(enumValueName, value);
        }
    }
}
