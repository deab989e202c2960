package dev.synclog.agent.rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;

/**
 * What the first captured call's body reading does, on a small body, through the interpreter's own mapper: its
 * classes, its serializer and deserializer caches and the parsers of both kinds of text. Run on a background thread
 * at start, so the app's first call finds them ready instead of making them.
 */
public final class JsonWarmUp {
    /** A response body of the usual shape: an items array of objects, strings, booleans and an exact decimal. */
    private static final String BODY = "{\"results\":[{\"id\":\"C1\",\"ok\":true,\"price\":1.50,\"n\":2}]}";

    private JsonWarmUp() {
    }

    public static void run() throws IOException {
        byte[] ascii = BODY.getBytes(StandardCharsets.US_ASCII);
        for (JsonText text : new JsonText[] {JsonText.ofUtf8(ascii, ascii.length, "warm-up"), JsonText.of(BODY, "warm-up")}) {
            try (JsonParser parser = text.parser()) {
                parser.nextToken();
                Json.compact(Json.node(parser).at("/results/0"));
            }
        }
    }
}
