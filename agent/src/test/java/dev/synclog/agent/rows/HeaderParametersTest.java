package dev.synclog.agent.rows;

import static dev.synclog.agent.rows.HeaderParameters.parameter;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Content-Type and multipart part headers as clients spell them, well and badly. */
class HeaderParametersTest {
    @Test
    void plainAndQuotedValuesInAnyCase() {
        assertThat(parameter("application/json; charset=UTF-16", "charset")).isEqualTo("UTF-16");
        assertThat(parameter("application/json;CHARSET=\"utf-8\"", "charset")).isEqualTo("utf-8");
        assertThat(parameter("multipart/form-data; boundary=----abc; charset=utf-8", "boundary")).isEqualTo("----abc");
        assertThat(parameter("form-data; name=\"payload; not a separator\"", "name")).isEqualTo("payload; not a separator");
    }

    @Test
    void aNameCountsOnlyAfterASeparator() {
        String part = "Content-Disposition: form-data; filename=\"a.csv\"; name=\"file\"\r\nContent-Type: text/csv";
        assertThat(parameter(part, "name")).isEqualTo("file");
        assertThat(parameter(part, "filename")).isEqualTo("a.csv");
        assertThat(parameter("application/json; x-charset=latin1", "charset")).isNull();
    }

    @Test
    void aValueEndsAtASemicolonOrWhiteSpaceAndAnUnclosedQuoteRunsToTheEnd() {
        assertThat(parameter("form-data; name=token\r\nContent-Type: text/plain", "name")).isEqualTo("token");
        assertThat(parameter("application/json; charset=iso-8859-1 ; q=1", "charset")).isEqualTo("iso-8859-1");
        assertThat(parameter("application/json; charset= utf-16", "charset")).isEqualTo("utf-16");
        assertThat(parameter("application/json; charset=\"utf-16", "charset")).isEqualTo("utf-16");
        assertThat(parameter("application/json; charset=", "charset")).isEmpty();
    }

    @Test
    void noHeaderOrNoSuchParameterIsNull() {
        assertThat(parameter(null, "charset")).isNull();
        assertThat(parameter("application/json", "charset")).isNull();
        assertThat(parameter("charset", "charset")).isNull();
    }
}
