package dev.synclog.agent.rows;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static dev.synclog.agent.rows.Calls.call;
import static dev.synclog.agent.rows.Calls.gzip;
import static dev.synclog.agent.rows.Calls.rule;
import static dev.synclog.events.OpType.ADDED;
import static dev.synclog.events.OpType.CHANGED;
import static dev.synclog.events.OpType.REMOVED;
import static dev.synclog.events.OpType.UPSERT;
import static dev.synclog.events.RowStatus.FAILED;
import static dev.synclog.events.RowStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

class CallInterpreterTest {
    private final CallInterpreter interpreter = new CallInterpreter(1 << 20);

    private static RowOutcome ok(String id, dev.synclog.events.OpType op, String fields) {
        return new RowOutcome(id, op, SUCCEEDED, null, fields);
    }

    private static RowOutcome failed(String id, dev.synclog.events.OpType op, String reason, String fields) {
        return new RowOutcome(id, op, FAILED, reason, fields);
    }

    // ---------------------------------------------------------------- HubSpot: results or errors keyed by row id

    @Nested
    class HubSpotBatchUpsert {
        final EndpointRule rule = rule(""
                + "endpoints:\n"
                + "  - name: hubspot-upsert\n"
                + "    match: {host: api.hubapi.com, method: POST, path: /crm/v3/objects/contacts/batch/upsert}\n"
                + "    request: {rows: /inputs, row_id: /id, fields: /properties}\n"
                + "    response: {outcome: by_id, items: /errors, id: /context/id, reason: /message}\n");

        final String request = "{\"inputs\":["
                + "{\"idProperty\":\"email\",\"id\":\"ada@example.com\",\"properties\":{\"firstname\":\"Ada\",\"score\":1.50}},"
                + "{\"idProperty\":\"email\",\"id\":\"bob@example\",\"properties\":{\"firstname\":\"Bob\"}},"
                + "{\"idProperty\":\"email\",\"id\":\"cy@example.com\",\"properties\":{\"firstname\":\"Cy\"}}]}";

        @Test
        void allSucceedOn200() {
            String response = "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"101\",\"properties\":{}},{\"id\":\"102\"},{\"id\":\"103\"}],"
                    + "\"startedAt\":\"2024-05-01T10:00:00Z\",\"completedAt\":\"2024-05-01T10:00:01Z\"}";
            CallInterpretation result = interpreter.interpret(rule,
                    call("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 200, response));
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("ada@example.com", UPSERT, "{\"firstname\":\"Ada\",\"score\":1.50}"),
                    ok("bob@example", UPSERT, "{\"firstname\":\"Bob\"}"),
                    ok("cy@example.com", UPSERT, "{\"firstname\":\"Cy\"}")), null));
        }

