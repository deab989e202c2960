package dev.synclog.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Loads what every captured call's body reading needs and the app's start does not (Jackson's tree model: about 370
 * classes, and the JDK's date and number formats its mapper sets up) on a background thread from premain, while the
 * app starts. Else they load on the app's thread inside its first captured call, which then waits for all of it.
 */
final class FirstCallWarmUp {
    /** A response body of the usual shape: an items array of objects, strings, booleans and an exact decimal. */
    private static final String BODY = "{\"results\":[{\"id\":\"C1\",\"ok\":true,\"price\":1.50,\"n\":2}]}";

    private FirstCallWarmUp() {
    }

    static void start() {
        Thread thread = new Thread(FirstCallWarmUp::run, "synclog-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            ObjectMapper mapper = JsonMapper.builder().build();
            JsonNode body = mapper.readTree(BODY);
            mapper.writeValueAsString(body.at("/results/0"));
        } catch (Throwable t) {
            // Only a head start: the first call loads whatever this did not, and reports what fails there.
        }
    }
}
