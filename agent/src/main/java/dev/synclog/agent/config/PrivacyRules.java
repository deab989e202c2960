package dev.synclog.agent.config;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field names (matched case-insensitively, at any depth of a row's fields) whose values are dropped, replaced by
 * their SHA-256 hex, or masked before a row's fields leave the interpreter. Names are stored lower-cased.
 */
public record PrivacyRules(Set<String> exclude, Set<String> hash, Set<String> mask) {
    public static final PrivacyRules NONE = new PrivacyRules(Set.of(), Set.of(), Set.of());

    public PrivacyRules {
        exclude = lowerCased(exclude);
        hash = lowerCased(hash);
        mask = lowerCased(mask);
    }

    /** Both rule sets; an endpoint's own rules add to the global ones. */
    public PrivacyRules plus(PrivacyRules other) {
        return new PrivacyRules(union(exclude, other.exclude), union(hash, other.hash), union(mask, other.mask));
    }

    /** Whether a value under this name is protected in any way. */
    public boolean protects(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return exclude.contains(key) || hash.contains(key) || mask.contains(key);
    }

    public boolean isEmpty() {
        return exclude.isEmpty() && hash.isEmpty() && mask.isEmpty();
    }

    private static Set<String> lowerCased(Set<String> names) {
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            out.add(name.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
