package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worked examples of docs/configuration.md's "Real SDKs", "Salesforce sObject Collections" and "Elasticsearch /
 * OpenSearch bulk" sections, kept as files that the vendor SDK tests, {@link SalesforceCollectionsIT} and
 * {@link ElasticsearchBulkIT} run: each test first checks that the doc shows its file as it is, then points the file's
 * host at 127.0.0.1.
 */
final class WorkedExamples {
    private static final Path EXAMPLES = Path.of("src/test/resources/dev/synclog/agent/it/vendor-sdks");
    private static final Path CONFIGURATION_DOC = Path.of("../docs/configuration.md");

    private WorkedExamples() {
    }

    /**
     * An agent run with the example (plus {@code more} YAML), its queue in {@code work/queue}.
     *
     * @param vendorHost the host the example matches, replaced with 127.0.0.1; null for an example of SDK methods
     */
    static AgentProcess withConfig(Path work, String example, String vendorHost, String more) throws IOException {
        String yaml = Files.readString(EXAMPLES.resolve(example));
        assertThat(Files.readString(CONFIGURATION_DOC)).as("docs/configuration.md shows " + example + " as it is").contains(yaml);
        Path config = work.resolve(example);
        if (vendorHost != null) {
            assertThat(yaml).contains("host: " + vendorHost);
            yaml = yaml.replace("host: " + vendorHost, "host: 127.0.0.1");
        }
        Files.writeString(config, yaml + more);
        return AgentProcess.withConfig(config).jvmOption("-Dsynclog.queue=" + work.resolve("queue"));
    }
}
