package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.MetaAudiencesApp;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta's facebook-java-business-sdk from Maven Central in a forked JVM, adding users to a Custom Audience and removing
 * them, against a loopback Graph API (https: the SDK casts its connections to HttpsURLConnection) answering as Meta
 * does, captured with docs/configuration.md's worked example: rows named by the payload's schema, an invalid entry
 * failed with Meta's reason, a refused call failing its rows, a field the privacy rules exclude never on disk.
 */
class MetaAudiencesIT {
    private static final String ANN = sha256("ann@example.com");
    private static final String ANN_FIRST_NAME = sha256("ann");
    private static final String CY = sha256("cy@example.com");
    /** Not a hash: Meta counts it invalid and shows it among the samples. */
    private static final String BOB = "bob@example";

    @TempDir
    Path work;

    @Test
    void addsAndRemovesAreRowsNamedByTheSchemaWithMetasOutcome() throws Exception {
        String exclude = "privacy:\n  exclude: [FN_SHA256]\n";
        AgentProcess.Result with = runSdk(WorkedExamples.withConfig(work, "meta-audiences.yaml", "graph.facebook.com", exclude));
        AgentProcess.Result without = runSdk(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(3).element(2).asString()
                .startsWith("remove 999 com.facebook.ads.sdk.APIException");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                ANN + " added succeeded null #1",
                BOB + " added failed Invalid format for EMAIL_SHA256 #1",
                ANN + " removed succeeded null #2",
                CY + " removed failed HTTP 400: (#100) Invalid parameter #1");
        assertThat(events.rows).extracting(RowResult::fields).containsExactly(
                "{\"EMAIL_SHA256\":\"" + ANN + "\"}", "{\"EMAIL_SHA256\":\"" + BOB + "\"}",
                "{\"EMAIL_SHA256\":\"" + ANN + "\"}", "{\"EMAIL_SHA256\":\"" + CY + "\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus()).containsExactly(
                "meta-audience-add 200", "meta-audience-remove 200", "meta-audience-remove 400");
        assertThat(PrivacyIT.filesContaining(work.resolve("queue"), ANN_FIRST_NAME)).as("the excluded first-name hash").isEmpty();
        assertThat(PrivacyIT.filesContaining(work.resolve("queue"), "EAAB_ACCESS_TOKEN")).as("the access token, a form field").isEmpty();
    }

    private AgentProcess.Result runSdk(AgentProcess process) throws Exception {
        try (LoopbackDestination graph = LoopbackDestination.https(work)) {
            graph.on("/v23.0/6100/users", (body, n) -> Response.json(200, n == 1
                    ? "{\"audience_id\":\"6100\",\"session_id\":\"4301\",\"num_received\":2,\"num_invalid_entries\":1,"
                    + "\"invalid_entry_samples\":{\"" + BOB + "\":\"Invalid format for EMAIL_SHA256\"}}"
                    : "{\"audience_id\":\"6100\",\"session_id\":\"4302\",\"num_received\":1,\"num_invalid_entries\":0,"
                    + "\"invalid_entry_samples\":{}}"));
            graph.on("/v23.0/999/users", (body, n) -> Response.json(400, "{\"error\":{\"message\":\"(#100) Invalid parameter\","
                    + "\"type\":\"OAuthException\",\"code\":100,\"fbtrace_id\":\"AbCdEf\"}}"));
            LoopbackDestination.trustOptions(work).forEach(process::jvmOption);
            return LibraryVersions.onClassPath(process, "facebook-business-sdk", System.getProperty("synclog.facebook-business-sdk.version"))
                    .run(work, MetaAudiencesApp.class, graph.url(""),
                            "add:6100:{\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"],\"data\":[[\"" + ANN + "\",\"" + ANN_FIRST_NAME
                                    + "\"],[\"" + BOB + "\",\"" + sha256("bob") + "\"]]}",
                            "remove:6100:{\"data\":[[\"" + ANN + "\",\"" + ANN_FIRST_NAME + "\"]],\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"]}",
                            "remove:999:{\"schema\":\"EMAIL_SHA256\",\"data\":[\"" + CY + "\"]}")
                    .assertOk();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
