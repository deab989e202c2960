package dev.synclog.agent.rows;

import dev.synclog.events.RowStatus;

import java.util.List;

/**
 * What one captured call did to its rows. {@code callError} says why the call as a whole failed or could not
 * be read (transport error, non-2xx status, unreadable body, result count mismatch...), or null when none.
 * Rows and a call error can come together: e.g. every row failed with the reason that is also the call error.
 */
public record CallInterpretation(List<RowOutcome> rows, String callError) {
    public CallInterpretation {
        rows = rows instanceof RowOutcomes ? rows : List.copyOf(rows);
    }

    /** The row's status, without making its {@link RowOutcome}. */
    public RowStatus status(int row) {
        return rows instanceof RowOutcomes ? ((RowOutcomes) rows).status(row) : rows.get(row).status();
    }

    /**
     * Every row's failure reason (null where it succeeded), without making a {@link RowOutcome}: the
     * interpretation's own array where it has one, to be read, not changed.
     */
    public String[] failureReasons() {
        if (rows instanceof RowOutcomes) {
            return ((RowOutcomes) rows).reasons();
        }
        String[] reasons = new String[rows.size()];
        for (int row = 0; row < reasons.length; row++) {
            reasons[row] = rows.get(row).failureReason();
        }
        return reasons;
    }
}
