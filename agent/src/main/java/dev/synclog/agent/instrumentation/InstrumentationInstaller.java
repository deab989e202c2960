package dev.synclog.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.bridge.Capture;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the instrumentations with Byte Buddy, whose set-up runs on a background thread from the start of
 * premain: premain only registers a {@link DeferredTransformer} in front of it, and retransforms the few target
 * classes already loaded (none, usually, at premain). The default ignore rule skips every bootstrap and platform
 * class, which would silently miss the JDK's HTTP clients, so the agent sets its own: Byte Buddy, itself and its
 * loader. Advice only, no class format changes, so loaded classes can be retransformed.
 */
public final class InstrumentationInstaller {
    private static final Executor BACKGROUND = task -> {
        Thread thread = new Thread(task, "synclog-instrumentation-setup");
        thread.setDaemon(true);
        thread.start();
    };

    private final Instrumentation inst;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<AgentBuilder> common;

    private InstrumentationInstaller(Instrumentation inst) {
        this.inst = inst;
        this.common = CompletableFuture.supplyAsync(() -> commonBuilder(inst), BACKGROUND);
    }

    /** Starts loading Byte Buddy and building what every configuration shares, while premain reads the config. */
    public static InstrumentationInstaller prepare(Instrumentation inst) {
        return new InstrumentationInstaller(inst);
    }

    /**
     * Returns once every class loaded from now on passes through the instrumentations (waiting for Byte Buddy
     * if it is not ready yet) and the target classes already loaded have been retransformed.
     *
     * @param cacheDir   where the JDK's transformed client classes are kept for later starts ({@link TransformCache})
     * @param agentBuild tells this agent's build from others, for the cache
     */
    public void install(List<ClientInstrumentation> instrumentations, Path cacheDir, String agentBuild) {
        CompletableFuture<ClassFileTransformer> byteBuddy = common.thenApplyAsync(builder -> {
            for (ClientInstrumentation instrumentation : instrumentations) {
                builder = instrumentation.install(builder);
            }
            ClassFileTransformer transformer = builder.makeRaw();
            if (Boolean.getBoolean("synclog.debug")) {
                AgentLog.info("Byte Buddy ready " + (System.nanoTime() - startNanos) / 1_000_000 + " ms after premain began");
            }
            return transformer;
        }, BACKGROUND);
        DeferredTransformer deferred = new DeferredTransformer(new TypeNameFilter(instrumentations), byteBuddy,
                InstrumentationInstaller.class.getClassLoader(), new TransformCache(cacheDir, agentBuild), inst,
                Capture.class.getModule());
        inst.addTransformer(deferred, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (deferred.isTarget(type) && inst.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                inst.retransformClasses(loaded.toArray(Class<?>[]::new));
            } catch (UnmodifiableClassException | RuntimeException e) {
                AgentLog.failure("instrumenting the already loaded " + loaded, e);
            }
        }
    }

    private static AgentBuilder commonBuilder(Instrumentation inst) {
        ClassLoader agentLoader = InstrumentationInstaller.class.getClassLoader();
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                .with(new FailureListener())
                .ignore(nameStartsWith("net.bytebuddy.")
                        .or(nameStartsWith("dev.synclog.agent.bridge."))
                        .or(nameStartsWith("dev.synclog.agent.boot."))
                        .or(nameStartsWith("jdk.internal.reflect."))
                        .or(nameStartsWith("jdk.proxy"))
                        .or(nameStartsWith("com.sun.proxy."))
                        .or(nameContains("$$Lambda"))
                        .or(nameContains("$ByteBuddy")))
                .or(any(), is(agentLoader))
                .assureReadEdgeTo(inst, Capture.class);
    }

    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentLog.failure("instrumenting " + typeName, throwable);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (Boolean.getBoolean("synclog.debug")) {
                AgentLog.info("instrumented " + type.getName());
            }
        }
    }
}
