package dev.synclog.agent.instrumentation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app classes the config names for instrumentation ({@link ClientInstrumentation#configuredClasses}), and which of
 * them the class cache may keep: those that every instrumentation naming them describes, and that no other
 * instrumentation (a library's, by package) may transform too. Such a class's cache key holds, besides its bytes
 * and the agent's build, what each of those instrumentations says of it, in the order they are installed, which is
 * the order their advice is woven in.
 */
final class ConfiguredClasses {
    /** By internal name, what of the config decides the class's transformation. */
    private final Map<String, String> cacheable = new LinkedHashMap<>();
    private final Set<String> notCacheable = new HashSet<>();
    /** The instrumentations that name no class of the config: the libraries'. */
    private final List<ClientInstrumentation> libraries = new ArrayList<>();

    ConfiguredClasses(List<ClientInstrumentation> instrumentations) {
        Map<ClientInstrumentation, Map<String, Optional<String>>> namedBy = new LinkedHashMap<>();
        for (ClientInstrumentation instrumentation : instrumentations) {
            Map<String, Optional<String>> named = instrumentation.configuredClasses();
            namedBy.put(instrumentation, named);
            if (named.isEmpty()) {
                libraries.add(instrumentation);
            }
        }
        Map<String, StringBuilder> described = new LinkedHashMap<>();
        for (ClientInstrumentation instrumentation : instrumentations) {
            for (Map.Entry<String, Optional<String>> named : namedBy.get(instrumentation).entrySet()) {
                String internalName = named.getKey().replace('.', '/');
                if (named.getValue().isEmpty()) {
                    notCacheable.add(internalName);
                } else {
                    described.computeIfAbsent(internalName, n -> new StringBuilder()).append(instrumentation.name())
                            .append(": ").append(named.getValue().get()).append('\n');
                }
            }
        }
        for (ClientInstrumentation instrumentation : instrumentations) {
            TypeNameFilter names = new TypeNameFilter(List.of(instrumentation));
            Set<String> own = new HashSet<>();
            namedBy.get(instrumentation).keySet().forEach(name -> own.add(name.replace('.', '/')));
            for (String internalName : described.keySet()) {
                if (names.matches(internalName) && !own.contains(internalName)) {
                    notCacheable.add(internalName);
                }
            }
        }
        described.forEach((internalName, inputs) -> {
            if (!notCacheable.contains(internalName)) {
                cacheable.put(internalName, inputs.toString());
            }
        });
    }

    /** The instrumentations that name no class of the config (a library's): those a class-path look may find. */
    List<ClientInstrumentation> libraries() {
        return libraries;
    }

    /**
     * What, besides its bytes and the agent's build, decides how the named class is transformed, when the class cache
     * may keep it; null for a class the config does not name or whose transformation reads more.
     *
     * @param internalName as a transformer receives it ({@code com/acme/ContactSync})
     */
    String cacheInputs(String internalName) {
        return cacheable.get(internalName);
    }

    /**
     * Whether an earlier start with this config cached the classes it names, so that they are likely to come from the
     * cache: every one is cacheable, and the cache holds one at least for this config. Not all: a class the config
     * names may never load (an SDK method the app does not use this time).
     */
    boolean likelyServedBy(TransformCache cache) {
        if (!notCacheable.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> named : cacheable.entrySet()) {
            if (cache.holdsEntryOf(named.getKey(), named.getValue())) {
                return true;
            }
        }
        return false;
    }
}
