package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReasonsTest {

    @Test
    void oneLineCollapsesWhitespaceAsTheRegexItReplacesDid() {
        String[] texts = {"", " ", "plain", "a b", "a  b", "a\tb", " a \t\r\n b ", "\n\nlead", "trail\u000b\f",
            "x \u00a0 y", "emoji 🚀\n next", "\u0001ctrl\u0001", "a \t b  c   d"};
        for (String text : texts) {
            assertThat(Reasons.oneLine(text, 1000)).as("[%s]", text).isEqualTo(text.replaceAll("\\s+", " ").trim());
        }
    }

    @Test
    void aTextWithNothingToCollapseIsReturnedAsItIs() {
        String text = "HTTP 400: invalid email";
        assertThat(Reasons.oneLine(text, 1000)).isSameAs(text);
    }

    @Test
    void aFailureReportedAsAnObjectReadsItsPointerElseTheWholeObject() throws Exception {
        byte[] raw = "{\"code\":42,\"message\":\"quota\\nexceeded\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode value = new ObjectMapper().readTree(raw);
        JsonPointer message = JsonPointer.compile("/message");

        assertThat(Reasons.reportedFailure("onError", message, value, raw, raw.length)).isEqualTo("quota exceeded");
        assertThat(Reasons.reportedFailure("onError", null, null, raw, raw.length)).isEqualTo(new String(raw,
                StandardCharsets.UTF_8));
        assertThat(Reasons.reportedFailure("onError", JsonPointer.compile("/detail"), value, raw, raw.length))
                .as("a pointer that finds nothing: the whole object").startsWith("{\"code\":42,");
        assertThat(Reasons.reportedFailure("onError", message, null, null, 0))
                .isEqualTo("the SDK called onError (response.callback_failure); synclog read no value from it");
        byte[] longText = ("\"" + "x".repeat(5000) + "\"").getBytes(StandardCharsets.UTF_8);
        assertThat(Reasons.reportedFailure("onError", null, null, longText, longText.length)).hasSize(Reasons.MAX_REASON_CHARS);
    }
}
