package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md's Iterable bulk update example through the real agent in a forked JVM: a bulk update of four
 * users answered as Iterable does, 200 with the users it did not update grouped by reason in an object of lists; then the same call answered 200 with empty lists, then refused with 401 and Iterable's error body.
 */
class IterableBulkUpdateIT {
    private static final String PATH = "/api/users/bulkUpdate";
    private static final String USERS = "{\"users\":["
            + "{\"email\":\"ann@example.com\",\"dataFields\":{\"plan\":\"pro\"}},"
            + "{\"email\":\"bob@\",\"dataFields\":{\"plan\":\"free\"}},"
            + "{\"email\":\"cy@example.com\",\"dataFields\":{\"plan\":\"pro\"}},"
            + "{\"email\":\"dee@example.com\",\"dataFields\":{\"plan\":\"team\"}}]}";
    /** The shape of Iterable's BulkUpdateResponse: every list of users not updated under failedUpdates, by reason. */
    private static final String PARTLY = "{\"successCount\":1,\"failCount\":3,\"failedUpdates\":{"
            + "\"conflictEmails\":[],\"conflictUserIds\":[],\"forgottenEmails\":[\"dee@example.com\"],\"forgottenUserIds\":[],"
            + "\"invalidDataEmails\":[\"dee@example.com\"],\"invalidDataUserIds\":[],\"invalidEmails\":[\"bob@\"],"
            + "\"invalidUserIds\":[],\"notFoundEmails\":[\"cy@example.com\"],\"notFoundUserIds\":[]},"
            + "\"filteredOutFields\":[],\"createdFields\":[]}";
    private static final String ALL = "{\"successCount\":4,\"failCount\":0,\"failedUpdates\":{\"invalidEmails\":[],"
            + "\"notFoundEmails\":[],\"forgottenEmails\":[]},\"filteredOutFields\":[],\"createdFields\":[]}";
    private static final String REFUSED = "{\"msg\":\"Invalid API key\",\"code\":\"InvalidApiKey\",\"params\":null}";

    @TempDir
    Path work;

    @Test
    void eachUserTheListsNameFailsForItsListsAndTheOthersSucceed() throws Exception {
        Path body = work.resolve("users.json");
        Files.writeString(body, USERS);
        AgentProcess.Result with = updateThrice(WorkedExamples.withConfig(work, "iterable-bulk-update.yaml",
                "api.iterable.com", ""), body);
        AgentProcess.Result without = updateThrice(AgentProcess.withoutAgent(), body);

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        String refused = "HTTP 401: Invalid API key";
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "ann@example.com upsert succeeded null #1", "bob@ upsert failed failedUpdates: invalidEmails #1",
                "cy@example.com upsert failed failedUpdates: notFoundEmails #1",
                "dee@example.com upsert failed failedUpdates: forgottenEmails; failedUpdates: invalidDataEmails #1",
                "ann@example.com upsert succeeded null #2", "bob@ upsert succeeded null #2",
                "cy@example.com upsert succeeded null #2", "dee@example.com upsert succeeded null #2",
                "ann@example.com upsert failed " + refused + " #3", "bob@ upsert failed " + refused + " #3",
                "cy@example.com upsert failed " + refused + " #3", "dee@example.com upsert failed " + refused + " #3");
        assertThat(events.rows.get(1).fields()).isEqualTo("{\"plan\":\"free\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error()).containsExactly(
                "iterable-users-bulk-update 200 null", "iterable-users-bulk-update 200 null",
                "iterable-users-bulk-update 401 " + refused);
    }

    private AgentProcess.Result updateThrice(AgentProcess app, Path body) throws Exception {
        try (LoopbackDestination iterable = new LoopbackDestination()) {
            iterable.on(PATH, (request, n) -> n == 1 ? Response.json(200, PARTLY)
                    : n == 2 ? Response.json(200, ALL) : Response.json(401, REFUSED));
            return app.run(work, SendApp.class, "jdk", "POST", iterable.url(PATH), "application/json", "-", body.toString(), "3")
                    .assertOk();
        }
    }
}
