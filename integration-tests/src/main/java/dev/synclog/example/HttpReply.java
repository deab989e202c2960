package dev.synclog.example;

import java.util.OptionalLong;

/** What a destination answered to one POST: status, the Retry-After hint (seconds) if any, and the body. */
public record HttpReply(int status, OptionalLong retryAfterSeconds, byte[] body) {

    /** Reads a Retry-After header given in seconds; the HTTP-date form is not used by the APIs modelled here. */
    public static OptionalLong parseRetryAfter(String headerValue) {
        if (headerValue == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(headerValue.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
