package dev.synclog.agent.rows;

import dev.synclog.agent.config.EndpointRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.synclog.agent.rows.Calls.call;
import static dev.synclog.agent.rows.Calls.rule;
import static dev.synclog.events.OpType.UPSERT;
import static dev.synclog.events.RowStatus.FAILED;
import static dev.synclog.events.RowStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/** Exclude, hash and mask by name at any depth; protected values never leave the interpreter, not even in reasons. */
class FieldPrivacyTest {
    private static final String SSN = "078-05-1120";
    private static final String EMAIL_HASH = FieldPrivacy.sha256Hex("ada@example.com");

    private final CallInterpreter interpreter = new CallInterpreter(1 << 20);

    private final EndpointRule rule = rule(""
            + "privacy:\n  exclude: [ssn]\n  hash: [Email]\n  mask: [phone]\n"
            + "endpoints:\n"
            + "  - match: {path: /crm/v3/objects/contacts/batch/upsert}\n"
            + "    request: {rows: /inputs, row_id: /id, fields: /properties}\n"
            + "    response: {outcome: by_id, items: /errors, id: /context/id, reason: /message}\n"
            + "    privacy: {exclude: [notes]}\n");

    private final String request = "{\"inputs\":[{\"id\":\"c1\",\"properties\":{"
            + "\"email\":\"ada@example.com\",\"phone\":\"+44 20 7946 0958\",\"ssn\":\"" + SSN + "\","
            + "\"household\":[{\"name\":\"Bo\",\"SSN\":\"219-09-9999\"}],"
            + "\"notes\":{\"text\":\"private\"},\"plan\":\"pro\"}}]}";

    @Test
    void rulesApplyAtAnyDepthAndToReasonsThatEchoValues() {
        String response = "{\"errors\":[{\"message\":\"Contact with ssn " + SSN + " and email ada@example.com already exists\","
                + "\"context\":{\"id\":[\"c1\"]}}]}";
        CallInterpretation result = interpreter.interpret(rule,
                call("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 207, response));

        assertThat(result).isEqualTo(new CallInterpretation(List.of(new RowOutcome("c1", UPSERT, FAILED,
                "Contact with ssn [excluded] and email " + EMAIL_HASH + " already exists",
                "{\"email\":\"" + EMAIL_HASH + "\",\"phone\":\"********\",\"household\":[{\"name\":\"Bo\"}],\"plan\":\"pro\"}")),
                null));
        assertThat(result.toString()).doesNotContain(SSN, "219-09-9999", "ada@example.com", "7946", "private");
    }

    @Test
    void callLevelReasonsAreScrubbedToo() {
        CallInterpretation result = interpreter.interpret(rule, call("POST",
                "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 400, "duplicate ssn " + SSN));
        assertThat(result.callError()).isEqualTo("HTTP 400: duplicate ssn [excluded]");
        assertThat(result.toString()).doesNotContain(SSN);
    }

    /** The id doubles as a protected value: it reads as its hash everywhere, so reasons still name the row. */
    @Test
    void rowIdFromAProtectedFieldIsHashed() {
        EndpointRule byEmail = rule("privacy:\n  exclude: [email]\n"
                + "endpoints:\n"
                + "  - match: {path: /contacts}\n"
                + "    request: {rows: /contacts, row_id: /email}\n"
                + "    response: {outcome: by_id, items: /errors, id: /email, reason: /message}\n");
        CallInterpretation result = interpreter.interpret(byEmail, call("POST", "http://h/contacts",
                "{\"contacts\":[{\"email\":\"ada@example.com\",\"plan\":\"pro\"},{\"email\":\"bob@example.com\"}]}", 207,
                "{\"errors\":[{\"email\":\"bob@example.com\",\"message\":\"bob@example.com bounced\"}]}"));
        String bobHash = FieldPrivacy.sha256Hex("bob@example.com");
        assertThat(result.rows()).containsExactly(
                new RowOutcome(EMAIL_HASH, UPSERT, SUCCEEDED, null, "{\"plan\":\"pro\"}"),
                new RowOutcome(bobHash, UPSERT, FAILED, bobHash + " bounced", "{}"));
        assertThat(result.toString()).doesNotContain("example.com");
    }

    @Test
    void nonStringValuesAreHashedAsTheirJsonText() {
        EndpointRule numbers = rule("privacy:\n  hash: [account]\n"
                + "endpoints:\n  - match: {path: /a}\n    request: {rows: /rows, row_id: /id}\n");
        CallInterpretation result = interpreter.interpret(numbers, call("POST", "http://h/a",
                "{\"rows\":[{\"id\":1,\"account\":{\"no\":12345678}}]}", 200, ""));
        assertThat(result.rows().get(0).fieldsJson())
                .isEqualTo("{\"id\":1,\"account\":\"" + FieldPrivacy.sha256Hex("{\"no\":12345678}") + "\"}");
    }

    /** Found by CallInterpreterFuzzTest: a truncated body cut an echoed value, and its start came out in clear. */
    @Test
    void theStartOfAValueInAReasonCutShortIsScrubbedToo() {
        CallInterpretation truncated = interpreter.interpret(rule, call("POST",
                "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 400, "{\"error\":\"ada@exampl"));
        assertThat(truncated.callError()).isEqualTo("HTTP 400: {\"error\":\"" + EMAIL_HASH);

        String longMessage = "x".repeat(Reasons.MAX_REASON_CHARS - 20) + " duplicate ssn " + SSN;
        CallInterpretation cut = interpreter.interpret(rule, call("POST",
                "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 400, "{\"message\":\"" + longMessage + "\"}"));
        assertThat(cut.callError()).endsWith(" duplicate ssn [excluded]…").doesNotContain("078-");
    }

    /** Found by CallInterpreterFuzzTest: a row skipped for lack of an id still had its values echoed in clear. */
    @Test
    void valuesOfRowsSkippedForLackOfAnIdAreScrubbedFromReasons() {
        String twoRows = "{\"inputs\":[{\"id\":\"c1\",\"properties\":{\"plan\":\"pro\"}},"
                + "{\"properties\":{\"ssn\":\"" + SSN + "\"}}]}";
        CallInterpretation result = interpreter.interpret(rule, call("POST",
                "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", twoRows, 400, "ssn " + SSN + " is not unique"));
        assertThat(result.rows()).singleElement().satisfies(row -> assertThat(row.failureReason()).isEqualTo("HTTP 400: ssn [excluded] is not unique"));
        assertThat(result.toString()).doesNotContain(SSN);
    }

    /** The id inside a protected value is still the row's id (stored as sent unless its own name is protected). */
    @Test
    void anIdInsideAMaskedValueStillNamesTheRow() {
        EndpointRule rule = rule("privacy:\n  mask: [user]\n"
                + "endpoints:\n  - match: {path: /u}\n    request: {rows: /rows, row_id: /user/key, op_field: /user/op}\n");
        CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/u",
                "{\"rows\":[{\"user\":{\"key\":\"k-1\",\"op\":\"removed\",\"name\":\"Ada Lovelace\"},\"plan\":\"pro\"}]}", 400,
                "Ada Lovelace is banned"));
        assertThat(result.rows()).containsExactly(new RowOutcome("k-1", dev.synclog.events.OpType.REMOVED, FAILED,
                "HTTP 400: ******** is banned", "{\"user\":\"********\",\"plan\":\"pro\"}"));
    }
}
