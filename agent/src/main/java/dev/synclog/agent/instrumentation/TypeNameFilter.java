package dev.synclog.agent.instrumentation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes any instrumentation may transform, by name: the cheap test every class the JVM loads passes
 * through, before Byte Buddy describes anything. Names are kept in the JVM's internal form
 * ({@code java/lang/String}), the form class file transformers receive.
 */
final class TypeNameFilter {
    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    TypeNameFilter(List<ClientInstrumentation> instrumentations) {
        for (ClientInstrumentation instrumentation : instrumentations) {
            for (String name : instrumentation.typeNames()) {
                String internal = name.replace('.', '/');
                if (internal.endsWith("/")) {
                    prefixes.add(internal);
                } else {
                    exact.add(internal);
                }
            }
        }
    }

    /** @param internalName as a transformer receives it; null for hidden classes and lambdas */
    boolean matches(String internalName) {
        if (internalName == null) {
            return false;
        }
        if (exact.contains(internalName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
