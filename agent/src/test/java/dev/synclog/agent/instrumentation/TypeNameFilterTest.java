package dev.synclog.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.bytebuddy.agent.builder.AgentBuilder;

class TypeNameFilterTest {
    private final TypeNameFilter filter = new TypeNameFilter(List.of(
            named("jdk.internal.net.http.HttpClientImpl"),
            named("org.apache.hc.client5.http.impl.classic.", "com.acme.Sync$Job")));

    @Test
    void passesTheNamedClassesInTheFormTransformersReceive() {
        assertThat(filter.matches("jdk/internal/net/http/HttpClientImpl")).isTrue();
        assertThat(filter.matches("com/acme/Sync$Job")).isTrue();
    }

    @Test
    void aNameEndingInADotCoversThePackageAndBelow() {
        assertThat(filter.matches("org/apache/hc/client5/http/impl/classic/InternalHttpClient")).isTrue();
        assertThat(filter.matches("org/apache/hc/client5/http/impl/classic/sub/Other")).isTrue();
        assertThat(filter.matches("org/apache/hc/client5/http/impl/async/InternalHttpAsyncClient")).isFalse();
    }

    @Test
    void stopsEverythingElse() {
        assertThat(filter.matches("jdk/internal/net/http/HttpClientImpl$Inner")).isFalse();
        assertThat(filter.matches("jdk/internal/net/http/HttpClientImp")).isFalse();
        assertThat(filter.matches("com/acme/Sync")).isFalse();
        assertThat(filter.matches(null)).isFalse();
    }

    private static ClientInstrumentation named(String... typeNames) {
        return new ClientInstrumentation() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<String> typeNames() {
                return List.of(typeNames);
            }

            @Override
            public AgentBuilder install(AgentBuilder builder) {
                return builder;
            }
        };
    }
}
