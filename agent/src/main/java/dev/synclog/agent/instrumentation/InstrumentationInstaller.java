package dev.synclog.agent.instrumentation;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.bridge.Capture;

/**
 * Puts the instrumentations in place on the premain thread: registers a {@link DeferredTransformer}, which serves
 * the JDK's clients and the app classes the config names from the {@link TransformCache} and hands every other
 * target class to Byte Buddy, and retransforms the few target classes already loaded (none, usually, at premain).
 * Byte Buddy is set up at once when it will surely be needed: on a service's first start (the cache holds nothing of
 * this build), or when the config names app classes to instrument that an earlier start with this config did not
 * cache; otherwise as soon as a library only it instruments is found on the app's class path
 * ({@link LibraryOnClassPath}), or when a class needs it.
 */
public final class InstrumentationInstaller {
    private InstrumentationInstaller() {
    }

    /**
     * Returns once every class loaded from now on passes through the instrumentations and the target classes
     * already loaded have been retransformed.
     *
     * @param cacheDir     where transformed classes are kept for later starts ({@link TransformCache})
     * @param agentBuild   tells this agent's build from others, for the cache
     * @param appClasses   names the app's classes the config has instrumented (a run method, SDK methods), or null
     * @param premainNanos when premain began, for the debug log
     */
    public static void install(Instrumentation inst, List<ClientInstrumentation> instrumentations, Path cacheDir,
                               String agentBuild, String appClasses, long premainNanos) {
        TransformCache cache = new TransformCache(cacheDir, agentBuild);
        ByteBuddySetup byteBuddy = new ByteBuddySetup(inst, instrumentations, premainNanos);
        ConfiguredClasses configured = new ConfiguredClasses(instrumentations);
        if (appClasses != null && !configured.likelyServedBy(cache)) {
            byteBuddy.transformer(appClasses + ", named in the config");
        } else if (!cache.holdsEntriesOfThisBuild()) {
            byteBuddy.transformer("a first start (the class cache holds nothing of this build)");
        } else {
            // The app classes the config names are on the class path too, but come from the cache.
            LibraryOnClassPath.startSetUpIfPresent(byteBuddy, configured.libraries());
        }
        DeferredTransformer deferred = new DeferredTransformer(new TypeNameFilter(instrumentations), byteBuddy,
                InstrumentationInstaller.class.getClassLoader(), cache, configured, inst, Capture.class.getModule());
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
}
