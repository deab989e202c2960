package dev.synclog.agent.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.synclog.agent.AgentLog;

/**
 * Byte Buddy's set-up (about 1,000 classes: the agent builder, advice parsing, ASM), run once on a background thread
 * when first asked for: at premain on a service's first start, otherwise only when a class the class cache cannot
 * serve appears. The class that asks waits for it. Nothing here names a Byte Buddy class, so that loading this one
 * loads none of them.
 */
final class ByteBuddySetup {
    private final Instrumentation inst;
    private final List<ClientInstrumentation> instrumentations;
    private final long premainNanos;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<ClassFileTransformer> transformer = new CompletableFuture<>();

    ByteBuddySetup(Instrumentation inst, List<ClientInstrumentation> instrumentations, long premainNanos) {
        this.inst = inst;
        this.instrumentations = instrumentations;
        this.premainNanos = premainNanos;
    }

    /** The transformer, ready or being made; starts making it if nothing asked before. */
    Future<ClassFileTransformer> transformer(String neededFor) {
        if (started.compareAndSet(false, true)) {
            Thread thread = new Thread(() -> make(neededFor), "synclog-instrumentation-setup");
            thread.setDaemon(true);
            thread.start();
        }
        return transformer;
    }

    private void make(String neededFor) {
        try {
            transformer.complete(ByteBuddyTransformer.make(inst, instrumentations));
            if (Boolean.getBoolean("synclog.debug")) {
                AgentLog.info("Byte Buddy ready " + (System.nanoTime() - premainNanos) / 1_000_000
                        + " ms after premain began, set up for " + neededFor);
            }
        } catch (Throwable t) {
            transformer.completeExceptionally(t);
        }
    }
}
