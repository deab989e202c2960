package dev.synclog.agent.config;

import dev.synclog.events.OpType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AgentConfigTest {
    private static final Path FULL_EXAMPLE = Path.of("src/test/resources/dev/synclog/agent/config/full-example.yaml");

    static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfig.parse(yaml, "synclog.yaml", Map.of(), new Properties());
    }

    static final String MINIMAL = ""
            + "sync:\n"
            + "  sync_id: contacts\n"
            + "endpoints:\n"
            + "  - match: {path: /v1/contacts}\n"
            + "    request: {rows: /inputs, row_id: /id}\n";

    @Test
    void fullExampleLoadsWithEveryKey() throws Exception {
        Properties sys = new Properties();
        sys.setProperty("synclog.queue", "/var/lib/synclog/queue");
        AgentConfig config = AgentConfig.load(FULL_EXAMPLE, Map.of("SYNC_ID", "contacts-prod"), sys);

        assertThat(config.enabled()).isTrue();
        assertThat(config.sync()).isEqualTo(new SyncSettings("contacts-prod", "active_contacts", "email", "hubspot"));
        assertThat(config.runMethod()).contains(new RunMethod("com.acme.ContactSync", "runOnce"));
        assertThat(config.queueDir()).isEqualTo(Path.of("/var/lib/synclog/queue"));
        assertThat(config.minFreeDiskBytes()).isEqualTo(512L << 20);
        assertThat(config.maxBodyBytes()).isEqualTo(16 << 20);
        assertThat(config.instrumentationEnabled("java-http-client")).isTrue();
        assertThat(config.instrumentationEnabled("http-url-connection")).isFalse();
        assertThat(config.instrumentationEnabled("apache-http-client-4")).isTrue();
        assertThat(config.instrumentationEnabled("apache-http-client-5")).isTrue();
        assertThat(config.instrumentationEnabled("okhttp")).isTrue();
        assertThat(config.endpoints()).extracting(EndpointRule::name).containsExactly("hubspot-contacts-upsert",
                "hubspot-contacts-archive", "mixpanel-import", "mixpanel-engage", "audience-members", "stripe-customer-update",
                "sendgrid-contacts-upsert", "acme-crm-upsert");
        assertThat(config.syncIds()).containsExactly("contacts-prod", "events-to-mixpanel");
        assertThat(config.configHash()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(FULL_EXAMPLE))));

        EndpointRule audience = config.endpoints().get(4);
        assertThat(audience.syncId()).isEqualTo("contacts-prod");
        assertThat(audience.destination()).isEqualTo("braze");
        assertThat(audience.object()).isEqualTo("audience_members");
        assertThat(audience.request().opValues()).isEqualTo(Map.of("subscribe", OpType.ADDED, "unsubscribe", OpType.REMOVED));
        assertThat(audience.response().successValues()).containsExactly("ok", "created");

        EndpointRule stripe = config.endpoints().get(5);
        assertThat(stripe.privacy()).isEqualTo(new PrivacyRules(Set.of("password", "ssn"), Set.of("email"), Set.of("phone", "tax_id")));
        assertThat(config.endpoints().get(0).privacy().mask()).containsExactly("phone");
        assertThat(config.endpoints().get(0).destination()).isEqualTo("hubspot");

        EndpointRule sdk = config.endpoints().get(7);
        assertThat(sdk.javaMethod()).isEqualTo(new JavaMethodRule("com.acme.crm.ContactsApi", "batchUpsert",
                List.of("java.util.List"), 0, JavaMethodRule.NO_CALLBACK,
                CallbackMethods.ANY_VOID));
        assertThat(sdk.response().successValues()).containsExactly("OK", "CREATED");
    }

    @Test
    void defaultsOfAMinimalConfig() throws Exception {
        AgentConfig config = parse(MINIMAL);
        assertThat(config.enabled()).isTrue();
        assertThat(config.sync()).isEqualTo(new SyncSettings("contacts", null, null, null));
        assertThat(config.runMethod()).isEmpty();
        assertThat(config.attemptWindow()).isEqualTo(1_000_000);
        assertThat(config.queueDir()).isEqualTo(Path.of("synclog-queue"));
        assertThat(config.minFreeDiskBytes()).isEqualTo(256L << 20);
        assertThat(config.maxBodyBytes()).isEqualTo(8 << 20);
        assertThat(config.instrumentationEnabled("java-http-client")).isTrue();
        assertThat(config.instrumentationEnabled("some-future-client")).isTrue();
        EndpointRule rule = config.endpoints().get(0);
        assertThat(rule.name()).isEqualTo("* /v1/contacts");
        assertThat(rule.request().op()).isEqualTo(OpType.UPSERT);
        assertThat(rule.request().encoding()).isEqualTo(RequestSpec.BodyEncoding.JSON);
        assertThat(rule.request().compression()).isEqualTo(RequestSpec.Compression.AUTO);
        assertThat(rule.response().outcome()).isEqualTo(ResponseSpec.Outcome.HTTP_STATUS);
        assertThat(rule.privacy()).isEqualTo(PrivacyRules.NONE);
        assertThat(config.syncIds()).containsExactly("contacts");
    }

    @Test
    void killSwitch() throws Exception {
        assertThat(parse("enabled: false\n" + MINIMAL).enabled()).isFalse();
    }

    @Test
    void interpolatesEnvironmentAndSystemPropertiesWithDefaults() throws Exception {
        String yaml = MINIMAL.replace("sync_id: contacts", "sync_id: ${env:SYNC_ID}-${sys:region:-eu}\n  model_name: $${literal}")
                + "queue:\n  dir: ${env:QUEUE_DIR:-/tmp/q}\n";
        Properties sys = new Properties();
        AgentConfig config = AgentConfig.parse(yaml, "synclog.yaml", Map.of("SYNC_ID", "contacts"), sys);
        assertThat(config.sync().syncId()).isEqualTo("contacts-eu");
        assertThat(config.sync().modelName()).isEqualTo("${literal}");
        assertThat(config.queueDir()).isEqualTo(Path.of("/tmp/q"));

        sys.setProperty("region", "us");
        config = AgentConfig.parse(yaml, "synclog.yaml", Map.of("SYNC_ID", "contacts", "QUEUE_DIR", "/data/q"), sys);
        assertThat(config.sync().syncId()).isEqualTo("contacts-us");
        assertThat(config.queueDir()).isEqualTo(Path.of("/data/q"));
    }

    @Test
    void sizesAcceptUnits() throws Exception {
        assertThat(parse(MINIMAL + "queue: {min_free_disk: 1GB}\n").minFreeDiskBytes()).isEqualTo(1_000_000_000L);
        assertThat(parse(MINIMAL + "queue: {min_free_disk: 1048576}\n").minFreeDiskBytes()).isEqualTo(1L << 20);
        assertThat(parse(MINIMAL + "capture: {max_body_size: 64 KiB}\n").maxBodyBytes()).isEqualTo(64 << 10);
    }

    @Test
    void anAttemptWindowIsARowCountDigitsMayBeGrouped() throws Exception {
        assertThat(parse(MINIMAL + "runs: {attempt_window: 2_500_000}\n").attemptWindow()).isEqualTo(2_500_000);
        assertThat(parse(MINIMAL + "runs: {attempt_window: '10000'}\n").attemptWindow()).isEqualTo(10_000);
        assertThat(parse(MINIMAL + "runs: {attempt_window: 1000}\n").attemptWindow()).isEqualTo(1_000);
    }

    @Test
    void theWaitingCallsBoundIsACallCountTenThousandUnlessSet() throws Exception {
        assertThat(parse(MINIMAL).maxWaitingCalls()).isEqualTo(10_000);
        assertThat(parse(MINIMAL + "capture: {max_waiting_calls: 250_000}\n").maxWaitingCalls()).isEqualTo(250_000);
        assertThat(parse(MINIMAL + "capture: {max_waiting_calls: 100}\n").maxWaitingCalls()).isEqualTo(100);
    }

    @Test
    void theExitWaitIsInSecondsThirtyUnlessSetAndMayBeZero() throws Exception {
        assertThat(parse(MINIMAL).maxExitWaitSeconds()).isEqualTo(30);
        assertThat(parse(MINIMAL + "queue: {max_exit_wait_seconds: 0}\n").maxExitWaitSeconds()).isZero();
        assertThat(parse(MINIMAL + "queue: {max_exit_wait_seconds: 600}\n").maxExitWaitSeconds()).isEqualTo(600);
    }

    @Test
    void matchesHostMethodAndPathAndReturnsTheFirstRule() throws Exception {
        AgentConfig config = AgentConfig.load(FULL_EXAMPLE, Map.of(), new Properties());
        assertThat(config.match("POST", URI.create("https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert?hapikey=x"), null).name())
                .isEqualTo("hubspot-contacts-upsert");
        assertThat(config.match("post", URI.create("https://API.HUBAPI.COM/crm/v3/objects/contacts/batch/archive/"), null).name())
                .isEqualTo("hubspot-contacts-archive");
        assertThat(config.match("GET", URI.create("https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert"), null)).isNull();
        assertThat(config.match("POST", URI.create("https://eu.api.hubapi.com/crm/v3/objects/contacts/batch/upsert"), null)).isNull();

        assertThat(config.match("POST", URI.create("https://api-eu.mixpanel.com/import"), null).name()).isEqualTo("mixpanel-import");
        assertThat(config.match("POST", URI.create("https://mixpanel.com/import"), null)).isNull();

        assertThat(config.match("PUT", URI.create("https://rest.example-audiences.com:8443/v1/audiences/a-42/members:add"), null).name())
                .isEqualTo("audience-members");
        assertThat(config.match("PUT", URI.create("https://rest.example-audiences.com/v1/audiences/a-42/members:add"), null)).isNull();
        assertThat(config.match("PUT", URI.create("https://rest.example-audiences.com:8443/v1/audiences//members:add"), null)).isNull();

        assertThat(config.match("POST", URI.create("https://api.stripe.com/v1/customers/cus_123"), null).name()).isEqualTo("stripe-customer-update");
        assertThat(config.match("POST", URI.create("https://api.stripe.com/v1/customers/cus_123/sources"), null)).isNull();
        assertThat(config.match("POST", URI.create("https://api.stripe.com/v1/customers"), null)).isNull();
    }

    @Test
    void requestHeadersTellApartOperationsOnOnePath() throws Exception {
        AgentConfig config = parse("sync: {sync_id: queue}\n"
                + "endpoints:\n"
                + "  - name: sqs-send-batch\n"
                + "    match: {method: POST, path: /, headers: {X-Amz-Target: AmazonSQS.SendMessageBatch}}\n"
                + "    request: {rows: /Entries, row_id: /Id}\n"
                + "  - name: sqs-delete-batch\n"
                + "    match: {method: POST, path: /, headers: {x-amz-target: AmazonSQS.DeleteMessageBatch, X-Api-Version: '2'}}\n"
                + "    request: {rows: /Entries, row_id: /Id}\n"
                + "  - name: any-other-post\n"
                + "    match: {method: POST, path: /}\n"
                + "    request: {rows: /Entries, row_id: /Id}\n");
        // Each header once, as first written: the client hooks read these, in this order.
        assertThat(config.matchedHeaderNames()).containsExactly("X-Amz-Target", "X-Api-Version");
        URI queue = URI.create("http://127.0.0.1:9/");
        assertThat(config.match("POST", queue, new String[] {"AmazonSQS.SendMessageBatch", null}).name()).isEqualTo("sqs-send-batch");
        assertThat(config.match("POST", queue, new String[] {"AmazonSQS.DeleteMessageBatch", "2"}).name()).isEqualTo("sqs-delete-batch");
        // Every listed header must match, with exactly its value; otherwise a later rule may take the call.
        assertThat(config.match("POST", queue, new String[] {"AmazonSQS.DeleteMessageBatch", null}).name()).isEqualTo("any-other-post");
        assertThat(config.match("POST", queue, new String[] {"amazonsqs.sendmessagebatch", null}).name()).isEqualTo("any-other-post");
        assertThat(config.match("POST", queue, new String[] {"AmazonSQS.SendMessage", null}).name()).isEqualTo("any-other-post");
        assertThat(config.match("POST", queue, null).name()).isEqualTo("any-other-post");
        assertThat(config.match("GET", queue, new String[] {"AmazonSQS.SendMessageBatch", null})).isNull();

        assertThat(parse(MINIMAL).matchedHeaderNames()).isEmpty();
    }

    @Test
    void endpointsMayFeedOtherSyncs() throws Exception {
        AgentConfig config = parse(MINIMAL
                + "  - name: second\n    sync_id: audiences\n    destination: braze\n"
                + "    match: {path: /v2/audiences}\n    request: {rows: /members, row_id: /id}\n");
        assertThat(config.syncIds()).isEqualTo(List.of("contacts", "audiences"));
        assertThat(config.endpoints().get(1).destination()).isEqualTo("braze");
    }

    @Test
    void hashIsOfTheExactBytes() throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MINIMAL.getBytes(StandardCharsets.UTF_8)));
        assertThat(parse(MINIMAL).configHash()).isEqualTo(hash);
    }

    /** match() runs on the app thread for every HTTP call: it must not allocate. */
    @Test
    void matchingDoesNotAllocate() throws Exception {
        AgentConfig config = AgentConfig.load(FULL_EXAMPLE, Map.of(), new Properties());
        URI hit = URI.create("https://rest.example-audiences.com:8443/v1/audiences/a-42/members:add");
        URI miss = URI.create("https://example.org/some/other/path?x=1");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            config.match("PUT", hit, null);
            config.match("GET", miss, null);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        int matched = 0;
        for (int i = 0; i < 100_000; i++) {
            matched += config.match("PUT", hit, null) != null ? 1 : 0;
            matched += config.match("GET", miss, null) != null ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(matched).isEqualTo(100_000);
        assertThat(allocated).as("bytes allocated by 200k matches").isLessThan(10_000);
    }
}
