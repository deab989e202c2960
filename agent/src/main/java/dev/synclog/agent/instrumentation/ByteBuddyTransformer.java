package dev.synclog.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.bridge.Capture;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * The instrumentations as one Byte Buddy transformer. The default ignore rule skips every bootstrap and platform
 * class, which would silently miss the JDK's HTTP clients, so the agent sets its own: Byte Buddy, itself and its
 * loader. Advice only, no class format changes, so loaded classes can be retransformed.
 */
final class ByteBuddyTransformer {
    private ByteBuddyTransformer() {
    }

    static ClassFileTransformer make(Instrumentation inst, List<ClientInstrumentation> instrumentations) {
        ClassLoader agentLoader = ByteBuddyTransformer.class.getClassLoader();
        AgentBuilder builder = new AgentBuilder.Default()
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
        for (ClientInstrumentation instrumentation : instrumentations) {
            builder = instrumentation.install(builder);
        }
        return builder.makeRaw();
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
