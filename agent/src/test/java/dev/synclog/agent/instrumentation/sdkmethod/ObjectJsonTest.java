package dev.synclog.agent.instrumentation.sdkmethod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ObjectJsonTest {

    private static String json(Object value) throws IOException {
        ObjectJson.Copy copy = ObjectJson.copy(value, 1 << 20);
        assertThat(copy.truncated()).isFalse();
        return new String(copy.bytes(), 0, copy.length(), StandardCharsets.UTF_8);
    }

    enum Plan { FREE, PRO }

    record Row(String id, Plan plan, Optional<String> nickname, BigDecimal amount, Instant seen, int[] scores) {
    }

    @Test
    void recordsKeepComponentOrderAndJdkValuesReadAsText() throws IOException {
        Row row = new Row("a", Plan.PRO, Optional.empty(), new BigDecimal("1.50"), Instant.parse("2026-01-02T03:04:05Z"),
                new int[] {1, 2});
        assertThat(json(row)).isEqualTo("{\"id\":\"a\",\"plan\":\"PRO\",\"nickname\":null,\"amount\":1.50,"
                + "\"seen\":\"2026-01-02T03:04:05Z\",\"scores\":[1,2]}");
    }

    /** A private bean: getters sorted by property name, is-getters of booleans, public fields, no other method. */
    private static final class Bean {
        public final String label = "l";
        private final List<Object> children = new ArrayList<>();

        public String getURL() {
            return "u";
        }

        public boolean isActive() {
            return true;
        }

        public String getBroken() {
            throw new IllegalStateException("not loaded");
        }

        public List<Object> getChildren() {
            return children;
        }

        public Thread getOwner() {
            return Thread.currentThread();
        }

        public String getaway() {
            throw new AssertionError("not a getter");
        }

        public String getName(String prefix) {
            throw new AssertionError("not a getter");
        }
    }

    @Test
    void beansReadOnlyThroughGettersAndPublicFields() throws IOException {
        Bean bean = new Bean();
        bean.children.add(bean); // a cycle
        assertThat(json(bean)).isEqualTo("{\"URL\":\"u\",\"active\":true,\"broken\":null,\"children\":[null],"
                + "\"label\":\"l\",\"owner\":null}");
    }

    /** A model as the AWS SDK v2 writes them: private fields, read by methods of the same name. */
    private static final class FluentModel {
        private final String id = "r-1";
        private final List<String> tags = List.of("a");
        private final String cached = "c";
        private final int counter = 0;

        public String id() {
            return id;
        }

        public List<String> tags() {
            return tags;
        }

        public boolean hasTags() {
            throw new AssertionError("no field of that name: not an accessor");
        }

        public Optional<String> cached() {
            throw new AssertionError("the field does not fit its type: not an accessor");
        }

        public int counter(int step) {
            throw new AssertionError("takes an argument: not an accessor");
        }

        public String size() {
            throw new AssertionError("no field of that name: not an accessor");
        }
    }

    @Test
    void fluentAccessorsReadTheFieldsTheyAreNamedAfter() throws IOException {
        assertThat(json(new FluentModel())).isEqualTo("{\"id\":\"r-1\",\"tags\":[\"a\"]}");
    }

    @Test
    void mapsKeepTheirOrderAndDepthIsBounded() throws IOException {
        Map<String, Object> outer = new LinkedHashMap<>();
        Map<String, Object> current = outer;
        for (int i = 0; i < ObjectJson.MAX_DEPTH + 5; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            current.put("k", next);
            current = next;
        }
        String text = json(outer);
        assertThat(text).startsWith("{\"k\":{\"k\":").contains("\"k\":null");
        assertThat(text.chars().filter(c -> c == '{').count()).isEqualTo(ObjectJson.MAX_DEPTH + 1);
    }

    @Test
    void aValueOverTheCapIsCutAndSaysSo() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            rows.add("row-" + i);
        }
        ObjectJson.Copy copy = ObjectJson.copy(rows, 4096);
        assertThat(copy.truncated()).isTrue();
        assertThat(copy.length()).isEqualTo(4096);
        assertThat(copy.bytes().length).isLessThanOrEqualTo(4096);
    }
}
