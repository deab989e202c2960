package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

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
}
