package dev.synclog.example.destinations;

import java.util.LinkedHashMap;
import java.util.Map;

/** HubSpot's error body: {@code {"status":"error","category":"…","message":"…"}}. */
final class HubSpotErrors implements ErrorStyle {

    @Override
    public String standardMessage(int httpStatus) {
        return switch (httpStatus) {
            case 401 -> "Authentication credentials not found. This API supports OAuth 2.0 authentication.";
            case 429 -> "You have reached your secondly limit.";
            default -> "internal error";
        };
    }

    @Override
    public Map<String, Object> body(int httpStatus, String message) {
        return error(switch (httpStatus) {
            case 400 -> "VALIDATION_ERROR";
            case 401 -> "INVALID_AUTHENTICATION";
            case 429 -> "RATE_LIMITS";
            default -> "INTERNAL_ERROR";
        }, message);
    }

    static Map<String, Object> error(String category, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", category);
        error.put("message", message);
        return error;
    }
}