        @Test
        void multiStatus207FailsOnlyTheRowsNamedInErrors() {
            String response = "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"101\"},{\"id\":\"103\"}],\"numErrors\":1,"
                    + "\"errors\":[{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
                    + "\"message\":\"Property values were not valid: [{\\\"isValid\\\":false,\\\"message\\\":\\\"Email address bob@example is invalid\\\"}]\","
                    + "\"context\":{\"id\":[\"bob@example\"]}}]}";
            CallInterpretation result = interpreter.interpret(rule,
                    call("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 207, response));
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("ada@example.com", UPSERT, "{\"firstname\":\"Ada\",\"score\":1.50}"),
                    failed("bob@example", UPSERT, "Property values were not valid: [{\"isValid\":false,\"message\":"
                            + "\"Email address bob@example is invalid\"}]", "{\"firstname\":\"Bob\"}"),
                    ok("cy@example.com", UPSERT, "{\"firstname\":\"Cy\"}")), null));
        }

        @Test
        void errorsNamingUnknownIdsAreReportedNotDropped() {
            String response = "{\"status\":\"COMPLETE\",\"errors\":["
                    + "{\"message\":\"duplicate\",\"context\":{\"id\":[\"zed@example.com\"]}},{\"message\":\"rate limited\"}]}";
            CallInterpretation result = interpreter.interpret(rule,
                    call("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 207, response));
            assertThat(result.rows()).extracting(RowOutcome::status).containsExactly(SUCCEEDED, SUCCEEDED, SUCCEEDED);
            assertThat(result.callError()).isEqualTo("1 response items at '/errors' name ids that are not in the request"
                    + " (zed@example.com); 1 response items at '/errors' have no id at '/context/id'");
        }

        @Test
        void wholeBatchRejectedWith400FailsEveryRowWithTheMessage() {
            String response = "{\"status\":\"error\",\"message\":\"Invalid input JSON on line 1\",\"correlationId\":\"c-1\","
                    + "\"category\":\"VALIDATION_ERROR\"}";
            CallInterpretation result = interpreter.interpret(rule,
                    call("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 400, response));
            String reason = "HTTP 400: Invalid input JSON on line 1";
            assertThat(result.callError()).isEqualTo(reason);
            assertThat(result.rows()).containsExactly(
                    failed("ada@example.com", UPSERT, reason, "{\"firstname\":\"Ada\",\"score\":1.50}"),
                    failed("bob@example", UPSERT, reason, "{\"firstname\":\"Bob\"}"),
                    failed("cy@example.com", UPSERT, reason, "{\"firstname\":\"Cy\"}"));
        }

        @Test
        void rateLimitWithoutJsonUsesTheTrimmedBody() {
            CallInterpretation result = interpreter.interpret(rule, call("POST",
                    "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 429, "  Too many\n requests  "));
            assertThat(result.callError()).isEqualTo("HTTP 429: Too many requests");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly("HTTP 429: Too many requests");
        }

        @Test
        void serverErrorWithEmptyBody() {
            CallInterpretation result = interpreter.interpret(rule, call("POST",
                    "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", request, 502, ""));
            assertThat(result.callError()).isEqualTo("HTTP 502: (empty body)");
            assertThat(result.rows()).extracting(RowOutcome::status).containsOnly(FAILED);
        }

        @Test
        void rowsWithoutIdAreSkippedAndSaid() {
            String body = "{\"inputs\":[{\"id\":\"a@x.io\",\"properties\":{}},{\"properties\":{\"firstname\":\"NoId\"}},{\"id\":null}]}";
            CallInterpretation result = interpreter.interpret(rule,
                    call("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert", body, 200, "{}"));
            assertThat(result.rows()).containsExactly(ok("a@x.io", UPSERT, "{}"));
            assertThat(result.callError()).isEqualTo("2 of 3 request rows have no id at '/id' (first: row 1) and were not recorded");
        }
    }

    @Test
    void hubSpotArchiveWith204RemovesEveryRow() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {host: api.hubapi.com, path: /crm/v3/objects/contacts/batch/archive}\n"
                + "    request: {rows: /inputs, row_id: /id, op: removed}\n"
                + "    response: {outcome: by_id, items: /errors, id: /context/id}\n");
        CallInterpretation result = interpreter.interpret(rule, call("POST",
                "https://api.hubapi.com/crm/v3/objects/contacts/batch/archive", "{\"inputs\":[{\"id\":\"501\"},{\"id\":502}]}", 204, null));
        assertThat(result).isEqualTo(new CallInterpretation(List.of(
                ok("501", REMOVED, "{\"id\":\"501\"}"), ok("502", REMOVED, "{\"id\":502}")), null));
    }

    @Test
    void resultsKeyedByIdInAnObjectWithASuccessTest() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: /v1/users/batch}\n"
                + "    request: {rows: /users, row_id: /user_id}\n"
                + "    response: {outcome: by_id, items: /results, success: /ok, reason: /error, unlisted: failed}\n");
        String request = "{\"users\":[{\"user_id\":\"u1\"},{\"user_id\":\"u2\"},{\"user_id\":\"u3\"}]}";
        String response = "{\"results\":{\"u1\":{\"ok\":true},\"u2\":{\"ok\":false,\"error\":\"unknown attribute 'plan'\"}}}";
        CallInterpretation result = interpreter.interpret(rule, call("POST", "https://x.io/v1/users/batch", request, 200, response));
        assertThat(result).isEqualTo(new CallInterpretation(List.of(
                ok("u1", UPSERT, "{\"user_id\":\"u1\"}"),
                failed("u2", UPSERT, "unknown attribute 'plan'", "{\"user_id\":\"u2\"}"),
                failed("u3", UPSERT, "no result for this row in the response", "{\"user_id\":\"u3\"}")), null));
    }

    // ---------------------------------------------------------------- Mixpanel: error lists giving the row's index

    // ---------------------------------------------------------------- Salesforce: results by position, errors in an array too

    @Nested
    class SalesforceCollectionsUpsert {
        final String request = "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Contact\"},\"Email\":\"ann@example.com\",\"LastName\":\"Ann\"},"
                + "{\"attributes\":{\"type\":\"Contact\"},\"Email\":\"bob@\",\"LastName\":\"Bob\"}]}";
        final String refusal = "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]";

        EndpointRule rule(String itemsOnErrorStatus) {
            return Calls.rule("endpoints:\n"
                    + "  - match: {host: acme.my.salesforce.com, method: PATCH, path: '/services/data/{v}/composite/sobjects/Contact/Email'}\n"
                    + "    request: {rows: /records, row_id: /Email, op: upsert}\n"
                    + "    response: {outcome: index_aligned, items: '', success: /success, reason: /errors/0/message,"
                    + " http_error_reason: /0/message" + itemsOnErrorStatus + "}\n");
        }

        CallRecord call(int status, String response) {
            return Calls.call("PATCH", "https://acme.my.salesforce.com/services/data/v62.0/composite/sobjects/Contact/Email",
                    request, status, response);
        }

        @Test
        void resultsInTheRequestsOrderOn200() {
            CallInterpretation result = interpreter.interpret(rule(", items_on_error_status: false"), call(200,
                    "[{\"id\":\"003A\",\"success\":true,\"errors\":[],\"created\":true},{\"success\":false,\"errors\":["
                            + "{\"statusCode\":\"INVALID_EMAIL_ADDRESS\",\"message\":\"Email: invalid email address: bob@\","
                            + "\"fields\":[\"Email\"]}]}]"));
            assertThat(result.rows()).extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                    .containsExactly("ann@example.com SUCCEEDED null", "bob@ FAILED Email: invalid email address: bob@");
            assertThat(result.callError()).isNull();
        }

        @Test
        void anErrorStatusFailsEveryRowWithItsMessageWhenItsBodyIsNotItems() {
            CallInterpretation result = interpreter.interpret(rule(", items_on_error_status: false"), call(401, refusal));
            assertThat(result.callError()).isEqualTo("HTTP 401: Session expired or invalid");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly("HTTP 401: Session expired or invalid");
        }

        @Test
        void byDefaultTheErrorArrayIsReadAsItemsAndCannotBeAssigned() {
            CallInterpretation result = interpreter.interpret(rule(""), call(401, refusal));
            assertThat(result.callError()).startsWith("response has 1 results at '' for 2 request rows");
            assertThat(result.rows()).extracting(RowOutcome::status).containsOnly(FAILED);
        }
    }

    // ---------------------------------------------------------------- error lists grouped by reason

    @Nested
    class AmplitudeRefusedBatch {
        final EndpointRule rule = rule("endpoints:\n"
                + "  - match: {host: api2.amplitude.com, method: POST, path: /2/httpapi}\n"
                + "    request: {rows: /events, row_id: /insert_id, op: added}\n"
                + "    response: {outcome: by_index, error_lists: [/events_with_invalid_fields, /events_with_missing_fields,"
                + " /silenced_events], unlisted: http_status, http_error_reason: /error}\n");

        final String request = "{\"api_key\":\"k\",\"events\":[{\"insert_id\":\"e-0\",\"event_type\":\"\",\"user_id\":\"u\"},"
                + "{\"insert_id\":\"e-1\",\"event_type\":\"Signed Up\",\"user_id\":\"u1\",\"time\":\"yesterday\"},"
                + "{\"insert_id\":\"e-2\",\"event_type\":\"Signed Up\",\"user_id\":\"u2\"}]}";

        CallInterpretation answer(int status, String response) {
            return interpreter.interpret(rule, call("POST", "https://api2.amplitude.com/2/httpapi", request, status, response));
        }

        @Test
        void listedEventsFailForTheirFieldsAndTheOthersForTheCallsReason() {
            CallInterpretation result = answer(400, "{\"code\":400,\"error\":\"Invalid field values on some events\","
                    + "\"events_with_invalid_fields\":{\"time\":[1],\"user_id\":[0]},\"events_with_missing_fields\":"
                    + "{\"event_type\":[0]},\"silenced_events\":[]}");
            assertThat(result.rows()).extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason()).containsExactly(
                    "e-0 FAILED events_with_invalid_fields: user_id; events_with_missing_fields: event_type",
                    "e-1 FAILED events_with_invalid_fields: time",
                    "e-2 FAILED HTTP 400: Invalid field values on some events");
            assertThat(result.callError()).isEqualTo("HTTP 400: Invalid field values on some events");
        }

        @Test
        void aListWithoutMembersNamesItsRowsByItsOwnName() {
            CallInterpretation result = answer(400, "{\"code\":400,\"error\":\"Events from silenced devices\","
                    + "\"silenced_events\":[2],\"events_with_invalid_fields\":{}}");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsExactly(
                    "HTTP 400: Events from silenced devices", "HTTP 400: Events from silenced devices", "silenced_events");
        }

        @Test
        void everyEventSucceedsOn200WithoutLists() {
            CallInterpretation result = answer(200, "{\"code\":200,\"events_ingested\":3,\"payload_size_bytes\":300,"
                    + "\"server_upload_time\":1764000000123}");
            assertThat(result.rows()).extracting(RowOutcome::status).containsExactly(SUCCEEDED, SUCCEEDED, SUCCEEDED);
            assertThat(result.callError()).isNull();
        }

        @Test
        void a400NamingNoEventFailsThemAllWithItsError() {
            CallInterpretation result = answer(400, "{\"code\":400,\"error\":\"Invalid API key: k\",\"missing_field\":\"api_key\"}");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly("HTTP 400: Invalid API key: k");
            assertThat(result.callError()).isEqualTo("HTTP 400: Invalid API key: k");
        }

        @Test
        void anIndexBeyondTheBatchFailsEveryRowSayingWhere() {
            CallInterpretation result = answer(400, "{\"error\":\"Invalid field values on some events\","
                    + "\"events_with_invalid_fields\":{\"time\":[1,7]}}");
            assertThat(result.callError()).isEqualTo("response list '/events_with_invalid_fields/time' at 1 has index 7, but"
                    + " the request has 3 rows (0-based); results cannot be assigned");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly(result.callError());
        }

        @Test
        void aMemberThatIsNotAListFailsEveryRowSayingWhere() {
            CallInterpretation result = answer(400, "{\"error\":\"Invalid field values on some events\","
                    + "\"events_with_invalid_fields\":{\"time\":1}}");
            assertThat(result.callError()).isEqualTo("response has the value '1' at '/events_with_invalid_fields/time' where a"
                    + " list of row indexes was expected (response.error_lists)");
            assertThat(result.rows()).extracting(RowOutcome::status).containsOnly(FAILED);
        }

        @Test
        void aPlaceThatHoldsAValueFailsEveryRowSayingWhatWasExpected() {
            CallInterpretation result = answer(200, "{\"code\":200,\"silenced_events\":\"none\"}");
            assertThat(result.callError()).isEqualTo("response has the value 'none' at '/silenced_events' where a list of row"
                    + " indexes, or an object whose members are such lists, was expected (response.error_lists)");
        }
    }

    @Nested
    class RowsNoItemNames {
        final String request = "{\"rows\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]}";
        final String failedB = "{\"error\":\"batch refused\",\"failed\":[{\"i\":1,\"id\":\"b\",\"message\":\"bad b\"}]}";

        List<String> outcomes(String response, int status) {
            EndpointRule rule = rule("endpoints:\n"
                    + "  - match: {path: /rows}\n"
                    + "    request: {rows: /rows, row_id: /id}\n"
                    + "    response: " + response + "\n");
            return interpreter.interpret(rule, call("POST", "https://dest/rows", request, status, failedB)).rows()
                    .stream().map(r -> r.rowId() + " " + r.status() + " " + r.failureReason()).toList();
        }

        @Test
        void byIndexItemsLeaveThemSucceededUnlessUnlistedSaysOtherwise() {
            String byIndex = "{outcome: by_index, items: /failed, index: /i, reason: /message, http_error_reason: /error";
            assertThat(outcomes(byIndex + "}", 400)).containsExactly("a SUCCEEDED null", "b FAILED bad b", "c SUCCEEDED null");
            assertThat(outcomes(byIndex + ", unlisted: failed}", 200)).containsExactly(
                    "a FAILED no result for this row in the response", "b FAILED bad b",
                    "c FAILED no result for this row in the response");
            assertThat(outcomes(byIndex + ", unlisted: http_status}", 400)).containsExactly(
                    "a FAILED HTTP 400: batch refused", "b FAILED bad b", "c FAILED HTTP 400: batch refused");
            assertThat(outcomes(byIndex + ", unlisted: http_status}", 200)).containsExactly(
                    "a SUCCEEDED null", "b FAILED bad b", "c SUCCEEDED null");
        }

        @Test
        void byIdItemsWithUnlistedHttpStatusFailThemWithTheCallsReasonOnAnErrorStatus() {
            String byId = "{outcome: by_id, items: /failed, id: /id, reason: /message, unlisted: http_status}";
            assertThat(outcomes(byId, 422)).containsExactly(
                    "a FAILED HTTP 422: batch refused", "b FAILED bad b", "c FAILED HTTP 422: batch refused");
        }
    }

    @Nested
    class IterableBulkUpdate {
        final EndpointRule rule = rule("endpoints:\n"
                + "  - match: {host: api.iterable.com, method: POST, path: /api/users/bulkUpdate}\n"
                + "    request: {rows: /users, row_id: /email, fields: /dataFields, op: upsert}\n"
                + "    response: {outcome: by_id, error_lists: [/invalidEmails, /failedUpdates]}\n");

        final String request = "{\"users\":[{\"email\":\"ann@example.com\",\"dataFields\":{\"plan\":\"pro\"}},"
                + "{\"email\":\"bob@\",\"dataFields\":{}},{\"email\":\"cy@example.com\",\"dataFields\":{}}]}";

        CallInterpretation answer(int status, String response) {
            return interpreter.interpret(rule, call("POST", "https://api.iterable.com/api/users/bulkUpdate", request, status, response));
        }

        @Test
        void listedUsersFailForTheListsTheyAreIn() {
            CallInterpretation result = answer(200, "{\"successCount\":1,\"failCount\":2,\"invalidEmails\":[\"bob@\"],"
                    + "\"failedUpdates\":{\"notFoundEmails\":[\"cy@example.com\"],\"forgottenEmails\":[]}}");
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("ann@example.com", UPSERT, "{\"plan\":\"pro\"}"),
                    failed("bob@", UPSERT, "invalidEmails", "{}"),
                    failed("cy@example.com", UPSERT, "failedUpdates: notFoundEmails", "{}")), null));
        }

        @Test
        void everyUserSucceedsWhenNoListNamesThem() {
            CallInterpretation result = answer(200, "{\"successCount\":3,\"failCount\":0,\"invalidEmails\":[],"
                    + "\"failedUpdates\":{\"notFoundEmails\":[],\"forgottenEmails\":null}}");
            assertThat(result.rows()).extracting(RowOutcome::status).containsExactly(SUCCEEDED, SUCCEEDED, SUCCEEDED);
            assertThat(result.callError()).isNull();
        }

        @Test
        void idsNotInTheRequestAreNoted() {
            CallInterpretation result = answer(200, "{\"invalidEmails\":[\"zed@example.com\"],\"failedUpdates\":{}}");
            assertThat(result.rows()).extracting(RowOutcome::status).containsOnly(SUCCEEDED);
            assertThat(result.callError()).isEqualTo("ids in the response's error lists that are not in the request: 1 (zed@example.com)");
        }

        @Test
        void anEntryThatIsNoIdFailsEveryRowSayingWhere() {
            CallInterpretation result = answer(200, "{\"failedUpdates\":{\"notFoundEmails\":[{\"email\":\"cy@example.com\"}]}}");
            assertThat(result.callError()).isEqualTo("response has an object at '/failedUpdates/notFoundEmails/0' where a row id"
                    + " was expected (response.error_lists)");
            assertThat(result.rows()).extracting(RowOutcome::status).containsOnly(FAILED);
        }

        @Test
        void aListAtTheRootHasNoNameToGive() {
            EndpointRule atRoot = rule("endpoints:\n"
                    + "  - match: {host: api.iterable.com, method: POST, path: /api/users/bulkUpdate}\n"
                    + "    request: {rows: /users, row_id: /email}\n"
                    + "    response: {outcome: by_id, error_lists: ''}\n");
            CallInterpretation result = interpreter.interpret(atRoot,
                    call("POST", "https://api.iterable.com/api/users/bulkUpdate", request, 200, "[\"bob@\"]"));
            assertThat(result.rows()).extracting(RowOutcome::failureReason)
                    .containsExactly(null, "listed as failed in the response", null);
        }

        @Test
        void anErrorStatusFailsEveryRowWithItsMessage() {
            CallInterpretation result = answer(401, "{\"msg\":\"Invalid API key\",\"code\":\"InvalidApiKey\",\"params\":null}");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly(
                    "HTTP 401: {\"msg\":\"Invalid API key\",\"code\":\"InvalidApiKey\",\"params\":null}");
        }
    }

    @Nested
    class MixpanelImport {
        final EndpointRule rule = rule("endpoints:\n"
                + "  - match: {host: '*.mixpanel.com', method: POST, path: /import}\n"
                + "    request: {encoding: ndjson, rows: '', row_id: /properties/$insert_id, fields: /properties, op: added}\n"
                + "    response: {outcome: by_index, items: /failed_records, index: /index, reason: /message, http_error_reason: /error}\n");

        final String ndjson = ""
                + "{\"event\":\"Signed up\",\"properties\":{\"time\":1714557600000,\"distinct_id\":\"u1\",\"$insert_id\":\"ins-1\"}}\n"
                + "{\"event\":\"Signed up\",\"properties\":{\"time\":\"yesterday\",\"distinct_id\":\"u2\",\"$insert_id\":\"ins-2\"}}\n"
                + "\n"
                + "{\"event\":\"Upgraded\",\"properties\":{\"time\":1714557600001,\"distinct_id\":\"u3\",\"$insert_id\":\"ins-3\"}}\n";

        @Test
        void gzippedNdjsonWithFailedRecordsOn400() {
            String response = "{\"code\":400,\"error\":\"some data points in the request failed validation\","
                    + "\"failed_records\":[{\"index\":1,\"$insert_id\":\"ins-2\",\"field\":\"properties.time\","
                    + "\"message\":\"'properties.time' is invalid: must be a number\"}],\"num_records_imported\":2,\"status\":\"Bad Request\"}";
            CallRecord call = call("POST", "https://api-eu.mixpanel.com/import?strict=1", gzip(ndjson), 400,
                    response.getBytes(StandardCharsets.UTF_8));
            call.requestContentType = "application/x-ndjson";
            call.requestContentEncoding = "gzip";
            CallInterpretation result = interpreter.interpret(rule, call);
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("ins-1", ADDED, "{\"time\":1714557600000,\"distinct_id\":\"u1\",\"$insert_id\":\"ins-1\"}"),
                    failed("ins-2", ADDED, "'properties.time' is invalid: must be a number",
                            "{\"time\":\"yesterday\",\"distinct_id\":\"u2\",\"$insert_id\":\"ins-2\"}"),
                    ok("ins-3", ADDED, "{\"time\":1714557600001,\"distinct_id\":\"u3\",\"$insert_id\":\"ins-3\"}")), null));
        }

        @Test
        void allImportedOn200WithoutFailedRecords() {
            CallInterpretation result = interpreter.interpret(rule, call("POST", "https://api.mixpanel.com/import", ndjson, 200,
                    "{\"code\":200,\"num_records_imported\":3,\"status\":\"OK\"}"));
            assertThat(result.rows()).extracting(RowOutcome::status).containsExactly(SUCCEEDED, SUCCEEDED, SUCCEEDED);
            assertThat(result.callError()).isNull();
        }

        @Test
        void unauthorizedWithoutFailedRecordsUsesTheConfiguredMessage() {
            CallInterpretation result = interpreter.interpret(rule, call("POST", "https://api.mixpanel.com/import", ndjson, 401,
                    "{\"code\":401,\"error\":\"Invalid credentials\",\"status\":\"Unauthorized\"}"));
            assertThat(result.callError()).isEqualTo("HTTP 401: Invalid credentials");
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly("HTTP 401: Invalid credentials");
        }

        @Test
        void indexOutsideTheRequestMakesTheResponseUnreadable() {
            CallInterpretation result = interpreter.interpret(rule, call("POST", "https://api.mixpanel.com/import", ndjson, 400,
                    "{\"failed_records\":[{\"index\":3,\"message\":\"bad\"}]}"));
            String reason = "response item 0 at '/failed_records' has index 3, but the request has 3 rows (0-based); results"
                    + " cannot be assigned";
            assertThat(result.callError()).isEqualTo(reason);
            assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly(reason);
        }

        @Test
        void badNdjsonLineIsACallError() {
            CallInterpretation result = interpreter.interpret(rule, call("POST", "https://api.mixpanel.com/import",
                    "{\"event\":\"a\"}\n{\"event\":\n", 200, "{}"));
            assertThat(result.rows()).isEmpty();
            assertThat(result.callError()).isEqualTo("request body (NDJSON line 2) is not valid JSON: Unexpected end-of-input within/between Object entries"
                    + " at line 1, column 10");
        }
    }

    // ---------------------------------------------------------------- form bodies

    @Test
    void formFieldHoldingBase64JsonWithOpsMappedFromEachRow() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {host: api.mixpanel.com, path: /engage}\n"
                + "    request:\n"
                + "      encoding: form\n      form_field: data\n      base64: true\n      rows: ''\n"
                + "      row_id: /$distinct_id\n      fields: /$set\n"
                + "      op_field: /$operation\n      op_values: {set: upsert, delete: removed}\n");
        String json = "[{\"$token\":\"t\",\"$distinct_id\":\"u1\",\"$operation\":\"set\",\"$set\":{\"plan\":\"pro\"}},"
                + "{\"$token\":\"t\",\"$distinct_id\":\"u2\",\"$operation\":\"delete\"},"
                + "{\"$token\":\"t\",\"$distinct_id\":\"u3\",\"$operation\":\"append\",\"$set\":{\"n\":1}}]";
        String form = "verbose=1&data=" + java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        CallRecord call = call("POST", "https://api.mixpanel.com/engage", form, 200, "{\"status\":1,\"error\":null}");
        call.requestContentType = "application/x-www-form-urlencoded";
        CallInterpretation result = interpreter.interpret(rule, call);
        assertThat(result).isEqualTo(new CallInterpretation(List.of(
                ok("u1", UPSERT, "{\"plan\":\"pro\"}"), ok("u2", REMOVED, "{}"), ok("u3", UPSERT, "{\"n\":1}")), null));
    }

    @Test
    void formFieldHoldingPlainJsonAndOpFieldWithWireNames() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: /track}\n"
                + "    request: {encoding: form, form_field: batch, rows: /rows, row_id: /id, op_field: /op, op: changed}\n");
        String form = "batch=" + java.net.URLEncoder.encode("{\"rows\":[{\"id\":1,\"op\":\"added\"},{\"id\":2,\"op\":\"?\"}]}",
                StandardCharsets.UTF_8);
        CallInterpretation result = interpreter.interpret(rule, call("POST", "http://localhost:9000/track", form, 200, ""));
        assertThat(result.rows()).containsExactly(ok("1", ADDED, "{\"id\":1,\"op\":\"added\"}"), ok("2", CHANGED, "{\"id\":2,\"op\":\"?\"}"));
    }

    @Test
    void missingFormFieldIsACallError() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: /engage}\n"
                + "    request: {encoding: form, form_field: data, base64: true, rows: '', row_id: /id}\n");
        CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/engage", "verbose=1", 200, ""));
        assertThat(result).isEqualTo(new CallInterpretation(List.of(), "request form has no field 'data' (request.form_field)"));
    }

    // ---------------------------------------------------------------- http_status with a test on a 2xx body

    /** Mixpanel's /track answers 200 with {@code 1} (all accepted) or {@code 0} (refused), or verbosely as JSON. */
    @Nested
    class TwoHundredWhoseBodySaysTheCallFailed {
        final String request = "data=" + java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(
                "[{\"event\":\"Signed Up\",\"properties\":{\"$insert_id\":\"e1\"}},{\"event\":\"Paid\",\"properties\":{\"$insert_id\":\"e2\"}}]"
                        .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        EndpointRule track(String response) {
            return rule("endpoints:\n"
                    + "  - match: {host: api.mixpanel.com, method: POST, path: /track}\n"
                    + "    request: {encoding: form, form_field: data, base64: true, rows: '', row_id: /properties/$insert_id, op: added}\n"
                    + "    response: " + response + "\n");
        }

        CallInterpretation answered(EndpointRule rule, int status, String body) {
            return interpreter.interpret(rule, call("POST", "https://api.mixpanel.com/track", request, status, body));
        }

        @Test
        void theBodyPassingTheTestSucceedsEveryRow() {
            EndpointRule rule = track("{outcome: http_status, success: '', success_values: [1]}");
            assertThat(answered(rule, 200, "1").rows()).extracting(RowOutcome::status).containsExactly(SUCCEEDED, SUCCEEDED);
        }

        @Test
        void theBodyFailingTheTestFailsEveryRowAsANon2xxWould() {
            EndpointRule rule = track("{outcome: http_status, success: '', success_values: [1]}");
            CallInterpretation result = answered(rule, 200, "0");
            assertThat(result.rows()).extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                    .containsExactly("e1 FAILED HTTP 200: 0", "e2 FAILED HTTP 200: 0");
            assertThat(result.callError()).isEqualTo("HTTP 200: 0");
        }

        @Test
        void aVerboseBodyGivesItsReasonAtHttpErrorReason() {
            EndpointRule rule = track("{outcome: http_status, success: /status, success_values: [1], http_error_reason: /error}");
            assertThat(answered(rule, 200, "{\"status\":0,\"error\":\"data, missing or empty\"}").rows())
                    .extracting(RowOutcome::failureReason).containsOnly("HTTP 200: data, missing or empty");
            assertThat(answered(rule, 200, "{\"status\":1,\"error\":null}").rows())
                    .extracting(RowOutcome::status).containsOnly(SUCCEEDED);
        }

        @Test
        void anErrorTestFailsOnlyWhenTheErrorIsThere() {
            EndpointRule rule = track("{outcome: http_status, error: /error}");
            assertThat(answered(rule, 200, "{\"error\":null}").rows()).extracting(RowOutcome::status).containsOnly(SUCCEEDED);
            assertThat(answered(rule, 200, "{\"error\":\"quota exceeded\"}").rows())
                    .extracting(RowOutcome::failureReason).containsOnly("HTTP 200: quota exceeded");
        }

        @Test
        void anEmptyOrUnreadableBodyFailsASuccessTest() {
            EndpointRule rule = track("{outcome: http_status, success: '', success_values: [1]}");
            assertThat(answered(rule, 200, "").rows()).extracting(RowOutcome::failureReason).containsOnly("HTTP 200: (empty body)");
            assertThat(answered(rule, 200, "<html>").rows()).extracting(RowOutcome::status).containsOnly(FAILED);
        }

        @Test
        void aNon2xxFailsAsBeforeWhateverTheBody() {
            EndpointRule rule = track("{outcome: http_status, success: '', success_values: [1]}");
            assertThat(answered(rule, 503, "1").rows()).extracting(RowOutcome::failureReason).containsOnly("HTTP 503: 1");
        }
    }

    // ---------------------------------------------------------------- Stripe-like: one object, id in the path

    @Nested
    class StripeCustomer {
        final EndpointRule rule = rule("endpoints:\n"
                + "  - match: {host: api.stripe.com, method: [POST, DELETE], path: '/v1/customers/{id}'}\n"
                + "    request: {encoding: form, rows: whole_body, row_id_from_path: id, op: changed}\n"
                + "    response: {outcome: http_status, http_error_reason: /error/message}\n");

        @Test
        void updateSucceeds() {
            CallRecord call = call("POST", "https://api.stripe.com/v1/customers/cus_Nf%2B1",
                    "email=jenny%40example.com&metadata[plan]=pro&expand[]=a&expand[]=b", 200, "{\"id\":\"cus_Nf+1\",\"object\":\"customer\"}");
            assertThat(interpreter.interpret(rule, call)).isEqualTo(new CallInterpretation(List.of(ok("cus_Nf+1", CHANGED,
                    "{\"email\":\"jenny@example.com\",\"metadata[plan]\":\"pro\",\"expand[]\":[\"a\",\"b\"]}")), null));
        }

        @Test
        void declinedFailsWithStripesMessage() {
            CallRecord call = call("POST", "https://api.stripe.com/v1/customers/cus_1", "email=x", 402,
                    "{\"error\":{\"code\":\"card_declined\",\"message\":\"Your card was declined.\",\"type\":\"card_error\"}}");
            assertThat(interpreter.interpret(rule, call)).isEqualTo(new CallInterpretation(List.of(
                    failed("cus_1", CHANGED, "HTTP 402: Your card was declined.", "{\"email\":\"x\"}")), "HTTP 402: Your card was declined."));
        }

        @Test
        void aFormInTheCharsetItsContentTypeNamesHasItsPercentEscapesReadInIt() {
            CallRecord call = call("POST", "https://api.stripe.com/v1/customers/cus_1", "name=Ren%E9e+L%F6w", 200, "{}");
            call.requestContentType = "application/x-www-form-urlencoded; charset=ISO-8859-1";
            assertThat(interpreter.interpret(rule, call).rows()).containsExactly(ok("cus_1", CHANGED, "{\"name\":\"Renée Löw\"}"));
        }

        @Test
        void deleteWithoutBodyIsOneRowWithNoFields() {
            CallRecord call = call("DELETE", "https://api.stripe.com/v1/customers/cus_9", (String) null, 200, "{\"deleted\":true}");
            assertThat(interpreter.interpret(rule, call).rows()).containsExactly(ok("cus_9", CHANGED, "{}"));
        }
    }

    // ---------------------------------------------------------------- index-aligned results (an audience API)

    @Nested
    class AudienceIndexAligned {
        final EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: '/v1/audiences/{audienceId}/members:add'}\n"
                + "    request: {rows: /members, row_id: /external_id, op_field: /action, op_values: {subscribe: added, unsubscribe: removed}}\n"
                + "    response: {outcome: index_aligned, items: /results, success: /status, success_values: [ok, created], reason: /error/message}\n");
        final String request = "{\"members\":["
                + "{\"external_id\":\"e1\",\"action\":\"subscribe\"},"
                + "{\"external_id\":\"e2\",\"action\":\"unsubscribe\"},"
                + "{\"external_id\":\"e3\",\"action\":\"subscribe\"}]}";

        @Test
        void eachResultBelongsToTheRowAtItsPosition() {
            String response = "{\"results\":[{\"status\":\"created\"},{\"status\":\"error\",\"error\":{\"code\":404,"
                    + "\"message\":\"member not found\"}},{\"status\":\"ok\"}]}";
            CallInterpretation result = interpreter.interpret(rule,
                    call("POST", "https://aud.example.com/v1/audiences/a-7/members:add", request, 200, response));
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("e1", ADDED, "{\"external_id\":\"e1\",\"action\":\"subscribe\"}"),
                    failed("e2", REMOVED, "member not found", "{\"external_id\":\"e2\",\"action\":\"unsubscribe\"}"),
                    ok("e3", ADDED, "{\"external_id\":\"e3\",\"action\":\"subscribe\"}")), null));
        }

        @Test
        void countMismatchFailsEveryRowWithTheReason() {
            CallInterpretation result = interpreter.interpret(rule, call("POST",
                    "https://aud.example.com/v1/audiences/a-7/members:add", request, 200, "{\"results\":[{\"status\":\"ok\"}]}"));
            String reason = "response has 1 results at '/results' for 3 request rows; results are matched to rows by position,"
                    + " so none could be assigned";
            assertThat(result.callError()).isEqualTo(reason);
            assertThat(result.rows()).extracting(RowOutcome::rowId, RowOutcome::status, RowOutcome::failureReason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("e1", FAILED, reason),
                            org.assertj.core.groups.Tuple.tuple("e2", FAILED, reason),
                            org.assertj.core.groups.Tuple.tuple("e3", FAILED, reason));
        }

        @Test
        void missingResultsOn2xxIsUnreadable() {
            CallInterpretation result = interpreter.interpret(rule, call("POST",
                    "https://aud.example.com/v1/audiences/a-7/members:add", request, 200, "{\"accepted\":true}"));
            assertThat(result.callError()).isEqualTo("response has no per-row results at '/results' (response.items)");
            assertThat(result.rows()).extracting(RowOutcome::status).containsOnly(FAILED);
        }
    }

    @Test
    void indexAlignedErrorsWhereNullMeansSuccess() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: /batch}\n"
                + "    request: {rows: '', row_id: /id}\n"
                + "    response: {outcome: index_aligned, items: /errors, error: ''}\n");
        CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/batch",
                "[{\"id\":\"a\"},{\"id\":\"b\"}]", 200, "{\"errors\":[null,{\"code\":\"E42\",\"detail\":\"bad\"}]}"));
        assertThat(result.rows()).containsExactly(ok("a", UPSERT, "{\"id\":\"a\"}"),
                failed("b", UPSERT, "{\"code\":\"E42\",\"detail\":\"bad\"}", "{\"id\":\"b\"}"));
    }

    /** A row sent twice in one call gets what the response says about its id, both times. */
    @Test
    void aRowIdSentTwiceGetsItsResultForEachRow() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: /v1/contacts}\n"
                + "    request: {rows: /contacts, row_id: /id}\n"
                + "    response: {outcome: by_id, items: /errors, id: /id, reason: /message}\n");
        CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/v1/contacts",
                "{\"contacts\":[{\"id\":\"c1\",\"n\":1},{\"id\":\"c2\"},{\"id\":\"c1\",\"n\":2}]}", 207,
                "{\"errors\":[{\"id\":\"c1\",\"message\":\"locked\"}]}"));
        assertThat(result.rows()).containsExactly(failed("c1", UPSERT, "locked", "{\"id\":\"c1\",\"n\":1}"),
                ok("c2", UPSERT, "{\"id\":\"c2\"}"), failed("c1", UPSERT, "locked", "{\"id\":\"c1\",\"n\":2}"));
    }

    // ---------------------------------------------------------------- transport, truncation, malformed bodies

    private final EndpointRule simple = rule("endpoints:\n"
            + "  - match: {path: /v1/contacts}\n"
            + "    request: {rows: /contacts, row_id: /id}\n"
            + "    response: {outcome: by_id, items: /errors, id: /id, reason: /message}\n");
    private final String twoContacts = "{\"contacts\":[{\"id\":\"c1\"},{\"id\":\"c2\"}]}";

    @Test
    void transportErrorFailsEveryRowWithClassAndMessage() {
        CallRecord call = call("POST", "http://h/v1/contacts", twoContacts, 0, null);
        call.error = new HttpTimeoutException("request timed out");
        CallInterpretation result = interpreter.interpret(simple, call);
        String reason = "java.net.http.HttpTimeoutException: request timed out";
        assertThat(result).isEqualTo(new CallInterpretation(List.of(
                failed("c1", UPSERT, reason, "{\"id\":\"c1\"}"), failed("c2", UPSERT, reason, "{\"id\":\"c2\"}")), reason));
    }

    @Test
    void connectionRefusedWithoutMessage() {
        CallRecord call = call("POST", "http://h/v1/contacts", twoContacts, 0, null);
        call.error = new java.net.ConnectException();
        assertThat(interpreter.interpret(simple, call).callError()).isEqualTo("java.net.ConnectException");
    }

    @Test
    void truncatedRequestRecordsNoRows() {
        CallRecord call = call("POST", "http://h/v1/contacts", twoContacts.substring(0, 20), 200, "{}");
        call.requestBodyTruncated = true;
        assertThat(interpreter.interpret(simple, call)).isEqualTo(new CallInterpretation(List.of(),
                "request body is over the 1048576-byte capture cap, so its rows were not recorded; raise capture.max_body_size"));
    }

    @Test
    void truncatedResponseFailsRowsWhoseOutcomeIsUnknown() {
        CallRecord call = call("POST", "http://h/v1/contacts", twoContacts, 207, "{\"errors\":[{\"id\":\"c1\",\"mess");
        call.responseBodyTruncated = true;
        String reason = "response body is over the 1048576-byte capture cap, so per-row results could not be read;"
                + " raise capture.max_body_size";
        assertThat(interpreter.interpret(simple, call)).isEqualTo(new CallInterpretation(List.of(
                failed("c1", UPSERT, reason, "{\"id\":\"c1\"}"), failed("c2", UPSERT, reason, "{\"id\":\"c2\"}")), reason));
    }

    @Test
    void malformedResponseJsonOn2xx() {
        CallInterpretation result = interpreter.interpret(simple,
                call("POST", "http://h/v1/contacts", twoContacts, 200, "{\"errors\": [oops]}"));
        String reason = "response body is not valid JSON: Unrecognized token '…' at line 1, column 13";
        assertThat(result.callError()).isEqualTo(reason);
        assertThat(result.rows()).extracting(RowOutcome::failureReason).containsOnly(reason);
    }

    @Test
    void malformedRequestJson() {
        assertThat(interpreter.interpret(simple, call("POST", "http://h/v1/contacts", "{\"contacts\":[{\"id\":\"c1\"}", 200, "{}")))
                .isEqualTo(new CallInterpretation(List.of(),
                        "request body is not valid JSON: Unexpected end-of-input: expected close marker for Array at line 1, column 25"));
    }

    @Test
    void requestWithoutTheRowsArray() {
        assertThat(interpreter.interpret(simple, call("POST", "http://h/v1/contacts", "{\"contacts\":{\"id\":\"c1\"}}", 200, "{}")))
                .isEqualTo(new CallInterpretation(List.of(),
                        "request has no array of rows at '/contacts' (request.rows); found an object"));
    }

    @Test
    void gzipWithoutContentEncodingIsDetectedAndDecoded() {
        CallRecord call = call("POST", "http://h/v1/contacts", gzip(twoContacts), 200, gzip("{\"errors\":[{\"id\":\"c2\",\"message\":\"no\"}]}"));
        call.responseContentEncoding = "gzip";
        assertThat(interpreter.interpret(simple, call).rows())
                .containsExactly(ok("c1", UPSERT, "{\"id\":\"c1\"}"), failed("c2", UPSERT, "no", "{\"id\":\"c2\"}"));
    }

    @Test
    void gzipForcedByConfig() {
        EndpointRule rule = rule("endpoints:\n"
                + "  - match: {path: /v1/contacts}\n"
                + "    request: {rows: /contacts, row_id: /id, compression: gzip}\n");
        CallRecord call = call("POST", "http://h/v1/contacts", gzip(twoContacts), 200, new byte[0]);
        assertThat(interpreter.interpret(rule, call).rows()).hasSize(2);
    }

    @Test
    void compressedBodyMayNotInflatePastTheCap() {
        CallInterpreter small = new CallInterpreter(1024);
        String big = "{\"contacts\":[" + "{\"id\":\"c\"},".repeat(500) + "{\"id\":\"z\"}]}";
        CallRecord call = call("POST", "http://h/v1/contacts", gzip(big), 200, new byte[0]);
        call.requestContentEncoding = "gzip";
        assertThat(small.interpret(simple, call)).isEqualTo(new CallInterpretation(List.of(),
                "request body inflates past the 1024-byte capture cap; raise capture.max_body_size to read it"));
    }

    @Test
    void unknownContentEncoding() {
        CallRecord call = call("POST", "http://h/v1/contacts", twoContacts, 200, "");
        call.requestContentEncoding = "br";
        assertThat(interpreter.interpret(simple, call).callError())
                .isEqualTo("request body is br-encoded, which synclog cannot decode (it reads gzip and deflate)");
    }

    @Test
    void cborIsNamedWithTheAwsSdksSwitchToJson() {
        CallRecord call = call("POST", "http://h/v1/contacts", new byte[] {(byte) 0xbf, 0x67, 'R', 'e', 'c', 'o', 'r', 'd', 's'},
                200, new byte[0]);
        call.requestContentType = "application/x-amz-cbor-1.1";
        assertThat(interpreter.interpret(simple, call)).isEqualTo(new CallInterpretation(List.of(),
                "request body is CBOR (Content-Type application/x-amz-cbor-1.1), which synclog does not read, so its rows"
                        + " were not recorded; make the client send JSON (the AWS SDK for Java does with -Daws.cborEnabled=false)"));
        call.requestContentType = "application/cbor; charset=binary";
        assertThat(interpreter.interpret(simple, call).callError()).isEqualTo("request body is CBOR (Content-Type"
                + " application/cbor), which synclog does not read, so its rows were not recorded; make the client send JSON");
    }

    @Test
    void neverThrowsOnNonsense() {
        CallRecord call = new CallRecord();
        CallInterpretation result = interpreter.interpret(simple, call);
        assertThat(result.rows()).isEmpty();
        assertThat(result.callError()).startsWith("synclog could not interpret this call (java.lang.NullPointerException");
    }

    @Test
    void recordedLengthShorterThanTheArrayIsRespected() {
        byte[] padded = java.util.Arrays.copyOf(twoContacts.getBytes(StandardCharsets.UTF_8), 200);
        CallRecord call = call("POST", "http://h/v1/contacts", padded, 200, "{}".getBytes(StandardCharsets.UTF_8));
        call.requestBodyLength = twoContacts.length();
        assertThat(interpreter.interpret(simple, call).rows()).hasSize(2);
    }

    /** Regressions found by CallInterpreterFuzzTest: whatever a destination sends, texts that leave are one bounded line. */
    @Nested
    class HostileResponses {
        final EndpointRule byId = rule("endpoints:\n"
                + "  - match: {path: /v1/contacts}\n"
                + "    request: {rows: /contacts, row_id: /id}\n"
                + "    response: {outcome: by_id, items: /errors, id: /id, reason: /message}\n");

        @Test
        void unknownIdsAreQuotedOnOneLineAndShort() {
            String hugeId = "x".repeat(30_000);
            CallInterpretation result = interpreter.interpret(byId, call("POST", "http://h/v1/contacts",
                    "{\"contacts\":[{\"id\":\"a\"}]}", 200, "{\"errors\":[{\"id\":\"line one\\nline two\"},{\"id\":\"" + hugeId + "\"}]}"));
            assertThat(result.callError()).isEqualTo("2 response items at '/errors' name ids that are not in the request"
                    + " (line one line two, " + "x".repeat(Reasons.MAX_QUOTED_CHARS - 1) + "…)");
        }

        @Test
        void aHugeIndexValueMakesABoundedReason() {
            EndpointRule byIndex = rule("endpoints:\n"
                    + "  - match: {path: /import}\n"
                    + "    request: {rows: /rows, row_id: /id}\n"
                    + "    response: {outcome: by_index, items: /failed, index: /index}\n");
            CallInterpretation result = interpreter.interpret(byIndex, call("POST", "http://h/import",
                    "{\"rows\":[{\"id\":\"a\"}]}", 400, "{\"failed\":[{\"index\":{\"n\":\"" + "9".repeat(5000) + "\"}}]}"));
            assertThat(result.rows()).singleElement().satisfies(row ->
                    assertThat(row.failureReason()).startsWith("response item 0 at '/failed' has index {\"n\":\"999")
                            .hasSizeLessThan(200));
        }

        @Test
        void anHttpFailureReasonStaysWithinTheCapIncludingItsPrefix() {
            CallInterpretation result = interpreter.interpret(byId, call("POST", "http://h/v1/contacts",
                    "{\"contacts\":[{\"id\":\"a\"}]}", 500, "{\"message\":\"" + "m".repeat(5000) + "\"}"));
            assertThat(result.rows().get(0).failureReason()).hasSize(Reasons.MAX_REASON_CHARS).startsWith("HTTP 500: mmm").endsWith("m…");
        }

        @Test
        void aCutNeverSplitsAnEmoji() {
            String text = "a".repeat(Reasons.MAX_REASON_CHARS - 2) + "😀 and more";
            assertThat(Reasons.oneLine(text, Reasons.MAX_REASON_CHARS)).isEqualTo("a".repeat(Reasons.MAX_REASON_CHARS - 2) + "…");
        }
    }

    // ---------------------------------------------------------------- rows read as a stream, without a tree

    /** What a row's fields are: the request's own text when no rule applies, else compact JSON with the rules applied. */
    @Nested
    class StreamedRows {
        /** Spaced out, an escaped letter, numbers as the client spelled them, the id after the fields and inside them. */
        final String spacedOut = "{ \"batch\": {\"note\": [1, {\"x\": 2}], \"contacts\" : [\n"
                + "  { \"properties\" : { \"name\" : \"Z\\u00fcrich\", \"score\" : 1.50, \"big\" : 1e2, \"ref\": {\"id\": \"r1\"} },"
                + " \"meta\": {\"id\": 7}, \"op\": \"removed\" },\n"
                + "  { \"meta\": {\"id\": 8.0}, \"properties\": \"plain\" },\n"
                + "  { \"properties\": {\"name\": \"no id\"} }\n"
                + "] }, \"after\": [true, null] }";

        EndpointRule rule(String privacy) {
            return Calls.rule(privacy + "endpoints:\n"
                    + "  - match: {path: /batch}\n"
                    + "    request: {rows: /batch/contacts, row_id: /meta/id, fields: /properties, op_field: /op, op: changed}\n");
        }

        @Test
        void withoutPrivacyRulesFieldsAreTheRequestsOwnText() {
            CallInterpretation result = interpreter.interpret(rule(""), call("POST", "http://h/batch", spacedOut, 200, ""));
            assertThat(result.rows()).containsExactly(
                    ok("7", REMOVED, "{ \"name\" : \"Z\\u00fcrich\", \"score\" : 1.50, \"big\" : 1e2, \"ref\": {\"id\": \"r1\"} }"),
                    ok("8.0", CHANGED, "\"plain\""));
            assertThat(result.callError()).isEqualTo("1 of 3 request rows have no id at '/meta/id' (first: row 2) and were not recorded");
        }

        /** The scanner matches names as ASCII bytes: a name beyond ASCII must not become a '?' that matches one. */
        @Test
        void aPointerNameBeyondAsciiNamesNothingInAnAsciiBody() {
            EndpointRule rule = Calls.rule("endpoints:\n  - match: {path: /batch}\n"
                    + "    request: {rows: /rows, row_id: /\u540d, op: changed}\n");
            CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/batch", "{\"rows\":[{\"?\":\"q\"}]}", 200, ""));
            assertThat(result.rows()).isEmpty();
            assertThat(result.callError()).startsWith("1 of 1 request rows have no id at '/\u540d'");

            CallInterpretation escaped = interpreter.interpret(rule,
                    call("POST", "http://h/batch", "{\"rows\":[{\"?\":\"q\",\"\\u540d\":\"n\"}]}", 200, ""));
            assertThat(escaped.rows()).containsExactly(ok("n", CHANGED, "{\"?\":\"q\",\"\\u540d\":\"n\"}"));
        }

        /** ASCII bodies are parsed as bytes; any other is decoded first, so a malformed byte still reads as U+FFFD. */
        @Test
        void aBodyThatIsNotAsciiReadsAsItsUtf8Text() {
            byte[] start = "{\"batch\":{\"contacts\":[{\"meta\":{\"id\":1},\"properties\":{\"city\":\"Zürich\",\"bad\":\""
                    .getBytes(StandardCharsets.UTF_8);
            byte[] end = "\"}}]}}".getBytes(StandardCharsets.UTF_8);
            byte[] body = Arrays.copyOf(start, start.length + 1 + end.length);
            body[start.length] = (byte) 0xff;
            System.arraycopy(end, 0, body, start.length + 1, end.length);

            CallInterpretation result = interpreter.interpret(rule(""), call("POST", "http://h/batch", body, 200, new byte[0]));

            assertThat(result.rows()).containsExactly(ok("1", CHANGED, "{\"city\":\"Zürich\",\"bad\":\"\uFFFD\"}"));
        }

        @Test
        void withPrivacyRulesFieldsAreCompactJsonWithTheRulesApplied() {
            CallInterpretation result = interpreter.interpret(rule("privacy: {mask: [name], exclude: [ref]}\n"),
                    call("POST", "http://h/batch", spacedOut, 200, ""));
            assertThat(result.rows()).containsExactly(
                    ok("7", REMOVED, "{\"name\":\"********\",\"score\":1.50,\"big\":1E+2}"),
                    ok("8.0", CHANGED, "\"plain\""));
        }

        /** A rule on the name the fields sit under protects what is inside them, not the fields as a whole. */
        @Test
        void theFieldsThemselvesUnderAProtectedNameKeepTheirInsideRules() {
            EndpointRule rule = Calls.rule("privacy: {hash: [properties, email]}\nendpoints:\n"
                    + "  - match: {path: /p}\n    request: {rows: /rows, row_id: /id, fields: /properties}\n");
            CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/p",
                    "{\"rows\":[{\"id\":\"a\",\"properties\":{\"email\":\"ada@example.com\",\"plan\":\"pro\"}}]}", 200, ""));
            assertThat(result.rows()).containsExactly(ok("a", UPSERT,
                    "{\"email\":\"" + FieldPrivacy.sha256Hex("ada@example.com") + "\",\"plan\":\"pro\"}"));
        }

        /** The whole body is read, as a tree would be: rows before a break are not recorded as if it were whole. */
        @Test
        void aBodyBrokenAfterItsRowsIsNotJson() {
            CallInterpretation result = interpreter.interpret(simple, call("POST", "http://h/v1/contacts",
                    "{\"contacts\":[{\"id\":\"c1\"}], \"more\": [1, 2", 200, "{}"));
            assertThat(result.rows()).isEmpty();
            assertThat(result.callError()).startsWith("request body is not valid JSON: Unexpected end-of-input");
        }

        /** Items read as a stream: pointers into a value another pointer names, a whole item quoted compactly. */
        @Test
        void resultsAreReadWithoutATreeOfTheResponse() {
            EndpointRule rule = Calls.rule("endpoints:\n  - match: {path: /r}\n    request: {rows: /rows, row_id: /id}\n"
                    + "    response: {outcome: index_aligned, items: /data/results, error: /error, reason: /error/message}\n");
            String response = "{ \"meta\": {\"results\": [1]}, \"data\": { \"results\": [\n"
                    + "  { \"error\": null, \"echo\": [1, 2] },\n"
                    + "  { \"error\": { \"code\": 9, \"message\": \"too long\" } },\n"
                    + "  { \"error\": { \"code\" : 7 } , \"n\" : 1.50 }\n"
                    + "] } }";
            CallInterpretation result = interpreter.interpret(rule, call("POST", "http://h/r",
                    "{\"rows\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]}", 200, response));
            assertThat(result.rows()).containsExactly(ok("a", UPSERT, "{\"id\":\"a\"}"),
                    failed("b", UPSERT, "too long", "{\"id\":\"b\"}"),
                    failed("c", UPSERT, "{\"code\":7}", "{\"id\":\"c\"}"));

            EndpointRule noReason = Calls.rule("endpoints:\n  - match: {path: /r}\n    request: {rows: /rows, row_id: /id}\n"
                    + "    response: {outcome: index_aligned, items: '', success: /ok}\n");
            assertThat(interpreter.interpret(noReason, call("POST", "http://h/r", "{\"rows\":[{\"id\":\"a\"}]}", 200,
                    "[ { \"ok\" : false , \"n\" : 1.50, \"why\": \"Z\\u00fcrich\" } ]")).rows())
                    .containsExactly(failed("a", UPSERT, "{\"ok\":false,\"n\":1.50,\"why\":\"Zürich\"}", "{\"id\":\"a\"}"));

            CallInterpretation broken = interpreter.interpret(rule, call("POST", "http://h/r",
                    "{\"rows\":[{\"id\":\"a\"}]}", 200, "{\"data\":{\"results\":[{\"error\":null}]}, \"x\": ["));
            assertThat(broken.callError()).startsWith("response body is not valid JSON: Unexpected end-of-input");
        }
    }
    /** Numbers no exact decimal holds (an exponent past 2^31): Jackson's BigDecimal refuses them. */
    @Nested
    class NumbersBeyondAnExactDecimal {
        final String rules = "endpoints:\n  - name: n\n    match: {host: h, method: POST, path: /v1/c}\n"
                + "    request: {rows: /inputs, row_id: /id, fields: /properties}\n";
        final EndpointRule byId = rule(rules + "    response: {outcome: by_id, items: /errors, id: /id, reason: /message}\n");
        final EndpointRule hashingEmail = rule(rules + "    privacy: {hash: [email]}\n"
                + "    response: {outcome: by_id, items: /errors, id: /id, reason: /message}\n");

        @Test
        void asRowIdKeepTheirText() {
            CallInterpretation result = interpreter.interpret(byId, call("POST", "http://h/v1/c",
                    "{\"inputs\":[{\"id\":123e5678901234567890123,\"properties\":{\"a\":1}}]}", 200, "{}"));
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("123e5678901234567890123", UPSERT, "{\"a\":1}")), null));
        }

        @Test
        void inFieldsCopiedUnderPrivacyRulesKeepTheirText() {
            CallInterpretation result = interpreter.interpret(hashingEmail, call("POST", "http://h/v1/c",
                    "{\"inputs\":[{\"id\":\"x\",\"properties\":{\"score\":1.5e-99999999999999999,\"email\":\"a@b.c\"}}]}",
                    200, "{}"));
            assertThat(result.callError()).isNull();
            assertThat(result.rows()).singleElement().satisfies(row -> {
                assertThat(row.rowId()).isEqualTo("x");
                assertThat(row.fieldsJson()).startsWith("{\"score\":1.5e-99999999999999999,\"email\":\"")
                        .doesNotContain("a@b.c");
            });
        }

        @Test
        void inAResponseItemFailEveryRowWithAClearReason() {
            CallInterpretation result = interpreter.interpret(byId, call("POST", "http://h/v1/c",
                    "{\"inputs\":[{\"id\":\"x\",\"properties\":{}},{\"id\":\"y\",\"properties\":{}}]}", 207,
                    "{\"errors\":[{\"id\":\"x\",\"message\":{\"code\":2e999999999999999999999}}]}"));
            String reason = "response body has a number whose exponent is out of range (beyond 2^31), which synclog"
                    + " cannot read exactly";
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    failed("x", UPSERT, reason, "{}"), failed("y", UPSERT, reason, "{}")), reason));
        }
    }

    // ---------------------------------------------------------------- DynamoDB: rows named by a member, the unwritten listed

    @Nested
    class DynamoDbBatchWriteItem {
        final String endpoint = ""
                + "endpoints:\n"
                + "  - name: dynamodb-batch-write-item\n"
                + "    match: {path: /, headers: {X-Amz-Target: DynamoDB_20120810.BatchWriteItem}}\n"
                + "    request: {rows: /RequestItems/contacts, row_id: /*/*/id/S, fields: /*/*, op: upsert,\n"
                + "              op_when_present: {/DeleteRequest: removed}}\n"
                + "    response: {outcome: by_id, items: /UnprocessedItems/contacts, id: /*/*/id/S,\n"
                + "               reason_text: 'UnprocessedItems: not written'}\n";

        final String request = "{\"RequestItems\":{\"contacts\":["
                + "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"c-1\"},\"email\":{\"S\":\"ada@example.com\"}}}},"
                + "{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"c-2\"}}}},"
                + "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"c-3\"},\"email\":{\"S\":\"cy@example.com\"}}}}]}}";

        /** The response lists the delete and the second put, as DynamoDB lists what it did not write: as they were sent. */
        final String response = "{\"UnprocessedItems\":{\"contacts\":["
                + "{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"c-2\"}}}},"
                + "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"c-3\"},\"email\":{\"S\":\"cy@example.com\"}}}}]}}";

        @Test
        void aRowsOpIsTheMemberItHoldsAndItsIdIsInsideEither() {
            CallInterpretation result = interpreter.interpret(rule(endpoint), call("POST", "https://dynamodb/", request, 200, response));
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("c-1", UPSERT, "{\"id\":{\"S\":\"c-1\"},\"email\":{\"S\":\"ada@example.com\"}}"),
                    failed("c-2", REMOVED, "UnprocessedItems: not written", "{\"id\":{\"S\":\"c-2\"}}"),
                    failed("c-3", UPSERT, "UnprocessedItems: not written",
                            "{\"id\":{\"S\":\"c-3\"},\"email\":{\"S\":\"cy@example.com\"}}")), null));
        }

        @Test
        void readTheSameWithPrivacyRulesWhichReadTheRowsTokenByToken() {
            CallInterpretation result = interpreter.interpret(rule("privacy: {mask: [email]}\n" + endpoint),
                    call("POST", "https://dynamodb/", request, 200, "{\"UnprocessedItems\":{}}"));
            assertThat(result).isEqualTo(new CallInterpretation(List.of(
                    ok("c-1", UPSERT, "{\"id\":{\"S\":\"c-1\"},\"email\":\"********\"}"),
                    ok("c-2", REMOVED, "{\"id\":{\"S\":\"c-2\"}}"),
                    ok("c-3", UPSERT, "{\"id\":{\"S\":\"c-3\"},\"email\":\"********\"}")), null));
        }

        @Test
        void theFirstPlaceListedThatARowHoldsDecidesAndANullIsNotHeld() {
            String endpoints = "endpoints:\n  - match: {path: /}\n    request: {rows: /rows, row_id: /id, op: changed,"
                    + " op_when_present: {/remove: removed, /create: added}}\n";
            String rows = "{\"rows\":[{\"id\":\"a\",\"create\":{},\"remove\":1},{\"id\":\"b\",\"create\":\"x\"},"
                    + "{\"id\":\"c\",\"create\":null},{\"id\":\"d\",\"remove\":{\"create\":1}}]}";
            // Without privacy rules the scanner reads the rows, with them Jackson's parser: the same ops.
            for (String privacy : List.of("", "privacy: {hash: [other]}\n")) {
                CallInterpretation result = interpreter.interpret(rule(privacy + endpoints), call("POST", "https://x/", rows, 200, "{}"));
                assertThat(result.rows()).as("privacy rules '%s'", privacy).extracting(r -> r.rowId() + " " + r.op())
                        .containsExactly("a REMOVED", "b ADDED", "c CHANGED", "d REMOVED");
            }
        }
    }
}
