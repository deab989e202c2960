package dev.synclog.example.destinations;

import java.util.LinkedHashMap;
import java.util.Map;

/** Google's API error body: {@code {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}}. */
final class GoogleErrors implements ErrorStyle {

    @Override
    public String standardMessage(int httpStatus) {
        return switch (httpStatus) {
            case 401 -> "Request had invalid authentication credentials.";
            case 429 -> "Quota exceeded for quota metric 'Audience member operations'.";
            default -> "Internal error encountered.";
        };
    }

    @Override
    public Map<String, Object> body(int httpStatus, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", httpStatus);
        error.put("message", message);
        error.put("status", switch (httpStatus) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 429 -> "RESOURCE_EXHAUSTED";
            default -> "INTERNAL";
        });
        return Map.of("error", error);
    }
}
