package dev.synclog.example.destinations;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;

/**
 * What a batch meets before the API looks at its rows: the bearer token, then the fault plan. A batch turned
 * away here is answered 401, 429 (with Retry-After) or 500, and every row of it is recorded as failed.
 */
final class BatchGate {
    private final String destination;
    private final String token;
    private final FaultPlan faults;
    private final GroundTruth truth;
    private final ErrorStyle errors;

    BatchGate(String destination, String token, FaultPlan faults, GroundTruth truth, ErrorStyle errors) {
        this.destination = destination;
        this.token = token;
        this.faults = faults;
        this.truth = truth;
        this.errors = errors;
    }

    /** True when the batch was turned away and answered. {@code ops.get(i)} is the op of {@code rowIds.get(i)}. */
    boolean turnedAway(HttpExchange exchange, int run, String endpoint, List<String> rowIds, List<String> ops)
            throws IOException {
        int status;
        Reason reason;
        if (!Exchanges.authorized(exchange, token)) {
            status = 401;
            reason = Reason.UNAUTHENTICATED;
        } else {
            Fault fault = faults.next(run, destination + "." + endpoint);
            if (fault == Fault.NONE) {
                return false;
            }
            status = fault == Fault.THROTTLE ? 429 : 500;
            reason = fault == Fault.THROTTLE ? Reason.RATE_LIMITED : Reason.INTERNAL_ERROR;
        }
        String message = errors.standardMessage(status);
        for (int i = 0; i < rowIds.size(); i++) {
            truth.failed(run, destination, endpoint, rowIds.get(i), ops.get(i), status, reason, message);
        }
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        Exchanges.send(exchange, status, errors.body(status, message));
        return true;
    }
}
