package dev.synclog.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTemplateTest {

    @Test
    void literalPaths() {
        PathTemplate t = PathTemplate.compile("/crm/v3/objects/contacts/batch/upsert");
        assertThat(t.matches("/crm/v3/objects/contacts/batch/upsert")).isTrue();
        assertThat(t.matches("/crm/v3/objects/contacts/batch/upsert/")).isTrue();
        assertThat(t.matches("/crm/v3/objects/contacts/batch")).isFalse();
        assertThat(t.matches("/crm/v3/objects/contacts/batch/upsert/x")).isFalse();
        assertThat(t.matches("/crm/v3/objects/contacts/batch/upsertx")).isFalse();
        assertThat(t.variables()).isEmpty();
    }

    @Test
    void variablesMatchOneNonEmptySegmentAndAreDecoded() {
        PathTemplate t = PathTemplate.compile("/v2/accounts/{id}");
        assertThat(t.extract("/v2/accounts/acc%2F1+x")).isEqualTo(Map.of("id", "acc/1+x"));
        assertThat(t.matches("/v2/accounts/")).isFalse();
        assertThat(t.matches("/v2/accounts/1/2")).isFalse();
        assertThat(t.extract("/v2/other/1")).isNull();
    }

    @Test
    void variablesInsideSegments() {
        PathTemplate t = PathTemplate.compile("/v1/audiences/{audienceId}/members:add");
        assertThat(t.extract("/v1/audiences/a-42/members:add")).isEqualTo(Map.of("audienceId", "a-42"));
        assertThat(t.matches("/v1/audiences/a-42/members:remove")).isFalse();

        PathTemplate google = PathTemplate.compile("/v15/customers/{customerId}:uploadClickConversions");
        assertThat(google.extract("/v15/customers/123:uploadClickConversions")).isEqualTo(Map.of("customerId", "123"));
        assertThat(google.matches("/v15/customers/:uploadClickConversions")).isFalse();
        assertThat(google.matches("/v15/customers/123:upload")).isFalse();
    }

    @Test
    void rootPath() {
        PathTemplate t = PathTemplate.compile("/");
        assertThat(t.matches("/")).isTrue();
        assertThat(t.matches("/a")).isFalse();
    }

    @Test
    void invalidTemplatesSayWhatToWrite() {
        assertThatThrownBy(() -> PathTemplate.compile("v2/accounts")).hasMessage("path template 'v2/accounts' does not start"
                + " with '/'; write the URL path from its first '/', without scheme, host or query, e.g. /v2/accounts/{id}");
        assertThatThrownBy(() -> PathTemplate.compile("/v2/accounts/{id")).hasMessage("path template '/v2/accounts/{id' has an"
                + " unclosed '{'; write variables as {name}, e.g. /v2/accounts/{id}");
        assertThatThrownBy(() -> PathTemplate.compile("/v2/{a}{b}")).hasMessageStartingWith("path template '/v2/{a}{b}' has two variables");
        assertThatThrownBy(() -> PathTemplate.compile("/v2/{a}/{a}")).hasMessageStartingWith("path template '/v2/{a}/{a}' uses the variable {a} twice");
        assertThatThrownBy(() -> PathTemplate.compile("/v2/{1x}")).hasMessageStartingWith("path template '/v2/{1x}' has an invalid variable name");
        assertThatThrownBy(() -> PathTemplate.compile("/v2//x")).hasMessageStartingWith("path template '/v2//x' has an empty segment");
        assertThatThrownBy(() -> PathTemplate.compile("/v2/a}")).hasMessageStartingWith("path template '/v2/a}' has a '}' without '{'");
    }
}
