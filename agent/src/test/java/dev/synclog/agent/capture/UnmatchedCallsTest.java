package dev.synclog.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import dev.synclog.agent.AgentStderr;
import org.junit.jupiter.api.Test;

class UnmatchedCallsTest {
    @Test
    void eachKindIsNamedOnceAndOnlyTheFirstHundredKindsAreNamed() {
        UnmatchedCalls unmatched = new UnmatchedCalls();
        List<String> lines = AgentStderr.of(() -> {
            for (int i = 0; i < 150; i++) {
                unmatched.seen("okhttp", "POST", URI.create("https://api.example.com/v1/lists/" + i + "/members?key=s"));
                unmatched.seen("okhttp", "POST", URI.create("https://api.example.com/v1/lists/" + i + "/members?key=t"));
            }
        }).lines().toList();

        assertThat(lines).hasSize(UnmatchedCalls.LIMIT + 1);
        assertThat(lines.get(0)).isEqualTo("synclog: no endpoint matches POST https://api.example.com/v1/lists/0/members"
                + " (okhttp); to capture it, add an endpoint with match: {host: api.example.com, method: POST,"
                + " path: /v1/lists/0/members} (capture.log_unmatched)");
        assertThat(lines.get(UnmatchedCalls.LIMIT)).isEqualTo("synclog: more calls match no endpoint; only the first 100"
                + " kinds were named (capture.log_unmatched)");
    }

    @Test
    void anotherMethodOnTheSamePathIsAnotherKind() {
        UnmatchedCalls unmatched = new UnmatchedCalls();
        List<String> lines = AgentStderr.of(() -> {
            unmatched.seen("java-http-client", "POST", URI.create("http://127.0.0.1:8080/users"));
            unmatched.seen("java-http-client", "DELETE", URI.create("http://127.0.0.1:8080/users"));
        }).lines().toList();

        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(" ("))).containsExactly(
                "synclog: no endpoint matches POST http://127.0.0.1:8080/users",
                "synclog: no endpoint matches DELETE http://127.0.0.1:8080/users");
    }
}
