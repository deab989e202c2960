package dev.synclog.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The app's connections, mapped to their calls without being kept alive, looked up from many threads at once. */
class WeakIdentityMapTest {

    @Test
    void anEntryGoesOnceItsKeyIsCollectedAndALiveOneStays() throws InterruptedException {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        Object live = new Object();
        map.put(live, "live");
        for (int i = 0; i < 1_000; i++) {
            map.put(new Object(), "dropped " + i);
        }
        for (int tries = 0; tries < 100 && map.size() > 1; tries++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(map.size()).as("entries left after the keys were dropped and collected").isEqualTo(1);
        assertThat(map.get(live)).isEqualTo("live");
    }

    @Test
    void keysAreTheirIdentityNotTheirEquality() {
        WeakIdentityMap<String, Integer> map = new WeakIdentityMap<>();
        String one = new String("connection");
        String other = new String("connection");
        map.put(one, 1);
        assertThat(map.get(other)).isNull();
        map.put(other, 2);
        map.put(one, 3);
        assertThat(map.get(one)).isEqualTo(3);
        assertThat(map.get(other)).isEqualTo(2);
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void manyThreadsEachFindTheirOwnEntries() throws Exception {
        WeakIdentityMap<Object, Integer> map = new WeakIdentityMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> found = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                found.add(threads.submit(() -> {
                    int right = 0;
                    for (int i = 0; i < 20_000; i++) {
                        Object connection = new Object();
                        map.put(connection, i);
                        right += map.get(connection) == i && map.get(new Object()) == null ? 1 : 0;
                    }
                    return right;
                }));
            }
            for (Future<Integer> thread : found) {
                assertThat(thread.get(60, TimeUnit.SECONDS)).isEqualTo(20_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
