package dev.synclog.agent.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.synclog.agent.AgentLog;

/**
 * The transformer premain registers before it returns, so that no class loaded afterwards escapes, while Byte
 * Buddy (about half a second of class loading) is still being set up on another thread, or not set up at all.
 * Every class the JVM loads passes through here; only those an instrumentation names reach Byte Buddy, and a
 * class that arrives before Byte Buddy is ready starts its set-up if need be and waits for it: its calls are
 * captured all the same. The JDK's client classes and the app classes the config names ({@link ConfiguredClasses})
 * come from the {@link TransformCache} when an earlier start transformed the same bytes for the same config, without
 * Byte Buddy.
 */
final class DeferredTransformer implements ClassFileTransformer {
    /** Past this, a class is loaded as it is (its calls go uncaptured) rather than hold up the app any longer. */
    private static final long SETUP_WAIT_SECONDS = 30;

    private final TypeNameFilter targets;
    private final ByteBuddySetup byteBuddy;
    private final ClassLoader agentLoader;
    private final TransformCache cache;
    private final ConfiguredClasses configured;
    private final Instrumentation inst;
    private final Module bridge;

    /** @param bridge the module of the classes advice calls, which each transformed class must read */
    DeferredTransformer(TypeNameFilter targets, ByteBuddySetup byteBuddy, ClassLoader agentLoader,
                        TransformCache cache, ConfiguredClasses configured, Instrumentation inst, Module bridge) {
        this.targets = targets;
        this.byteBuddy = byteBuddy;
        this.agentLoader = agentLoader;
        this.cache = cache;
        this.configured = configured;
        this.inst = inst;
        this.bridge = bridge;
    }

    boolean isTarget(Class<?> type) {
        return type.getClassLoader() != agentLoader && targets.matches(type.getName().replace('.', '/'));
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        if (loader == agentLoader || !targets.matches(className)) {
            return null;
        }
        // The JDK's clients are transformed from their bytes alone, a class the config names from its bytes and what
        // the config says of it; a library's fit is checked per class loader (LibraryCheck), by Byte Buddy: not cached.
        boolean jdkClass = loader == null || loader == ClassLoader.getPlatformClassLoader();
        String cacheInputs = jdkClass ? "" : configured.cacheInputs(className);
        if (cacheInputs != null) {
            byte[] cached = cache.get(className, cacheInputs, classFile);
            if (cached != null) {
                // What Byte Buddy's transformation does besides the bytes (assureReadEdgeTo): advice calls the bridge.
                if (!module.canRead(bridge)) {
                    inst.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
                }
                if (Boolean.getBoolean("synclog.debug")) {
                    AgentLog.info("instrumented " + className.replace('/', '.') + " (from the class cache)");
                }
                return cached;
            }
        }
        ClassFileTransformer transformer = byteBuddy(className);
        if (transformer == null) {
            return null;
        }
        long warnings = AgentLog.warnings();
        byte[] transformed = transformer.transform(module, loader, className, classBeingRedefined, domain, classFile);
        // A transformation that warned (an SDK method the config names is missing) is not kept: each start warns again.
        if (cacheInputs != null && transformed != null && AgentLog.warnings() == warnings) {
            cache.put(className, cacheInputs, classFile, transformed);
        }
        return transformed;
    }

    private ClassFileTransformer byteBuddy(String className) {
        try {
            return byteBuddy.transformer(className.replace('/', '.')).get(SETUP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            AgentLog.failure("setting up the instrumentations (no call is captured)", e.getCause());
        } catch (TimeoutException e) {
            AgentLog.failure("setting up the instrumentations (not ready after " + SETUP_WAIT_SECONDS
                    + " s: classes loaded meanwhile are not instrumented)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
