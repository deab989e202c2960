package dev.synclog.agent.instrumentation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One instrumented library: its name (as in the config's {@code capture.instrumentation}), the classes it may
 * transform and its transforms.
 */
public interface ClientInstrumentation {

    String name();

    /**
     * The binary names of the classes {@link #install} may transform; a name ending in {@code .} stands for every
     * class in that package and below it. Only these classes reach Byte Buddy (see {@link DeferredTransformer}),
     * so a class missing here is never instrumented.
     */
    List<String> typeNames();

    /**
     * How the library's jars start their file names as build tools name them ({@code okhttp-} for
     * {@code okhttp-4.12.0.jar} and {@code okhttp-jvm-5.5.1.jar}): how {@link LibraryOnClassPath} finds the library
     * nested in a Spring Boot executable jar, where no class of it is on the class path. None by default.
     */
    default List<String> jarNamePrefixes() {
        return List.of();
    }

    /**
     * The classes this instrumentation transforms because the config names them (a run method's, SDK methods'), by
     * binary name, each with what of the config decides its transformation when that, the class's own bytes and the
     * agent's build decide it all, so that the {@link TransformCache} may keep it; empty when the transformation reads
     * more (another class, say). None by default: a library's fit is checked per class loader ({@link LibraryCheck}),
     * so its classes are never kept.
     */
    default Map<String, Optional<String>> configuredClasses() {
        return Map.of();
    }

    AgentBuilder install(AgentBuilder builder);
}
