package dev.synclog.agent.rows;

import dev.synclog.events.RowStatus;

import java.util.AbstractList;

/**
 * A call's row outcomes over its request's rows and their verdicts, without an object a row: the journal reads the
 * statuses and reasons ({@link CallInterpretation#status}); a {@link RowOutcome}, with its id and fields as Strings,
 * is made only for whoever reads the list.
 */
final class RowOutcomes extends AbstractList<RowOutcome> {
    private final RequestRows request;
    private final Verdict[] verdicts;
    /** Per row, the reason as it leaves (scrubbed and bounded), or null; null when no row has one. */
    private final String[] reasons;

    RowOutcomes(RequestRows request, Verdict[] verdicts, String[] reasons) {
        this.request = request;
        this.verdicts = verdicts;
        this.reasons = reasons;
    }

    @Override
    public int size() {
        return request.size();
    }

    @Override
    public RowOutcome get(int row) {
        return new RowOutcome(request.id(row), request.extracted().rows().op(row), status(row), reason(row),
                request.fields(row));
    }

    RowStatus status(int row) {
        return verdicts[row].status();
    }

    String reason(int row) {
        return reasons == null ? null : reasons[row];
    }

    /** Every row's reason, the array itself when there is one. */
    String[] reasons() {
        return reasons == null ? new String[size()] : reasons;
    }
}
