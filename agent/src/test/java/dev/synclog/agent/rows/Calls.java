package dev.synclog.agent.rows;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.config.EndpointRule;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/** Builds endpoint rules from YAML and captured calls as the instrumentation would hand them over. */
final class Calls {
    private Calls() {
    }

    /** The single endpoint of a config made of {@code sync_id: test} plus the given YAML (top-level keys). */
    static EndpointRule rule(String yaml) {
        try {
            return AgentConfig.parse("sync:\n  sync_id: test\n" + yaml, "test.yaml", Map.of(), new Properties()).endpoints().get(0);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static CallRecord call(String method, String uri, String requestBody, int status, String responseBody) {
        return call(method, uri, bytes(requestBody), status, bytes(responseBody));
    }

    static CallRecord call(String method, String uri, byte[] requestBody, int status, byte[] responseBody) {
        CallRecord call = new CallRecord();
        call.client = "java-http-client";
        call.method = method;
        call.uri = URI.create(uri);
        call.requestContentType = "application/json";
        call.requestBody = requestBody;
        call.requestBodyLength = requestBody == null ? 0 : requestBody.length;
        call.status = status;
        call.responseContentType = "application/json";
        call.responseBody = responseBody;
        call.responseBodyLength = responseBody == null ? 0 : responseBody.length;
        return call;
    }

    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
