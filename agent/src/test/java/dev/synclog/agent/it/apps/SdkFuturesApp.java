package dev.synclog.agent.it.apps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.synclog.agent.it.apps.sdk.AcmeAsyncClient;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Address;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.UpsertResult;

/**
 * A sync service on {@link AcmeAsyncClient}, whose method returns a Guava {@code ListenableFuture} that the SDK's
 * thread completes later: a batch answered per row, one refused (the future fails), one the app cancels, one completed
 * from an interrupted thread, and one never answered before the app exits normally. Prints what it saw, and the
 * order in which its own listeners ran. With {@code runs}: two runs ({@link #syncOnce}), each answered after it returned.
 * With {@code many N}: N calls of one contact outstanding at once, then all answered.
 */
public final class SdkFuturesApp {
    public static void main(String[] args) throws Exception {
        AcmeAsyncClient crm = new AcmeAsyncClient();
        if (args.length > 0 && args[0].equals("runs")) {
            // Each run method returns before its future completes: the SDK answers after the run.
            ListenableFuture<List<UpsertResult>> first = syncOnce(crm, "r1");
            crm.deliver();
            ListenableFuture<List<UpsertResult>> second = syncOnce(crm, "r2");
            crm.deliver();
            System.out.println("runs: " + first.get() + " " + second.get());
            return;
        }
        if (args.length > 0 && args[0].equals("many")) {
            // More calls outstanding at once than the agent's bound: all are sent, then all answered.
            List<ListenableFuture<List<UpsertResult>>> sent = new ArrayList<>();
            for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
                sent.add(crm.batchUpsert(List.of(contact("m" + i, "m" + i + "@example.com"))));
            }
            crm.deliver();
            int answered = 0;
            for (ListenableFuture<List<UpsertResult>> future : sent) {
                answered += future.get().size();
            }
            System.out.println("many: " + answered + " answered");
            return;
        }
        List<String> listeners = Collections.synchronizedList(new ArrayList<>());

        ListenableFuture<List<UpsertResult>> upsert = crm.batchUpsert(List.of(contact("c1", "ann@example.com"),
                contact("c2", "bob@")));
        upsert.addListener(() -> listeners.add("listener"), MoreExecutors.directExecutor());
        Futures.addCallback(upsert, new FutureCallback<>() {
            @Override
            public void onSuccess(List<UpsertResult> results) {
                listeners.add("callback " + results);
            }

            @Override
            public void onFailure(Throwable failure) {
                listeners.add("callback failed " + failure);
            }
        }, MoreExecutors.directExecutor());
        System.out.println("done before delivery: " + upsert.isDone());
        crm.deliver();
        System.out.println("upsert: " + upsert.get());

        ListenableFuture<List<UpsertResult>> refused = crm.batchUpsert(List.of(contact("refused", "x@example.com"),
                contact("c3", "cat@example.com")));
        crm.deliver();
        try {
            refused.get();
        } catch (ExecutionException e) {
            System.out.println("refused: " + e.getCause());
        }

        ListenableFuture<List<UpsertResult>> cancelled = crm.batchUpsert(List.of(contact("c4", "dan@example.com")));
        System.out.println("cancel: " + cancelled.cancel(false) + ", cancelled: " + cancelled.isCancelled());
        crm.deliver();

        ListenableFuture<List<UpsertResult>> interrupted = crm.batchUpsert(List.of(contact("interrupted", "eve@example.com")));
        crm.deliver();
        System.out.println("interrupted: " + interrupted.get() + ", flag kept: " + crm.interruptKept());

        ListenableFuture<List<UpsertResult>> lost = crm.batchUpsert(List.of(contact("lost", "fay@example.com")));
        crm.deliver();
        System.out.println("lost done: " + lost.isDone());
        System.out.println("listeners: " + listeners);
    }

    /** A run: sends one contact and returns without waiting for the answer. */
    public static ListenableFuture<List<UpsertResult>> syncOnce(AcmeAsyncClient crm, String id) {
        return crm.batchUpsert(List.of(contact(id, id + "@example.com")));
    }

    private static Contact contact(String id, String email) {
        return new Contact(id, email, "pw", new Address("Oslo", null));
    }
}
