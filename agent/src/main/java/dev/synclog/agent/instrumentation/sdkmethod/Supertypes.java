package dev.synclog.agent.instrumentation.sdkmethod;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A class and every class and interface above it, nearest first, each once: what the agent searches for the type an
 * app object is read through (a protobuf message's {@code MessageOrBuilder}, a future's public {@code addListener}),
 * without loading that type itself. Asked once per class, from a {@code ClassValue}.
 */
final class Supertypes {
    private Supertypes() {
    }

    static Set<Class<?>> of(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> toVisit = new ArrayDeque<>();
        toVisit.add(type);
        while (!toVisit.isEmpty()) {
            Class<?> candidate = toVisit.poll();
            if (!seen.add(candidate)) {
                continue;
            }
            if (candidate.getSuperclass() != null) {
                toVisit.add(candidate.getSuperclass());
            }
            toVisit.addAll(List.of(candidate.getInterfaces()));
        }
        return seen;
    }
}
