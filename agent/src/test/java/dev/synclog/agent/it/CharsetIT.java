package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies in the charset their {@code Content-Type} names: a loopback destination answering in UTF-16 (to a request
 * sent in UTF-16 too) and in ISO-8859-1 is read in full, reasons with their accents; a charset this JVM does not know
 * is a call-level result that says so.
 */
class CharsetIT {
    private static final String REASON = "adresse refusée: « déjà inscrite »";
    private static final String RESULTS = "{\"results\":[{\"ok\":true},{\"ok\":false,\"error\":{\"message\":\"" + REASON + "\"}}]}";

    @TempDir
    Path work;

    @Test
    void bodiesAreReadInTheCharsetTheirContentTypeNames() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            sync.destination
                    .on("/v1/audiences/utf16/members:add", (request, n) -> answer("UTF-16"))
                    .on("/v1/audiences/latin1/members:add", (request, n) -> answer("ISO-8859-1"))
                    .on("/v1/audiences/unknown/members:add", (request, n) ->
                            new Response(200, "application/json; charset=x-synclog-unknown", RESULTS.getBytes(StandardCharsets.US_ASCII)));
            Path config = sync.writeConfig("", "");
            String members = AudienceSync.TWO_MEMBERS.replace("{n}", "0");
            send(sync, config, "utf16", "application/json; charset=UTF-16", members.getBytes(StandardCharsets.UTF_16));
            send(sync, config, "latin1", "application/json", members.getBytes(StandardCharsets.UTF_8));
            send(sync, config, "unknown", "application/json;charset=\"utf-8\"", members.getBytes(StandardCharsets.UTF_8));

            RecordedEvents events = sync.recorded();
            assertThat(events.calls).hasSize(3);
            for (String audience : List.of("utf16", "latin1")) {
                CallCompleted call = callTo(events, audience);
                assertThat(call.error()).as(audience).isNull();
                assertThat(events.rows).filteredOn(r -> ofCall(r, call)).extracting(RecordedEvents::line)
                        .as(audience).containsExactly(
                                "m0-a added succeeded null {\"id\":\"m0-a\",\"email\":\"a0@x.io\"} #1",
                                "m0-b added failed " + REASON + " {\"id\":\"m0-b\",\"email\":\"b0@x.io\"} #1");
            }
            CallCompleted unknown = callTo(events, "unknown");
            String why = "response body is in the charset 'x-synclog-unknown' (its Content-Type), which this JVM cannot"
                    + " decode; the destination must answer in a charset Java knows, such as UTF-8";
            assertThat(unknown.error()).isEqualTo(why);
            assertThat(events.rows).filteredOn(r -> ofCall(r, unknown))
                    .extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                    .containsExactly("m0-a failed " + why, "m0-b failed " + why);
        }
    }

    private static Response answer(String charset) {
        return new Response(200, "application/json; charset=" + charset, RESULTS.getBytes(Charset.forName(charset)));
    }

    private void send(AudienceSync sync, Path config, String audience, String contentType, byte[] body) throws Exception {
        Path file = Files.write(work.resolve(audience + ".json"), body);
        String url = sync.destination.url("/v1/audiences/" + audience + "/members:add");
        AgentProcess.withConfig(config).run(work, SendApp.class, "jdk", "POST", url, contentType, "-", file.toString())
                .assertOk();
    }

    /** A call id is unique within its run: each call here is made by a process, and a run, of its own. */
    private static boolean ofCall(RowResult row, CallCompleted call) {
        return row.callId() == call.callId() && row.runId().equals(call.runId());
    }

    private static CallCompleted callTo(RecordedEvents events, String audience) {
        return events.calls.stream().filter(c -> c.url().contains("/" + audience + "/")).findFirst().orElseThrow();
    }
}
