package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synclog.agent.config.RequestSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Turns captured body bytes into JSON: decompression (bounded, so a small gzip body cannot inflate past the capture
 * cap), then the text in the charset its {@code Content-Type} names (UTF-8 when it names none, JSON's default), then
 * for a request its JSON text ({@link JsonText}; NDJSON as an array of its lines; an Elasticsearch {@code _bulk} body
 * as an array of its actions ({@link BulkBody}); a form as its fields, or one field holding JSON), for a response a tree.
 */
final class BodyDecoder {
    private final int maxDecodedBytes;

    BodyDecoder(int maxDecodedBytes) {
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /** The request body as JSON text, rows named by {@code field_names} as objects; an empty body is null. */
    JsonText request(byte[] bytes, int length, String contentEncoding, String contentType, RequestSpec spec)
            throws UnreadableCallException {
        JsonText body = body(bytes, length, contentEncoding, contentType, spec);
        return body == null || spec.fieldNames() == null ? body : NamedRows.rewrite(body, spec.rows(), spec.fieldNames());
    }

    private JsonText body(byte[] bytes, int length, String contentEncoding, String contentType, RequestSpec spec)
            throws UnreadableCallException {
        byte[] plain = decompress("request", bytes, length, contentEncoding, spec.compression());
        if (plain.length == 0) {
            return null;
        }
        refuseCbor(contentType);
        Charset charset = charset("request", contentType);
        switch (spec.encoding()) {
            case NDJSON:
                return JsonText.of(ndjson(new String(plain, charset)), "request body");
            case BULK:
                return JsonText.of(BulkBody.rows(new String(plain, charset)), "request body");
            case FORM: {
                ObjectNode fields = MultipartForm.isMultipart(contentType)
                        ? MultipartForm.fields(new String(plain, charset), contentType)
                        : formFields(new String(plain, charset), charset);
                return spec.formField() == null ? JsonText.of(Json.compact(fields), "request body")
                        : formFieldJson(fields, spec.formField(), spec.formBase64());
            }
            default:
                return text(plain, charset, "request body");
        }
    }

    /** The response body as text, to stream per-row results from; an empty body is null. */
    JsonText responseText(byte[] bytes, int length, String contentEncoding, String contentType)
            throws UnreadableCallException {
        byte[] plain = decompress("response", bytes, length, contentEncoding, RequestSpec.Compression.AUTO);
        return plain.length == 0 ? null : text(plain, charset("response", contentType), "response body");
    }

    /** The response body as a JSON tree, to find a failed call's message in; an empty body is null. */
    JsonNode response(byte[] bytes, int length, String contentEncoding, String contentType)
            throws UnreadableCallException {
        JsonText text = responseText(bytes, length, contentEncoding, contentType);
        return text == null ? null : json("response body", text.decoded().chars());
    }

    /** UTF-8, JSON's own, may be read as bytes; any other charset is decoded. */
    private static JsonText text(byte[] plain, Charset charset, String what) {
        return charset.equals(StandardCharsets.UTF_8) ? JsonText.ofUtf8(plain, plain.length, what)
                : JsonText.of(new String(plain, charset), what);
    }

    /**
     * CBOR, binary, would fail as JSON with a garbled first character: the error names the format instead, and the
     * AWS SDK's own switch to JSON for its CBOR content type (Kinesis, CloudWatch and others send CBOR by default).
     */
    private static void refuseCbor(String contentType) throws UnreadableCallException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String mediaType = (parameters < 0 ? type : type.substring(0, parameters)).trim();
        if (mediaType.endsWith("/cbor") || mediaType.contains("cbor-")) {
            throw new UnreadableCallException("request body is CBOR (Content-Type " + mediaType + "), which synclog does"
                    + " not read, so its rows were not recorded; make the client send JSON" + (mediaType.contains("x-amz-")
                    ? " (the AWS SDK for Java does with -Daws.cborEnabled=false)" : ""));
        }
    }

    /** The {@code charset} parameter of a Content-Type; UTF-8 without one. */
    private static Charset charset(String which, String contentType) throws UnreadableCallException {
        String name = HeaderParameters.parameter(contentType, "charset");
        if (name == null || name.equalsIgnoreCase("utf-8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnreadableCallException(which + " body is in the charset '" + name + "' (its Content-Type), which"
                    + " this JVM cannot decode; the destination must answer in a charset Java knows, such as UTF-8");
        }
    }

    private byte[] decompress(String which, byte[] bytes, int length, String contentEncoding,
                              RequestSpec.Compression compression) throws UnreadableCallException {
        if (bytes == null || length == 0) {
            return new byte[0];
        }
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        boolean gzipMagic = length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        boolean gzip = compression == RequestSpec.Compression.GZIP
                || (compression == RequestSpec.Compression.AUTO && (encoding.equals("gzip") || encoding.equals("x-gzip") || gzipMagic));
        boolean deflate = compression == RequestSpec.Compression.AUTO && encoding.equals("deflate");
        if (!gzip && !deflate) {
            if (compression == RequestSpec.Compression.AUTO && !encoding.isEmpty() && !encoding.equals("identity")) {
                throw new UnreadableCallException(which + " body is " + encoding + "-encoded, which synclog cannot decode"
                        + " (it reads gzip and deflate)");
            }
            return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
        }
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(bytes, 0, length))
                : new InflaterInputStream(new ByteArrayInputStream(bytes, 0, length))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecodedBytes, length * 4));
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + n > maxDecodedBytes) {
                    throw new UnreadableCallException(which + " body inflates past the " + maxDecodedBytes
                            + "-byte capture cap; raise capture.max_body_size to read it");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UnreadableCallException(which + " body is not valid " + (gzip ? "gzip" : "deflate") + " data ("
                    + e.getMessage() + ")");
        }
    }

    private static JsonNode json(String what, String text) throws UnreadableCallException {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            throw new UnreadableCallException(what + " is not valid JSON: " + Json.parseProblem(e));
        }
    }

    /** The lines as one JSON array, each line checked on its own (so that an error names its line) and cut after its value. */
    private static String ndjson(String text) throws UnreadableCallException {
        StringBuilder array = new StringBuilder(text.length() + 2).append('[');
        String[] split = text.split("\r?\n");
        for (int i = 0; i < split.length; i++) {
            if (!split[i].isBlank()) {
                array.append(array.length() > 1 ? "," : "").append(split[i], 0, endOfValue(split[i], "NDJSON line " + (i + 1)));
            }
        }
        return array.append(']').toString();
    }

    /**
     * Where the line's first JSON value ends; what follows it is ignored, as a JSON body's trailing text is.
     *
     * @param where the line, for errors: {@code NDJSON line 3}
     */
    static int endOfValue(String line, String where) throws UnreadableCallException {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(line)) {
            parser.nextToken();
            parser.skipChildren();
            parser.finishToken();
            return (int) parser.currentLocation().getCharOffset();
        } catch (JsonProcessingException e) {
            throw new UnreadableCallException("request body (" + where + ") is not valid JSON: " + Json.parseProblem(e));
        } catch (IOException e) {
            throw new UnreadableCallException("request body (" + where + ") could not be read: " + e.getMessage());
        }
    }

    /** {@code a=1&b=2} as {@code {"a":"1","b":"2"}}; a repeated name collects its values in an array. */
    private static ObjectNode formFields(String text, Charset charset) throws UnreadableCallException {
        try {
            return decodeForm(text, charset);
        } catch (IllegalArgumentException e) {
            throw new UnreadableCallException("request body is not a valid form (" + e.getMessage() + ")");
        }
    }

    /** Percent-escapes stand for bytes in the body's charset. */
    private static ObjectNode decodeForm(String text, Charset charset) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
            addFormField(fields, name, value);
        }
        return fields;
    }

    /** A form's field; a repeated name gives an array of its values, in order. */
    static void addFormField(ObjectNode fields, String name, String value) {
        JsonNode earlier = fields.get(name);
        if (earlier == null) {
            fields.put(name, value);
        } else if (earlier.isArray()) {
            ((ArrayNode) earlier).add(value);
        } else {
            fields.putArray(name).add(earlier).add(value);
        }
    }

    private static JsonText formFieldJson(ObjectNode fields, String field, boolean base64)
            throws UnreadableCallException {
        JsonNode value = fields.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnreadableCallException("request form has " + (value == null ? "no" : "more than one") + " field '"
                    + field + "' (request.form_field)");
        }
        String json = value.textValue();
        if (base64) {
            try {
                json = new String(decodeBase64(json.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new UnreadableCallException("request form field '" + field + "' is not base64 (" + e.getMessage() + ")");
            }
        }
        return JsonText.of(json, "request form field '" + field + "'");
    }

    /** Standard or URL-safe alphabet, padded or not: SDKs use all of them. */
    private static byte[] decodeBase64(String text) {
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        return (urlSafe ? Base64.getUrlDecoder() : Base64.getMimeDecoder()).decode(text);
    }
}
