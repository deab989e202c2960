package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.MixpanelApp;
import dev.synclog.agent.it.apps.SegmentApp;
import dev.synclog.agent.it.apps.StripeApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real vendor SDKs from Maven Central, each in a forked JVM with its own dependencies, against a loopback server
 * answering as the vendor's API does, captured with the configs that docs/configuration.md gives as worked examples
 * (these files, the host aside): the app sees the same with and without the agent, and every row's outcome, retries
 * included, is the one the SDK reported.
 */
class VendorSdksIT {
    /** Stripe's message for a {@code lock_timeout}: a 429 its SDKs retry, as the response's Stripe-Should-Retry asks. */
    private static final String LOCK_TIMEOUT = "This object cannot be accessed right now because another API request or"
            + " Stripe process is currently accessing it.";

    @TempDir
    Path work;

    /**
     * Three batches: accepted; refused with 400 (Segment's answer to an oversized or malformed batch); 500 then,
     * after the SDK's own back-off (about 15 s, fixed in the SDK), accepted.
     */
    @Test
    void segmentBatchesAreRowsOfTheirMessagesAndARetryIsACallOfItsOwn() throws Exception {
        // Segment documents the 400, not its body: this one has its text where the default reason looks first.
        String refusal = "{\"success\":false,\"message\":\"batch is over the 500KB limit\"}";
        AgentProcess.Result with = runSegment(withConfig("segment.yaml", "api.segment.io",
                "runs:\n  method: " + SegmentApp.class.getName() + "#sync\n"), refusal);
        AgentProcess.Result without = runSegment(AgentProcess.withoutAgent(), refusal);

        assertThat(with.stdout()).as("what the SDK reported, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("seg-1 success", "seg-2 success", "seg-3 success",
                "seg-4 failure java.io.IOException: " + refusal, "seg-5 failure java.io.IOException: " + refusal,
                "seg-6 success");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "seg-1 upsert succeeded null #1", "seg-2 added succeeded null #1", "seg-3 upsert succeeded null #1",
                "seg-4 added failed HTTP 400: batch is over the 500KB limit #1",
                "seg-5 added failed HTTP 400: batch is over the 500KB limit #1",
                "seg-6 upsert failed HTTP 500: (empty body) #1", "seg-6 upsert succeeded null #2");
        assertThat(events.rows.get(0).fields()).contains("\"traits\":{\"email\":\"ann@example.com\",\"plan\":\"pro\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus())
                .containsExactly("segment-import 200", "segment-import 400", "segment-import 500", "segment-import 200");
        // Sent on the SDK's own threads, made before the run: still the run's calls, as it waits for them.
        assertThat(events.runsStarted).singleElement().satisfies(run ->
                assertThat(events.calls).allSatisfy(c -> assertThat(c.runId()).isEqualTo(run.runId())));
    }

