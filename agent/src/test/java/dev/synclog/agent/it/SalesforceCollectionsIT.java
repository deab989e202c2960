package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md's Salesforce sObject Collections example through the real agent in a forked JVM: an upsert of
 * three records answered as Salesforce does, with one result a record at the body's root and one record failing; then
 * the same call refused with 401 and Salesforce's root array of errors, which fails every row with its message.
 */
class SalesforceCollectionsIT {
    private static final String PATH = "/services/data/v62.0/composite/sobjects/Contact/External_Id__c";
    private static final String RECORDS = "{\"allOrNone\":false,\"records\":["
            + "{\"attributes\":{\"type\":\"Contact\"},\"External_Id__c\":\"c-1\",\"Email\":\"ann@example.com\",\"LastName\":\"Ann\"},"
            + "{\"attributes\":{\"type\":\"Contact\"},\"External_Id__c\":\"c-2\",\"Email\":\"bob@\",\"LastName\":\"Bob\"},"
            + "{\"attributes\":{\"type\":\"Contact\"},\"External_Id__c\":\"c-3\",\"Email\":\"cy@example.com\",\"LastName\":\"Cy\"}]}";

    @TempDir
    Path work;

    @Test
    void eachRecordHasItsResultAndACallRefusedWholeFailsThemAllWithItsMessage() throws Exception {
        Path body = work.resolve("records.json");
        Files.writeString(body, RECORDS);
        AgentProcess.Result with = upsertTwice(WorkedExamples.withConfig(work, "salesforce-collections.yaml",
                "acme.my.salesforce.com", ""), body);
        AgentProcess.Result without = upsertTwice(AgentProcess.withoutAgent(), body);

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        String expired = "HTTP 401: Session expired or invalid";
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "c-1 upsert succeeded null #1", "c-2 upsert failed Email: invalid email address: bob@ #1",
                "c-3 upsert succeeded null #1",
                "c-1 upsert failed " + expired + " #2", "c-2 upsert failed " + expired + " #2", "c-3 upsert failed " + expired + " #2");
        assertThat(events.rows.get(1).fields()).isEqualTo(
                "{\"attributes\":{\"type\":\"Contact\"},\"External_Id__c\":\"c-2\",\"Email\":\"bob@\",\"LastName\":\"Bob\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error()).containsExactly(
                "salesforce-contacts-upsert 200 null", "salesforce-contacts-upsert 401 " + expired);
    }

    private AgentProcess.Result upsertTwice(AgentProcess app, Path body) throws Exception {
        try (LoopbackDestination salesforce = new LoopbackDestination()) {
            salesforce.on(PATH, (request, n) -> n == 1
                    ? Response.json(200, "[{\"id\":\"003A1\",\"success\":true,\"errors\":[],\"created\":true},"
                    + "{\"success\":false,\"errors\":[{\"statusCode\":\"INVALID_EMAIL_ADDRESS\","
                    + "\"message\":\"Email: invalid email address: bob@\",\"fields\":[\"Email\"]}]},"
                    + "{\"id\":\"003A3\",\"success\":true,\"errors\":[],\"created\":false}]")
                    : Response.json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
            return app.run(work, SendApp.class, "jdk", "PATCH", salesforce.url(PATH), "application/json", "-", body.toString(), "2")
                    .assertOk();
        }
    }
}
