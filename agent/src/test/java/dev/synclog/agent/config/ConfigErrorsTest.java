package dev.synclog.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every bad config gives one line naming file, line, column, the problem and the fix. */
class ConfigErrorsTest {

    private static final String SYNC = "sync:\n  sync_id: contacts\n";
    /** Lines 1-2 sync, 3 endpoints, 4 name, 5 match, 6.. its keys, then request (and response) with theirs. */
    private static String endpoint(String match, String request, String response) {
        return SYNC
                + "endpoints:\n"
                + "  - name: hubspot\n"
                + "    match:\n" + match
                + "    request:\n" + request
                + (response == null ? "" : "    response:\n" + response);
    }

    private static final String MATCH = "      path: /crm/v3/objects/contacts/batch/upsert\n";
    private static final String REQUEST = "      rows: /inputs\n      row_id: /id\n";

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("unclosed '[' names where it opened", SYNC + "endpoints: [\n  foo: bar\n",
                        "synclog: synclog.yaml:3:12: YAML syntax error: the '[' opened here is never closed (the parser noticed"
                        + " at line 5, column 1: expected ',' or ']', but got <stream end>); close it where the value ends, or"
                        + " quote the value if the '[' is part of its text"),
                Arguments.of("unclosed '{' names where it opened", SYNC + "queue: {dir: /tmp/q\ncapture:\n  max_body_size: 1MiB\n",
                        "synclog: synclog.yaml:3:8: YAML syntax error: the '{' opened here is never closed (the parser noticed"
                        + " at line 4, column 8: expected ',' or '}', but got :); close it where the value ends, or quote the"
                        + " value if the '{' is part of its text"),
                Arguments.of("unclosed quote names where it opened", SYNC + "queue:\n  dir: \"/tmp/q\n  min_free_disk: 1MiB\n",
                        "synclog: synclog.yaml:4:8: YAML syntax error: the quote opened here is never closed (the parser"
                        + " noticed at line 6, column 1: found unexpected end of stream); close it where the value ends, or quote"
                        + " the value if the quote is part of its text"),
                Arguments.of("yaml syntax", SYNC + "queue:\n  dir: a: b\n",
                        "synclog: synclog.yaml:4:9: YAML syntax error: mapping values are not allowed here; fix the indentation,"
                        + " quoting or brackets here (quote values that contain ': ', '{' or '#')"),
                Arguments.of("empty file", "",
                        "synclog: synclog.yaml:1:1: the config file is empty (or only comments); write at least sync.sync_id and one"
                        + " endpoint; see docs/configuration.md for a minimal config"),
                Arguments.of("not YAML (a binary file)", "PK\u0003\u0004\u0014\u0000\u0008\u0000\u0000\u0000!\u0000",
                        "synclog: synclog.yaml:1:6: the file is not UTF-8 text (a NUL byte here); point the agent at the"
                        + " YAML config file, saved as UTF-8"),
                Arguments.of("top level not a mapping", "- sync\n- endpoints\n",
                        "synclog: synclog.yaml:1:1: the top level must be a mapping of keys but is a list; write it as indented"
                        + " 'key: value' lines"),
                Arguments.of("unknown top-level key", SYNC + "endpionts: []\n",
                        "synclog: synclog.yaml:3:1: unknown key 'endpionts' in the top level; use one of: enabled, sync, runs, queue,"
                        + " capture, privacy, endpoints"),
                Arguments.of("unknown nested key", endpoint(MATCH, REQUEST + "      row_idd: /x\n", null),
                        "synclog: synclog.yaml:10:7: unknown key 'row_idd' in 'endpoints[0].request'; use one of: encoding,"
                        + " form_field, base64, compression, rows, row_id, row_id_from_path, fields, field_names, op, op_field, op_values,"
                        + " op_when_present"),
                Arguments.of("duplicate key", SYNC + "sync:\n  sync_id: x\n",
                        "synclog: synclog.yaml:3:1: duplicate key 'sync' (first at line 1); keep one of the two"),
                Arguments.of("missing sync", "endpoints: []\n",
                        "synclog: synclog.yaml:1:1: missing key 'sync' in the top level; add it, e.g. sync: {sync_id: contacts-to-hubspot}"),
                Arguments.of("missing sync_id", "sync:\n  model_name: contacts\n",
                        "synclog: synclog.yaml:2:3: missing key 'sync_id' in 'sync'; add it, e.g. sync_id: ${env:SYNC_ID:-contacts-to-hubspot}"),
                Arguments.of("empty sync_id", "sync:\n  sync_id:\n",
                        "synclog: synclog.yaml:2:11: 'sync.sync_id' is empty; add it, e.g. sync_id: ${env:SYNC_ID:-contacts-to-hubspot}"),
                Arguments.of("unset env var", "sync:\n  sync_id: ${env:SYNC_ID}\n",
                        "synclog: synclog.yaml:2:12: environment variable SYNC_ID is not set; set it, or give a default: ${env:SYNC_ID:-value}"),
                Arguments.of("unknown interpolation", "sync:\n  sync_id: ${SYNC_ID}\n",
                        "synclog: synclog.yaml:2:12: '${SYNC_ID}' is neither ${env:NAME} nor ${sys:name}; write ${env:NAME} for an"
                        + " environment variable or ${sys:name} for a -D system property"),
                Arguments.of("no endpoints", SYNC,
                        "synclog: synclog.yaml:1:1: no endpoints are configured, so nothing would be captured; add an 'endpoints:'"
                        + " list with at least one endpoint (see docs/configuration.md), or set capture.log_unmatched: true to"
                        + " list the calls the app makes first"),
                Arguments.of("endpoints not a list", SYNC + "endpoints:\n  path: /x\n",
                        "synclog: synclog.yaml:4:3: 'endpoints' must be a list but is a mapping; write one '- ' item per line under endpoints:"),
                Arguments.of("wrong type: boolean", "enabled: maybe\n" + SYNC,
                        "synclog: synclog.yaml:1:10: 'enabled' must be true or false but is 'maybe'; write enabled: true or enabled: false"),
                Arguments.of("wrong type: mapping for text", "sync:\n  sync_id: {a: b}\n",
                        "synclog: synclog.yaml:2:12: 'sync.sync_id' must be a single value but is a mapping; write it on one line"
                        + " after the colon, quoted if it contains ': ' or starts with '{' or '['"),
                Arguments.of("bad size", SYNC + "queue:\n  min_free_disk: lots\n",
                        "synclog: synclog.yaml:4:18: 'queue.min_free_disk' value 'lots' is not a size; write a byte count or a"
                        + " number with a unit, e.g. min_free_disk: 256MiB"),
                Arguments.of("body cap out of range", SYNC + "capture:\n  max_body_size: 2GiB\n",
                        "synclog: synclog.yaml:4:18: 'capture.max_body_size' must be between 1KiB and 1GiB; write e.g. max_body_size: 8MiB"),
                Arguments.of("unknown instrumentation", SYNC + "capture:\n  instrumentation:\n    okhttp3: false\n",
                        "synclog: synclog.yaml:5:5: unknown key 'okhttp3' in 'capture.instrumentation'; use one of: java_http_client,"
                        + " http_url_connection, apache_http_client_4, apache_http_client_5, okhttp, apache_http_async_client_4,"
                        + " apache_http_client_5_async, netty"),
                Arguments.of("bad run method", SYNC + "runs:\n  method: com.acme.ContactSync.runOnce\n",
                        "synclog: synclog.yaml:4:11: run method 'com.acme.ContactSync.runOnce' is not fully.qualified.Class#method;"
                        + " write e.g. com.acme.ContactSync#runOnce (nested classes as Outer$Inner, no parameters)"),
                Arguments.of("attempt window not a number", SYNC + "runs:\n  attempt_window: 1e6\n",
                        "synclog: synclog.yaml:4:19: 'runs.attempt_window' value '1e6' is not a whole number; write digits"
                        + " only, e.g. attempt_window: 1000000"),
                Arguments.of("attempt window out of range", SYNC + "runs:\n  attempt_window: 100\n",
                        "synclog: synclog.yaml:4:19: 'runs.attempt_window' must be between 1,000 and 10,000,000 rows; write"
                        + " e.g. attempt_window: 1000000"),
                Arguments.of("waiting calls out of range", SYNC + "capture:\n  max_waiting_calls: 2_000_000\n",
                        "synclog: synclog.yaml:4:22: 'capture.max_waiting_calls' must be between 100 and 1,000,000 calls;"
                        + " write e.g. max_waiting_calls: 50000"),
                Arguments.of("exit wait out of range", SYNC + "queue:\n  max_exit_wait_seconds: 3600\n",
                        "synclog: synclog.yaml:4:26: 'queue.max_exit_wait_seconds' must be between 0 and 600 seconds;"
                        + " write e.g. max_exit_wait_seconds: 30"),
                Arguments.of("exit wait with a unit", SYNC + "queue:\n  max_exit_wait_seconds: 30s\n",
                        "synclog: synclog.yaml:4:26: 'queue.max_exit_wait_seconds' value '30s' is not a whole number; write"
                        + " digits only, e.g. max_exit_wait_seconds: 30"),
                Arguments.of("invalid path template", endpoint("      path: /v2/accounts/{id\n", REQUEST, null),
                        "synclog: synclog.yaml:6:13: path template '/v2/accounts/{id' has an unclosed '{'; write variables as"
                        + " {name}, e.g. /v2/accounts/{id}"),
                Arguments.of("match headers without a name", SYNC + "endpoints:\n  - match: {path: /, headers: {X-Amz-Target: A.B}}\n"
                        + "    request: {rows: /Entries, row_id: /Id}\n",
                        "synclog: synclog.yaml:4:5: missing key 'name' in 'endpoints[0]'; add it, e.g. name: sqs-send-message-batch"
                        + " (an endpoint matching headers is named by you: a default name would repeat their values in every event)"),
                Arguments.of("match headers not a mapping", endpoint(MATCH + "      headers: X-Amz-Target\n", REQUEST, null),
                        "synclog: synclog.yaml:7:16: 'endpoints[0].match.headers' must map header names to values but is"
                        + " text; write e.g. headers: {X-Amz-Target: AmazonSQS.SendMessageBatch}"),
                Arguments.of("match headers empty", endpoint(MATCH + "      headers: {}\n", REQUEST, null),
                        "synclog: synclog.yaml:7:16: 'endpoints[0].match.headers' must map header names to values but is"
                        + " empty; write e.g. headers: {X-Amz-Target: AmazonSQS.SendMessageBatch}"),
                Arguments.of("match header value list",
                        endpoint(MATCH + "      headers: {X-Amz-Target: [AmazonSQS.SendMessage, AmazonSQS.SendMessageBatch]}\n", REQUEST, null),
                        "synclog: synclog.yaml:7:31: 'endpoints[0].match.headers.X-Amz-Target' must be one exact value but"
                        + " is a list; write one endpoint per value: each operation has its own request and response shape"),
                Arguments.of("match header value pattern", endpoint(MATCH + "      headers: {X-Amz-Target: AmazonSQS.*}\n", REQUEST, null),
                        "synclog: synclog.yaml:7:31: 'endpoints[0].match.headers.X-Amz-Target' value 'AmazonSQS.*' has a"
                        + " '*', but header values match exactly; write the whole value, e.g. AmazonSQS.SendMessageBatch,"
                        + " one endpoint per value"),
                Arguments.of("match header value empty", endpoint(MATCH + "      headers:\n        X-Amz-Target: ''\n", REQUEST, null),
                        "synclog: synclog.yaml:8:23: 'endpoints[0].match.headers.X-Amz-Target' is empty; write the header's"
                        + " exact value, e.g. X-Amz-Target: AmazonSQS.SendMessageBatch (leave a header out to match any value)"),
                Arguments.of("match header named twice", endpoint(MATCH + "      headers: {X-Amz-Target: a, x-amz-target: b}\n", REQUEST, null),
                        "synclog: synclog.yaml:7:34: header 'x-amz-target' is named twice in 'endpoints[0].match.headers'"
                        + " (header names ignore case); keep one"),
                Arguments.of("missing path", endpoint("      host: api.hubapi.com\n", REQUEST, null),
                        "synclog: synclog.yaml:6:7: missing key 'path' in 'endpoints[0].match'; add it, e.g. path:"
                        + " /crm/v3/objects/contacts/batch/upsert"),
                Arguments.of("bad host", endpoint("      host: https://api.hubapi.com\n" + MATCH, REQUEST, null),
                        "synclog: synclog.yaml:6:13: host 'https://api.hubapi.com' contains a '/' or '?'; write only the host"
                        + " name (and :port), and put the path under match.path"),
                Arguments.of("bad port", endpoint("      host: localhost:99999\n" + MATCH, REQUEST, null),
                        "synclog: synclog.yaml:6:13: host 'localhost:99999' has an invalid port '99999'; write a port from 1 to"
                        + " 65535, e.g. localhost:8080, or leave the port out to match any"),
                Arguments.of("bad method", endpoint("      method: [POST, 'GET /x']\n" + MATCH, REQUEST, null),
                        "synclog: synclog.yaml:6:15: 'endpoints[0].match.method' value 'GET /x' is not an HTTP method; write e.g."
                        + " method: POST or method: [POST, PUT]"),
                Arguments.of("invalid JSON pointer", endpoint(MATCH, "      rows: inputs\n      row_id: /id\n", null),
                        "synclog: synclog.yaml:8:13: 'endpoints[0].request.rows' value 'inputs' is not a JSON Pointer; start it"
                        + " with '/' and separate names with '/', e.g. /inputs (\"\" is the whole value)"),
                Arguments.of("dotted pointer", endpoint(MATCH, "      rows: /inputs\n      row_id: properties.id\n", null),
                        "synclog: synclog.yaml:9:15: 'endpoints[0].request.row_id' value 'properties.id' is not a JSON Pointer;"
                        + " start it with '/' and separate names with '/', e.g. /properties/id (\"\" is the whole value)"),
                Arguments.of("missing rows", endpoint(MATCH, "      row_id: /id\n", null),
                        "synclog: synclog.yaml:8:7: missing key 'rows' in 'endpoints[0].request'; add it, e.g. rows: /inputs (a"
                        + " JSON Pointer to the array of rows; \"\" when the body is the array or NDJSON; whole_body for one row)"),
                Arguments.of("missing row id", endpoint(MATCH, "      rows: /inputs\n", null),
                        "synclog: synclog.yaml:8:7: missing key 'row_id' in 'endpoints[0].request'; add it, e.g. row_id: /id (a"
                        + " JSON Pointer inside each row), or row_id_from_path: id (a variable of match.path)"),
                Arguments.of("row id twice", endpoint("      path: /v2/accounts/{id}\n", REQUEST + "      row_id_from_path: id\n", null),
                        "synclog: synclog.yaml:10:25: both 'row_id' and 'row_id_from_path' are set in 'endpoints[0].request'; keep"
                        + " one: row_id: /id (inside each row) or row_id_from_path: id (a variable of match.path)"),
                Arguments.of("unknown path variable", endpoint("      path: /v2/accounts/{accountId}\n",
                                "      rows: whole_body\n      row_id_from_path: id\n", null),
                        "synclog: synclog.yaml:9:25: 'endpoints[0].request.row_id_from_path' names 'id', which is not a variable"
                        + " of the path /v2/accounts/{accountId}; use one of: accountId"),
                Arguments.of("field_names with one row a body", endpoint(MATCH,
                                "      rows: whole_body\n      row_id: /id\n      field_names: /schema\n", null),
                        "synclog: synclog.yaml:10:20: 'endpoints[0].request.field_names' names the values of an array of"
                        + " rows, but rows is whole_body; set rows: to the array of rows (e.g. /data), or remove field_names"),
                Arguments.of("field_names not a pointer", endpoint(MATCH, REQUEST + "      field_names: schema\n", null),
                        "synclog: synclog.yaml:10:20: 'endpoints[0].request.field_names' value 'schema' is not a JSON Pointer;"
                        + " start it with '/' and separate names with '/', e.g. /schema (\"\" is the whole value)"),
                Arguments.of("bad encoding", endpoint(MATCH, REQUEST + "      encoding: xml\n", null),
                        "synclog: synclog.yaml:10:17: 'endpoints[0].request.encoding' value 'xml' is not allowed; use one of: json,"
                        + " ndjson, bulk, form"),
                Arguments.of("form_field without form", endpoint(MATCH, REQUEST + "      form_field: data\n", null),
                        "synclog: synclog.yaml:10:19: 'endpoints[0].request.form_field' applies only to form bodies; add encoding:"
                        + " form, or remove form_field"),
                Arguments.of("bad op", endpoint(MATCH, REQUEST + "      op: insert\n", null),
                        "synclog: synclog.yaml:10:11: 'endpoints[0].request.op' value 'insert' is not allowed; use one of: added,"
                        + " changed, removed, upsert"),
                Arguments.of("bad op value", endpoint(MATCH, REQUEST + "      op_field: /action\n      op_values: {subscribe: add}\n", null),
                        "synclog: synclog.yaml:11:30: 'endpoints[0].request.op_values.subscribe' value 'add' is not an op; use"
                        + " one of: added, changed, removed, upsert"),
                Arguments.of("op_values without op_field", endpoint(MATCH, REQUEST + "      op_values: {subscribe: added}\n", null),
                        "synclog: synclog.yaml:10:18: 'endpoints[0].request.op_values' needs op_field; add op_field: /action"
                        + " (where each row says its operation), or remove op_values"),
                Arguments.of("bad outcome", endpoint(MATCH, REQUEST, "      outcome: per_row\n"),
                        "synclog: synclog.yaml:11:16: 'endpoints[0].response.outcome' value 'per_row' is not allowed; use one of:"
                        + " http_status, index_aligned, by_id, by_index"),
                Arguments.of("items with http_status", endpoint(MATCH, REQUEST, "      items: /results\n"),
                        "synclog: synclog.yaml:11:14: 'endpoints[0].response.items' has no meaning with outcome http_status; set"
                        + " outcome: index_aligned, by_id or by_index, or remove items"),
                Arguments.of("reason with http_status", endpoint(MATCH, REQUEST, "      success: \"\"\n      reason: /message\n"),
                        "synclog: synclog.yaml:12:15: 'endpoints[0].response.reason' has no meaning with outcome http_status; set"
                        + " outcome: index_aligned, by_id or by_index, or remove reason"),
                Arguments.of("items_on_error_status with http_status", endpoint(MATCH, REQUEST, "      items_on_error_status: false\n"),
                        "synclog: synclog.yaml:11:30: 'endpoints[0].response.items_on_error_status' has no meaning with outcome"
                        + " http_status; set outcome: index_aligned, by_id or by_index, or remove items_on_error_status"),
                Arguments.of("items_on_error_status not a boolean", endpoint(MATCH, REQUEST,
                        "      outcome: by_index\n      items: /failed\n      index: /i\n      items_on_error_status: 2xx\n"),
                        "synclog: synclog.yaml:14:30: 'endpoints[0].response.items_on_error_status' must be true or false but"
                        + " is '2xx'; write items_on_error_status: true or items_on_error_status: false"),
                Arguments.of("success_values without success with http_status", endpoint(MATCH, REQUEST, "      success_values: [1]\n"),
                        "synclog: synclog.yaml:11:23: 'endpoints[0].response.success_values' needs success; add success: /status"
                        + " (where the value is), or remove success_values"),
                Arguments.of("index_aligned without test", endpoint(MATCH, REQUEST, "      outcome: index_aligned\n      items: /results\n"),
                        "synclog: synclog.yaml:11:7: index_aligned response needs a test telling success from failure; add"
                        + " success: /ok (true means succeeded) or error: /error (present means failed; \"\" = the item itself)"),
                Arguments.of("by_index without index", endpoint(MATCH, REQUEST, "      outcome: by_index\n      items: /failed_records\n"),
                        "synclog: synclog.yaml:11:7: missing key 'index' in 'endpoints[0].response'; add it, e.g. index: /index"
                        + " (where each item gives the request row's 0-based index)"),
                Arguments.of("id with by_index", endpoint(MATCH, REQUEST,
                                "      outcome: by_index\n      items: /failed_records\n      index: /index\n      id: /id\n"),
                        "synclog: synclog.yaml:14:11: 'endpoints[0].response.id' applies only to outcome by_id; remove id, or set"
                        + " outcome: by_id"),
                Arguments.of("error_lists with index_aligned", endpoint(MATCH, REQUEST,
                                "      outcome: index_aligned\n      error_lists: [/errors]\n"),
                        "synclog: synclog.yaml:12:20: 'endpoints[0].response.error_lists' applies only to outcome by_id or"
                        + " by_index; remove error_lists, or set outcome: by_id or by_index"),
                Arguments.of("error_lists with http_status", endpoint(MATCH, REQUEST, "      error_lists: /errors\n"),
                        "synclog: synclog.yaml:11:20: 'endpoints[0].response.error_lists' has no meaning with outcome"
                        + " http_status; set outcome: index_aligned, by_id or by_index, or remove error_lists"),
                Arguments.of("error_lists with items", endpoint(MATCH, REQUEST,
                                "      outcome: by_index\n      items: /failed\n      error_lists: [/failed]\n"),
                        "synclog: synclog.yaml:12:14: 'endpoints[0].response.items' has no meaning with error_lists: their"
                        + " values are the rows' indexes and their names the reasons; remove items, or remove error_lists to"
                        + " read items at response.items"),
                Arguments.of("error_lists with reason", endpoint(MATCH, REQUEST,
                                "      outcome: by_id\n      error_lists: [/invalidEmails]\n      reason: /message\n"),
                        "synclog: synclog.yaml:13:15: 'endpoints[0].response.reason' has no meaning with error_lists: their"
                        + " values are the rows' ids and their names the reasons; remove reason, or remove error_lists to"
                        + " read items at response.items"),
                Arguments.of("error_lists empty", endpoint(MATCH, REQUEST, "      outcome: by_id\n      error_lists: []\n"),
                        "synclog: synclog.yaml:12:20: 'endpoints[0].response.error_lists' is an empty list; name where the"
                        + " lists are, e.g. error_lists: [/invalidEmails, /failedUpdates]"),
                Arguments.of("error_lists not pointers", endpoint(MATCH, REQUEST,
                                "      outcome: by_id\n      error_lists: [/invalidEmails, failedUpdates]\n"),
                        "synclog: synclog.yaml:12:37: 'endpoints[0].response.error_lists[1]' value 'failedUpdates' is not a"
                        + " JSON Pointer; start it with '/' and separate names with '/', e.g. /failedUpdates (\"\" is the"
                        + " whole value)"),
                Arguments.of("error_lists naming a place twice", endpoint(MATCH, REQUEST,
                                "      outcome: by_index\n      error_lists:\n        - /invalid\n        - /invalid\n"),
                        "synclog: synclog.yaml:14:11: 'endpoints[0].response.error_lists[1]' repeats '/invalid'; name each"
                        + " place once"),
                Arguments.of("unlisted with index_aligned", endpoint(MATCH, REQUEST,
                                "      outcome: index_aligned\n      items: /results\n      success: /ok\n      unlisted: failed\n"),
                        "synclog: synclog.yaml:14:17: 'endpoints[0].response.unlisted' applies only to outcome by_id or by_index;"
                        + " remove unlisted, or set outcome: by_id or by_index"),
                Arguments.of("unlisted not a choice", endpoint(MATCH, REQUEST,
                                "      outcome: by_index\n      error_lists: /invalid\n      unlisted: http_error\n"),
                        "synclog: synclog.yaml:13:17: 'endpoints[0].response.unlisted' value 'http_error' is not allowed; use"
                        + " one of: succeeded, failed, http_status"),
                Arguments.of("success and error", endpoint(MATCH, REQUEST,
                                "      outcome: index_aligned\n      items: /results\n      success: /ok\n      error: /error\n"),
                        "synclog: synclog.yaml:14:14: both 'success' and 'error' are set in index_aligned response; keep one:"
                        + " success: /ok (true means succeeded) or error: /error (present means failed)"),
                Arguments.of("reason and reason_text", endpoint(MATCH, REQUEST,
                                "      outcome: by_id\n      items: /errors\n      reason: /message\n      reason_text: refused\n"),
                        "synclog: synclog.yaml:14:20: both 'reason' and 'reason_text' are set in 'endpoints[0].response'; keep one:"
                        + " reason: /message (read from each item) or reason_text: <the same text for every failed row>"),
                Arguments.of("op_when_present and op_field", endpoint(MATCH, REQUEST
                                + "      op_field: /action\n      op_when_present: {/DeleteRequest: removed}\n", null),
                        "synclog: synclog.yaml:11:24: both 'op_field' and 'op_when_present' are set in 'endpoints[0].request'; keep"
                        + " one: op_field: /action (a row's value names its op) or op_when_present: {/DeleteRequest: removed}"
                        + " (what a row holds tells its op)"),
                Arguments.of("op_when_present naming no op", endpoint(MATCH, REQUEST
                                + "      op_when_present: {/DeleteRequest: deleted}\n", null),
                        "synclog: synclog.yaml:10:41: 'endpoints[0].request.op_when_present./DeleteRequest' value 'deleted' is not"
                        + " an op; use one of: added, changed, removed, upsert"),
                Arguments.of("op_when_present at the whole row", endpoint(MATCH, REQUEST
                                + "      op_when_present: {\"\": removed}\n", null),
                        "synclog: synclog.yaml:10:25: 'endpoints[0].request.op_when_present' names \"\", the whole row, which every"
                        + " row has; name a place inside the row, e.g. /DeleteRequest"),
                Arguments.of("'*' in request rows", endpoint(MATCH, "      rows: /*/items\n      row_id: /*/_id\n", null),
                        "synclog: synclog.yaml:8:13: 'endpoints[0].request.rows' value '/*/items' has a '*' step, which only"
                        + " the pointers inside a row (request.row_id, fields, op_field, op_when_present) and inside a"
                        + " response item (id, index, success, error, reason) and http_error_reason may have; name each"
                        + " step of this pointer"),
                Arguments.of("'*' in response items", endpoint(MATCH, REQUEST,
                                "      outcome: index_aligned\n      items: /*/items\n      error: /*/error\n"),
                        "synclog: synclog.yaml:12:14: 'endpoints[0].response.items' value '/*/items' has a '*' step, which only"
                        + " the pointers inside a row (request.row_id, fields, op_field, op_when_present) and inside a"
                        + " response item (id, index, success, error, reason) and http_error_reason may have; name each"
                        + " step of this pointer"),
                Arguments.of("duplicate endpoint name", endpoint(MATCH, REQUEST, null)
                                + "  - name: hubspot\n    match: {path: /x}\n    request: {rows: /a, row_id: /id}\n",
                        "synclog: synclog.yaml:10:5: endpoint name 'hubspot' is used twice; give each endpoint its own name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigNamesLineAndFix(String name, String yaml, String expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> AgentConfig.parse(yaml, "synclog.yaml", Map.of(), new Properties()));
        assertThat(e).as("config error for " + name).isNotNull();
        assertThat(e.getMessage()).isEqualTo(expected).doesNotContain("\n");
    }

    @Test
    void unreadableFileNamesThePath() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> AgentConfig.load(Path.of("/nonexistent/synclog.yaml"), Map.of(), new Properties()));
        assertThat(e.getMessage()).isEqualTo("synclog: /nonexistent/synclog.yaml: cannot read the config file"
                + " (NoSuchFileException: /nonexistent/synclog.yaml); check the path given with"
                + " -javaagent:synclog.jar=config=PATH, SYNCLOG_CONFIG or -Dsynclog.config, and that the app's user may read it");
        assertThat(e.line()).isZero();
    }
}
