package dev.synclog.agent.rows;

import dev.synclog.events.RowStatus;

/** One row's status and, when it failed, why. */
record Verdict(RowStatus status, String reason) {
    static final Verdict SUCCEEDED = new Verdict(RowStatus.SUCCEEDED, null);

    static Verdict failed(String reason) {
        return new Verdict(RowStatus.FAILED, reason);
    }
}
