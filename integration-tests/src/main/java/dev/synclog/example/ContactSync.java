package dev.synclog.example;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sync job: each {@link #runOnce()} reads the contacts table, compares it with what each destination
 * accepted before, and pushes the adds, changes and removes in batches: the whole table to the CRM, the
 * {@code in_audience} rows to the audience.
 */
public final class ContactSync {
    private final Path sourceTable;
    private final Path stateDir;
    private final CrmClient crm;
    private final AudienceClient audience;
    private final int crmBatchSize;
    private final int audienceBatchSize;

    public ContactSync(Path sourceTable, Path stateDir, CrmClient crm, AudienceClient audience,
                       int crmBatchSize, int audienceBatchSize) {
        this.sourceTable = sourceTable;
        this.stateDir = stateDir;
        this.crm = crm;
        this.audience = audience;
        this.crmBatchSize = crmBatchSize;
        this.audienceBatchSize = audienceBatchSize;
    }

    /** One run. Rows a destination refuses are left out of the saved state, so the next run plans them again. */
    public RunReport runOnce() {
        long start = System.nanoTime();
        SyncState state = SyncState.load(stateDir);
        List<Contact> source = ContactCsv.read(sourceTable);
        RunReport report = new RunReport(state.startRun());

        Plan toCrm = Plan.between(source, state.crm());
        push(report, "crm", state.crm(), toCrm.upserts(), crmBatchSize, crm::upsert);
        push(report, "crm", state.crm(), toCrm.removes(), crmBatchSize, crm::archive);

        Plan toAudience = Plan.between(source.stream().filter(Contact::inAudience).toList(), state.audience());
        push(report, "audience", state.audience(), toAudience.adds(), audienceBatchSize, audience::add);
        push(report, "audience", state.audience(), toAudience.removes(), audienceBatchSize, audience::remove);

        state.saveRows();
        report.finished((System.nanoTime() - start) / 1_000_000);
        return report;
    }

    /** One destination call per batch of one kind of call. */
    @FunctionalInterface
    private interface BatchCall {
        BatchResult send(int run, List<Contact> batch);
    }

    private static void push(RunReport report, String destination, Map<String, Contact> sent,
                             List<PlannedRow> rows, int batchSize, BatchCall call) {
        for (int from = 0; from < rows.size(); from += batchSize) {
            List<PlannedRow> batch = rows.subList(from, Math.min(from + batchSize, rows.size()));
            BatchResult result = call.send(report.run(), batch.stream().map(PlannedRow::contact).toList());
            for (PlannedRow row : batch) {
                boolean succeeded = result.failureOf(row.contact().id()).isEmpty();
                report.count(destination, row.op(), succeeded);
                if (succeeded) {
                    row.applyTo(sent);
                }
            }
        }
    }
}
