package dev.synclog.agent.instrumentation;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map from the app's objects (its connections), by identity, that does not keep them alive: an entry goes once its
 * key is collected. Looked up by every thread several times per call, so lookups take no lock (a synchronized
 * {@code WeakHashMap} here was a global lock that 64 app threads queued on); a put clears the entries of collected
 * keys.
 */
public final class WeakIdentityMap<K, V> {
    private final ConcurrentHashMap<Object, V> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    public V get(K key) {
        return entries.get(new Lookup(key));
    }

    public void put(K key, V value) {
        clearCollected();
        entries.put(new WeakKey<>(key, collected), value);
    }

    /** The entries whose keys are still alive (and some collected ones whose clearing is still to come). */
    public int size() {
        clearCollected();
        return entries.size();
    }

    private void clearCollected() {
        for (Reference<? extends K> key; (key = collected.poll()) != null; ) {
            entries.remove(key);
        }
    }

    /**
     * A key in the map. Once its object is collected it equals only itself: the queued reference finds and removes
     * its entry.
     */
    private static final class WeakKey<K> extends WeakReference<K> {
        private final int hash;

        WeakKey(K key, ReferenceQueue<K> queue) {
            super(key, queue);
            hash = System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object key = get();
            return key != null && other instanceof WeakKey<?> weak && weak.get() == key;
        }
    }

    /** A key as looked up, for the time of one lookup: the map compares it with its keys. */
    private static final class Lookup {
        private final Object key;

        Lookup(Object key) {
            this.key = key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WeakKey<?> weak && weak.get() == key;
        }
    }
}