    /** One customer a call: created; refused with 400; 429 (a lock timeout, which the SDK retries), then created. */
    @Test
    void stripeCallsAreOneRowEachWithTheErrorMessageAsReason() throws Exception {
        AgentProcess.Result with = runStripe(withConfig("stripe.yaml", "api.stripe.com"));
        AgentProcess.Result without = runStripe(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("ann@example.com created cus_1",
                "bob@ com.stripe.exception.InvalidRequestException: Invalid email address: bob@; code: email_invalid",
                "cy@example.com created cus_4");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = recorded();
        // The fields in the order the SDK wrote them to the form.
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "ann@example.com added succeeded null {\"name\":\"Ann\",\"email\":\"ann@example.com\"} #1",
                "bob@ added failed HTTP 400: Invalid email address: bob@ {\"name\":\"Bob\",\"email\":\"bob@\"} #1",
                "cy@example.com added failed HTTP 429: " + LOCK_TIMEOUT + " {\"name\":\"Cy\",\"email\":\"cy@example.com\"} #1",
                "cy@example.com added succeeded null {\"name\":\"Cy\",\"email\":\"cy@example.com\"} #2");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus()).containsExactly(
                "stripe-customers-create 200", "stripe-customers-create 400", "stripe-customers-create 429",
                "stripe-customers-create 200");
    }

    /**
     * Two event deliveries and a profile update, answered as Mixpanel's /track and /engage answer without
     * {@code verbose}: 200 with the body {@code 1}, or {@code 0} when it refuses the delivery.
     */
    @Test
    void mixpanelDeliveriesAreRowsOfTheirEventsAndA200Saying0FailsThem() throws Exception {
        AgentProcess.Result with = runMixpanel(withConfig("mixpanel.yaml", "api.mixpanel.com"));
        AgentProcess.Result without = runMixpanel(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("sign-ups delivered", "orders com.mixpanel.mixpanelapi"
                + ".MixpanelServerException: Server refused to accept messages, they may be malformed.", "profiles delivered");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("ev-1 added succeeded null #1",
                "ev-2 added succeeded null #1", "ev-3 added failed HTTP 200: 0 #1", "u1 upsert succeeded null #1");
        assertThat(events.rows.get(0).fields()).contains("\"$insert_id\":\"ev-1\"", "\"plan\":\"pro\"", "\"distinct_id\":\"u1\"");
        assertThat(events.rows.get(3).fields()).isEqualTo("{\"$email\":\"ann@example.com\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus())
                .containsExactly("mixpanel-track 200", "mixpanel-track 200", "mixpanel-engage 200");
    }

    private AgentProcess.Result runSegment(AgentProcess process, String refusal) throws Exception {
        try (LoopbackDestination segment = new LoopbackDestination()) {
            AtomicInteger lastBatchTries = new AtomicInteger();
            segment.on("/v1/import/", (body, n) -> {
                String batch = new String(body, StandardCharsets.UTF_8);
                if (batch.contains("\"seg-4\"")) {
                    return Response.json(400, refusal);
                }
                if (batch.contains("\"seg-6\"") && lastBatchTries.incrementAndGet() == 1) {
                    return new Response(500, "text/plain", new byte[0]);
                }
                return Response.json(200, "{\"success\":true}");
            });
            return LibraryVersions.onClassPath(process, "segment", System.getProperty("synclog.segment.version"))
                    .run(work, SegmentApp.class, segment.url("")).assertOk();
        }
    }

    private AgentProcess.Result runMixpanel(AgentProcess process) throws Exception {
        try (LoopbackDestination mixpanel = new LoopbackDestination()) {
            Response accepted = new Response(200, "text/plain", "1".getBytes(StandardCharsets.US_ASCII));
            mixpanel.on("/track", (body, n) -> n == 2 ? new Response(200, "text/plain", "0".getBytes(StandardCharsets.US_ASCII)) : accepted);
            mixpanel.on("/engage", (body, n) -> accepted);
            return LibraryVersions.onClassPath(process, "mixpanel", System.getProperty("synclog.mixpanel.version"))
                    .run(work, MixpanelApp.class, mixpanel.url("")).assertOk();
        }
    }

    private AgentProcess.Result runStripe(AgentProcess process) throws Exception {
        try (LoopbackDestination stripe = new LoopbackDestination()) {
            AtomicInteger cyTries = new AtomicInteger();
            stripe.on("/v1/customers", (body, n) -> {
                Map<String, String> form = formFields(body);
                if (form.get("email").equals("bob@")) {
                    return Response.json(400, "{\"error\":{\"code\":\"email_invalid\",\"doc_url\":"
                            + "\"https://stripe.com/docs/error-codes/email-invalid\",\"message\":\"Invalid email address: bob@\","
                            + "\"param\":\"email\",\"type\":\"invalid_request_error\"}}");
                }
                if (form.get("email").equals("cy@example.com") && cyTries.incrementAndGet() == 1) {
                    return Response.json(429, "{\"error\":{\"code\":\"lock_timeout\",\"message\":\"" + LOCK_TIMEOUT + "\","
                            + "\"type\":\"invalid_request_error\"}}").withHeader("Stripe-Should-Retry", "true");
                }
                return Response.json(200, customer("cus_" + n, form.get("email"), form.get("name")));
            });
            return LibraryVersions.onClassPath(process, "stripe", System.getProperty("synclog.stripe.version"))
                    .run(work, StripeApp.class, stripe.url(""), "ann@example.com:Ann", "bob@:Bob", "cy@example.com:Cy")
                    .assertOk();
        }
    }

    private static Map<String, String> formFields(byte[] body) {
        Map<String, String> fields = new HashMap<>();
        for (String field : new String(body, StandardCharsets.US_ASCII).split("&")) {
            String[] nameAndValue = field.split("=", 2);
            fields.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** A customer object as Stripe's API reference shows it. */
    private static String customer(String id, String email, String name) {
        return "{\"id\":\"" + id + "\",\"object\":\"customer\",\"address\":null,\"balance\":0,\"created\":1680893993,"
                + "\"currency\":null,\"default_source\":null,\"delinquent\":false,\"description\":null,\"discount\":null,"
                + "\"email\":\"" + email + "\",\"invoice_prefix\":\"0759376C\",\"invoice_settings\":{\"custom_fields\":null,"
                + "\"default_payment_method\":null,\"footer\":null,\"rendering_options\":null},\"livemode\":false,"
                + "\"metadata\":{},\"name\":\"" + name + "\",\"next_invoice_sequence\":1,\"phone\":null,"
                + "\"preferred_locales\":[],\"shipping\":null,\"tax_exempt\":\"none\",\"test_clock\":null}";
    }

    /** The worked example of docs/configuration.md, pointed at 127.0.0.1 instead of the vendor's host. */
    private AgentProcess withConfig(String example, String vendorHost) throws Exception {
        return withConfig(example, vendorHost, "");
    }

    private AgentProcess withConfig(String example, String vendorHost, String more) throws Exception {
        return WorkedExamples.withConfig(work, example, vendorHost, more);
    }

    private RecordedEvents recorded() throws Exception {
        return RecordedEvents.read(work.resolve("queue"));
    }
}
