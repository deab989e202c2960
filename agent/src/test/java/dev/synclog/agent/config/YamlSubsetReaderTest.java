package dev.synclog.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The subset reader reads what it accepts exactly as Jackson does (values, types, positions), and leaves the rest to it. */
class YamlSubsetReaderTest {
    private static final Path FULL_EXAMPLE = Path.of("src/test/resources/dev/synclog/agent/config/full-example.yaml");
    private static final Path CONFIGURATION_DOC = Path.of("../docs/configuration.md");
    private static final String TYPICAL = """
            # a comment
            sync:
              sync_id: audience-sync   # trailing comment
              destination: audiences
            queue: {dir: "/tmp/q # not a comment", min_free_disk: 1GiB}
            capture:
              max_body_size: 1MiB
              instrumentation: [java-http-client, 'okhttp']
            enabled: true
            endpoints:
              - name: audience-add
                object: members
                match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audience}/members:add"}
                request: {rows: /members, row_id: /id, op: added}
                response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
              - name: second
                match:
                  host: api.example.com
                  method: [POST, PUT]
                request:
                  rows: /inputs
                  row_id: ${env:ROW_ID:-/id}
                  fields:
                  - a
                  - "b \\"quoted\\""
                response:
                  outcome: http_status
                  empty:
                  count: 3
            """;

    @Test
    void readsTypicalConfigsAsJacksonDoes() throws Exception {
        for (String yaml : List.of(TYPICAL, Files.readString(FULL_EXAMPLE))) {
            assertThat(YamlSubsetReader.read(yaml)).as(yaml).isNotNull().isEqualTo(YamlTreeReader.readWithJackson(yaml, "t"));
        }
        // The documentation's examples, some of them fragments (an endpoint indented as in a list).
        List<String> examples = yamlBlocks(CONFIGURATION_DOC);
        int accepted = 0;
        for (String yaml : examples) {
            YamlNode subset = YamlSubsetReader.read(yaml);
            if (subset != null) {
                accepted++;
                assertThat(subset).as(yaml).isEqualTo(YamlTreeReader.readWithJackson(yaml, "t"));
            }
        }
        assertThat(accepted).as("documented examples read without Jackson, of " + examples.size()).isGreaterThan(examples.size() / 2);
    }

    @Test
    void whatItAcceptsOfTheBadConfigsItReadsAsJacksonDoesAndItLeavesErrorsToJackson() {
        int accepted = 0;
        for (var arguments : (Iterable<org.junit.jupiter.params.provider.Arguments>) ConfigErrorsTest.badConfigs()::iterator) {
            String yaml = (String) arguments.get()[1];
            YamlNode subset = YamlSubsetReader.read(yaml);
            YamlNode jackson;
            try {
                jackson = YamlTreeReader.readWithJackson(yaml, "t");
            } catch (ConfigException notYaml) {
                assertThat(subset).as(yaml).isNull();
                continue;
            }
            if (subset != null) {
                accepted++;
                assertThat(subset).as(yaml).isEqualTo(jackson);
            }
        }
        assertThat(accepted).as("bad configs that are valid YAML, read without Jackson").isGreaterThan(20);
    }

    @Test
    void leavesYamlOutsideTheSubsetToJackson() {
        for (String yaml : List.of("a: |\n  text\n", "a: &x 1\nb: *x\n", "a: yes\n", "a: 1.5\n", "a: 010\n", "---\na: 1\n",
                "a:\n\t- b\n", "a: b\n  continued\n", "a: [1,\n  2]\n", "'a': 1\n", "a: \"x\\u0041\"\n", "a: b: c\n", "a: 1\na: 2\n",
                "", "# only a comment\n", "- a\n- b\n  c\n", "a: # empty\n", "a:  \n")) {
            assertThat(YamlSubsetReader.read(yaml)).as(yaml).isNull();
        }
    }

    private static List<String> yamlBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(markdown));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).isNotEmpty();
        return blocks;
    }
}
