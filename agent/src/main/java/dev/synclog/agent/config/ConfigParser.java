package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.synclog.events.OpType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the located YAML tree into an {@link AgentConfig}, checking every key and value on the way. */
final class ConfigParser {
    /** Instrumentations the agent knows; their switches live under capture.instrumentation. */
    static final List<String> INSTRUMENTATIONS = List.of("java_http_client", "http_url_connection", "apache_http_client_4",
            "apache_http_client_5", "okhttp",
            "apache_http_async_client_4", "apache_http_client_5_async",
            "netty");

    private static final String[] OP_NAMES = {"added", "changed", "removed", "upsert"};
    private static final int MAX_BODY_LIMIT = 1 << 30;

    private ConfigParser() {
    }

    /** The YAML key of an instrumentation name as the agent spells it ({@code java-http-client}). */
    static String instrumentationKey(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    static AgentConfig parse(YamlNode root, ConfigContext context, String configHash) throws ConfigException {
        MapReader top = MapReader.of(context, root, "", "enabled", "sync", "runs", "queue", "capture", "privacy", "endpoints");
        boolean enabled = top.bool("enabled", true);

        if (!top.has("sync")) {
            throw top.missing("sync", "{sync_id: contacts-to-hubspot}");
        }
        MapReader syncMap = top.child("sync", "sync_id", "model_name", "primary_key", "destination");
        SyncSettings sync = new SyncSettings(syncMap.requiredText("sync_id", "${env:SYNC_ID:-contacts-to-hubspot}"),
                syncMap.text("model_name").orElse(null), syncMap.text("primary_key").orElse(null),
                syncMap.text("destination").orElse(null));

        MapReader runs = top.child("runs", "method", "attempt_window");
        Optional<RunMethod> runMethod = Optional.empty();
        if (runs.has("method")) {
            String text = runs.text("method").orElseThrow();
            try {
                runMethod = Optional.of(RunMethod.parse(text));
            } catch (IllegalArgumentException e) {
                throw context.error(runs.node("method"), e);
            }
        }

        long attemptWindow = runs.count("attempt_window", AgentConfig.DEFAULT_ATTEMPT_WINDOW,
                AgentConfig.MIN_ATTEMPT_WINDOW, AgentConfig.MAX_ATTEMPT_WINDOW, "rows", AgentConfig.DEFAULT_ATTEMPT_WINDOW);

        MapReader queue = top.child("queue", "dir", "min_free_disk", "max_exit_wait_seconds");
        Path queueDir = queue.text("dir").map(Path::of).orElse(AgentConfig.DEFAULT_QUEUE_DIR);
        ConfigPlace queueDirPlace = context.place(queue.has("dir") ? queue.node("dir") : queue.mapping());
        long minFreeDisk = queue.byteSize("min_free_disk", AgentConfig.DEFAULT_MIN_FREE_DISK_BYTES);
        long maxExitWait = queue.count("max_exit_wait_seconds", AgentConfig.DEFAULT_MAX_EXIT_WAIT_SECONDS, 0,
                AgentConfig.MAX_MAX_EXIT_WAIT_SECONDS, "seconds", AgentConfig.DEFAULT_MAX_EXIT_WAIT_SECONDS);

        MapReader capture = top.child("capture", "max_body_size", "max_waiting_calls", "instrumentation",
                "log_unmatched");
        long maxBody = capture.byteSize("max_body_size", AgentConfig.DEFAULT_MAX_BODY_BYTES);
        if (maxBody < 1024 || maxBody > MAX_BODY_LIMIT) {
            throw context.error(capture.node("max_body_size"), "'capture.max_body_size' must be between 1KiB and 1GiB",
                    "write e.g. max_body_size: 8MiB");
        }
        long maxWaitingCalls = capture.count("max_waiting_calls", AgentConfig.DEFAULT_MAX_WAITING_CALLS,
                AgentConfig.MIN_MAX_WAITING_CALLS, AgentConfig.MAX_MAX_WAITING_CALLS, "calls", 50_000);
        MapReader instrumentation = capture.child("instrumentation", INSTRUMENTATIONS.toArray(new String[0]));
        Set<String> disabled = new HashSet<>();
        for (String name : INSTRUMENTATIONS) {
            if (!instrumentation.bool(name, true)) {
                disabled.add(name);
            }
        }

        boolean logUnmatched = capture.bool("log_unmatched", false);

        PrivacyRules privacy = privacy(top.child("privacy", "exclude", "hash", "mask"));

        List<YamlNode> endpointNodes = top.list("endpoints");
        if (endpointNodes.isEmpty() && !logUnmatched) {
            throw context.error(top.has("endpoints") ? top.node("endpoints") : top.mapping(),
                    "no endpoints are configured, so nothing would be captured",
                    "add an 'endpoints:' list with at least one endpoint (see docs/configuration.md), or set"
                            + " capture.log_unmatched: true to list the calls the app makes first");
        }
        List<EndpointRule> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> matchedHeaderNames = new ArrayList<>();
        for (int i = 0; i < endpointNodes.size(); i++) {
            EndpointRule rule = endpoint(context, endpointNodes.get(i), "endpoints[" + i + "]", sync, privacy, matchedHeaderNames);
            if (!names.add(rule.name())) {
                throw context.error(endpointNodes.get(i), "endpoint name '" + rule.name() + "' is used twice",
                        "give each endpoint its own name");
            }
            endpoints.add(rule);
        }
        return new AgentConfig(enabled, configHash, sync, runMethod, (int) attemptWindow, queueDir, queueDirPlace,
                minFreeDisk, (int) maxExitWait, (int) maxBody, (int) maxWaitingCalls, logUnmatched, disabled, endpoints, matchedHeaderNames,
                privacy);
    }

    static PrivacyRules privacy(MapReader map) throws ConfigException {
        return new PrivacyRules(Set.copyOf(map.texts("exclude")), Set.copyOf(map.texts("hash")), Set.copyOf(map.texts("mask")));
    }

    /** @param matchedHeaderNames the headers earlier endpoints match on; this one's are added */
    private static EndpointRule endpoint(ConfigContext context, YamlNode node, String place, SyncSettings sync,
                                         PrivacyRules globalPrivacy, List<String> matchedHeaderNames) throws ConfigException {
        MapReader map = MapReader.of(context, node, place,
                "name", "sync_id", "destination", "object", "match", "java_method", "request", "response", "privacy");
        if (map.has("java_method")) {
            return JavaMethodEndpoints.endpoint(map, sync, globalPrivacy);
        }
        if (!map.has("match")) {
            throw map.missing("match", "{host: api.hubapi.com, method: POST, path: /crm/v3/objects/contacts/batch/upsert}"
                    + " (or java_method: for an SDK method)");
        }
        MapReader match = map.child("match", "host", "method", "path", "headers");
        HostMatcher host = null;
        if (match.has("host")) {
            try {
                host = HostMatcher.parse(match.text("host").orElseThrow());
            } catch (IllegalArgumentException e) {
                throw context.error(match.node("host"), e);
            }
        }
        List<String> methodList = match.texts("method");
        String[] methods = new String[methodList.size()];
        for (int i = 0; i < methods.length; i++) {
            methods[i] = methodList.get(i).trim().toUpperCase(Locale.ROOT);
            if (!methods[i].matches("[A-Z]+")) {
                throw context.error(match.node("method"), "'" + match.placeOf("method") + "' value '" + methodList.get(i)
                        + "' is not an HTTP method", "write e.g. method: POST or method: [POST, PUT]");
            }
        }
        String pathText = match.requiredText("path", "/crm/v3/objects/contacts/batch/upsert");
        PathTemplate path;
        try {
            path = PathTemplate.compile(pathText);
        } catch (IllegalArgumentException e) {
            throw context.error(match.node("path"), e);
        }
        HeaderMatch[] headers = headers(match, matchedHeaderNames);
        if (headers.length > 0 && !map.has("name")) {
            // A default name would carry the header values into every event, and headers are never stored.
            throw map.missing("name", "sqs-send-message-batch (an endpoint matching headers is named by you: a default"
                    + " name would repeat their values in every event)");
        }
        String name = map.text("name").orElse(String.join("|", methodList.isEmpty() ? List.of("*") : List.of(methods))
                + " " + (host == null ? "" : host.toString()) + pathText);

        if (!map.has("request")) {
            throw map.missing("request", "{rows: /inputs, row_id: /id}");
        }
        RequestSpec request = request(map.child("request", "encoding", "form_field", "base64", "compression", "rows",
                "row_id", "row_id_from_path", "fields", "field_names", "op", "op_field", "op_values", "op_when_present"), path);
        ResponseSpec response = response(map.child("response", "outcome", "items", "id", "index", "success",
                "success_values", "error", "reason", "reason_text", "error_lists", "unlisted", "http_error_reason",
                "items_on_error_status"), "http_status");
        PrivacyRules privacy = globalPrivacy.plus(privacy(map.child("privacy", "exclude", "hash", "mask")));
        return new EndpointRule(name, map.text("sync_id").orElse(sync.syncId()),
                map.text("destination").orElse(sync.destination()), map.text("object").orElse(null),
                host, methods, path, headers, request, response, privacy, null);
    }

    /**
     * {@code match.headers}: header name to its one exact value. A list of values or a pattern is refused: each
     * operation sharing a path has its own body shape, so it gets its own endpoint.
     */
    private static HeaderMatch[] headers(MapReader match, List<String> matchedHeaderNames) throws ConfigException {
        if (!match.has("headers")) {
            return new HeaderMatch[0];
        }
        ConfigContext context = match.context();
        YamlNode node = match.node("headers");
        String example = "write e.g. headers: {X-Amz-Target: AmazonSQS.SendMessageBatch}";
        if (!(node instanceof YamlNode.Mapping) || ((YamlNode.Mapping) node).entries().isEmpty()) {
            throw context.error(node, "'" + match.placeOf("headers") + "' must map header names to values but is "
                    + (node instanceof YamlNode.Mapping ? "empty" : node.kind()), example);
        }
        YamlNode.Mapping mapping = (YamlNode.Mapping) node;
        List<HeaderMatch> headers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            String header = entry.getKey();
            String where = match.placeOf("headers") + "." + header;
            if (!seen.add(header.toLowerCase(Locale.ROOT))) {
                throw context.error(mapping.keys().get(header), "header '" + header + "' is named twice in '"
                        + match.placeOf("headers") + "' (header names ignore case)", "keep one");
            }
            if (entry.getValue() instanceof YamlNode.Sequence) {
                throw context.error(entry.getValue(), "'" + where + "' must be one exact value but is a list",
                        "write one endpoint per value: each operation has its own request and response shape");
            }
            String value = match.scalarText(entry.getValue(), where);
            if (value.isEmpty()) {
                throw context.error(entry.getValue(), "'" + where + "' is empty", "write the header's exact value, e.g. "
                        + "X-Amz-Target: AmazonSQS.SendMessageBatch (leave a header out to match any value)");
            }
            if (value.contains("*")) {
                throw context.error(entry.getValue(), "'" + where + "' value '" + value + "' has a '*', but header values"
                        + " match exactly", "write the whole value, e.g. AmazonSQS.SendMessageBatch, one endpoint per value");
            }
            headers.add(new HeaderMatch(value, slot(matchedHeaderNames, header)));
        }
        return headers.toArray(new HeaderMatch[0]);
    }

    /** Where {@code header} is in {@code names} (ignoring case), after adding it if absent. */
    private static int slot(List<String> names, String header) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(header)) {
                return i;
            }
        }
        names.add(header);
        return names.size() - 1;
    }

    /** @param path the HTTP endpoint's path template; null for an SDK method endpoint (no row_id_from_path) */
    static RequestSpec request(MapReader map, PathTemplate path) throws ConfigException {
        ConfigContext context = map.context();
        RequestSpec.BodyEncoding encoding = RequestSpec.BodyEncoding.valueOf(
                map.oneOf("encoding", "json", "json", "ndjson", "bulk", "form").toUpperCase(Locale.ROOT));
        String formField = map.text("form_field").orElse(null);
        if (formField != null && encoding != RequestSpec.BodyEncoding.FORM) {
            throw context.error(map.node("form_field"), "'" + map.placeOf("form_field") + "' applies only to form bodies",
                    "add encoding: form, or remove form_field");
        }
        boolean base64 = map.bool("base64", false);
        if (base64 && formField == null) {
            throw context.error(map.node("base64"), "'" + map.placeOf("base64") + "' applies only to a form field holding JSON",
                    "add form_field: <name of the field> with encoding: form, or remove base64");
        }
        RequestSpec.Compression compression = RequestSpec.Compression.valueOf(
                map.oneOf("compression", "auto", "auto", "gzip", "none").toUpperCase(Locale.ROOT));

        String rowsText = map.text("rows").orElseThrow(() -> map.missing("rows",
                "/inputs (a JSON Pointer to the array of rows; \"\" when the body is the array or NDJSON; whole_body for one row)"));
        JsonPointer rows = rowsText.equals("whole_body") ? null : map.pointerAt(map.node("rows"), map.placeOf("rows"), rowsText);

        Optional<JsonPointer> rowId = map.pointerWithWildcards("row_id");
        Optional<String> rowIdFromPath = map.text("row_id_from_path");
        if (rowId.isEmpty() && rowIdFromPath.isEmpty()) {
            throw map.missing("row_id", "/id (a JSON Pointer inside each row), or row_id_from_path: id (a variable of match.path)");
        }
        if (rowId.isPresent() && rowIdFromPath.isPresent()) {
            throw context.error(map.node("row_id_from_path"), "both 'row_id' and 'row_id_from_path' are set in '" + map.place() + "'",
                    "keep one: row_id: /id (inside each row) or row_id_from_path: id (a variable of match.path)");
        }
        if (rowIdFromPath.isPresent() && !path.variables().contains(rowIdFromPath.get())) {
            throw context.error(map.node("row_id_from_path"), "'" + map.placeOf("row_id_from_path") + "' names '"
                            + rowIdFromPath.get() + "', which is not a variable of the path " + path.template(),
                    path.variables().isEmpty() ? "add {" + rowIdFromPath.get() + "} to match.path"
                            : "use one of: " + String.join(", ", path.variables()));
        }
        JsonPointer fields = map.pointerWithWildcards("fields").orElse(JsonPointer.empty());
        Optional<JsonPointer> fieldNames = map.pointer("field_names");
        if (fieldNames.isPresent() && rows == null) {
            throw context.error(map.node("field_names"), "'" + map.placeOf("field_names") + "' names the values of an array"
                    + " of rows, but rows is whole_body", "set rows: to the array of rows (e.g. /data), or remove field_names");
        }
        OpType op = OpType.fromWireName(map.oneOf("op", "upsert", OP_NAMES));
        Optional<JsonPointer> opField = map.pointerWithWildcards("op_field");
        Map<String, OpType> opValues = opValues(map);
        if (!opValues.isEmpty() && opField.isEmpty()) {
            throw context.error(map.node("op_values"), "'" + map.placeOf("op_values") + "' needs op_field",
                    "add op_field: /action (where each row says its operation), or remove op_values");
        }
        Map<JsonPointer, OpType> opWhenPresent = opWhenPresent(map);
        if (!opWhenPresent.isEmpty() && opField.isPresent()) {
            throw context.error(map.node("op_when_present"), "both 'op_field' and 'op_when_present' are set in '" + map.place() + "'",
                    "keep one: op_field: /action (a row's value names its op) or op_when_present: {/DeleteRequest: removed}"
                            + " (what a row holds tells its op)");
        }
        return new RequestSpec(encoding, formField, base64, compression, rows, rowId.orElse(null),
                rowIdFromPath.orElse(null), fields, fieldNames.orElse(null), op, opField.orElse(null), opValues, opWhenPresent);
    }

    /** Rows holding a value other than null at more places than this are rare; the readers match them all at once. */
    private static final int MAX_OP_WHEN_PRESENT = 8;

    /** {@code request.op_when_present}: pointers inside a row to the op of a row that has a value there. */
    private static Map<JsonPointer, OpType> opWhenPresent(MapReader map) throws ConfigException {
        Map<JsonPointer, OpType> out = new LinkedHashMap<>();
        if (!map.has("op_when_present")) {
            return out;
        }
        YamlNode node = map.node("op_when_present");
        String example = "map where a row holds something to its op, e.g. op_when_present: {/DeleteRequest: removed}";
        if (!(node instanceof YamlNode.Mapping) || ((YamlNode.Mapping) node).entries().isEmpty()) {
            throw map.context().error(node, "'" + map.placeOf("op_when_present") + "' must be a mapping of pointers to ops but is "
                    + (node instanceof YamlNode.Mapping ? "empty" : node.kind()), example);
        }
        YamlNode.Mapping places = (YamlNode.Mapping) node;
        if (places.entries().size() > MAX_OP_WHEN_PRESENT) {
            throw map.context().error(node, "'" + map.placeOf("op_when_present") + "' has " + places.entries().size()
                    + " places, more than " + MAX_OP_WHEN_PRESENT, "keep the places of the ops other than request.op");
        }
        for (Map.Entry<String, YamlNode> entry : places.entries().entrySet()) {
            String where = map.placeOf("op_when_present") + "." + entry.getKey();
            JsonPointer place = map.pointerWithWildcardsAt(places.keys().get(entry.getKey()), where, entry.getKey());
            if (place.matches()) {
                throw map.context().error(places.keys().get(entry.getKey()), "'" + map.placeOf("op_when_present")
                        + "' names \"\", the whole row, which every row has", "name a place inside the row, e.g. /DeleteRequest");
            }
            String opName = map.scalarText(entry.getValue(), where);
            if (!List.of(OP_NAMES).contains(opName)) {
                throw map.context().error(entry.getValue(), "'" + where + "' value '" + opName + "' is not an op",
                        "use one of: " + String.join(", ", OP_NAMES));
            }
            out.put(place, OpType.fromWireName(opName));
        }
        return out;
    }

    private static Map<String, OpType> opValues(MapReader map) throws ConfigException {
        Map<String, OpType> out = new LinkedHashMap<>();
        if (!map.has("op_values")) {
            return out;
        }
        YamlNode node = map.node("op_values");
        if (!(node instanceof YamlNode.Mapping)) {
            throw map.context().error(node, "'" + map.placeOf("op_values") + "' must be a mapping but is " + node.kind(),
                    "map each value to an op, e.g. op_values: {subscribe: added, unsubscribe: removed}");
        }
        YamlNode.Mapping values = (YamlNode.Mapping) node;
        for (Map.Entry<String, YamlNode> entry : values.entries().entrySet()) {
            String where = map.placeOf("op_values") + "." + entry.getKey();
            String opName = map.scalarText(entry.getValue(), where);
            if (!List.of(OP_NAMES).contains(opName)) {
                throw map.context().error(entry.getValue(), "'" + where + "' value '" + opName + "' is not an op",
                        "use one of: " + String.join(", ", OP_NAMES));
            }
            out.put(entry.getKey(), OpType.fromWireName(opName));
        }
        return out;
    }

    /**
     * @param allOrNothing the name of the default outcome where every row shares the call's fate: {@code http_status}
     *                     for HTTP endpoints, {@code exception_only} for SDK methods (both are {@link ResponseSpec.Outcome#HTTP_STATUS})
     */
    static ResponseSpec response(MapReader map, String allOrNothing) throws ConfigException {
        ConfigContext context = map.context();
        String outcomeName = map.oneOf("outcome", allOrNothing, allOrNothing, "index_aligned", "by_id", "by_index");
        ResponseSpec.Outcome outcome = outcomeName.equals(allOrNothing) ? ResponseSpec.Outcome.HTTP_STATUS
                : ResponseSpec.Outcome.valueOf(outcomeName.toUpperCase(Locale.ROOT));
        Optional<JsonPointer> httpErrorReason = map.pointerWithWildcards("http_error_reason");
        boolean http = allOrNothing.equals("http_status");
        if (outcome == ResponseSpec.Outcome.HTTP_STATUS) {
            // An HTTP body may still say the call failed as a whole (Mixpanel's /track answers 200 with "0").
            List<String> perRowKeys = http
                    ? List.of("items", "id", "index", "reason", "reason_text", "error_lists", "unlisted", "items_on_error_status")
                    : List.of("items", "id", "index", "success", "success_values", "error", "reason", "reason_text", "unlisted");
            for (String key : perRowKeys) {
                if (map.has(key)) {
                    throw context.error(map.node(key), "'" + map.placeOf(key) + "' has no meaning with outcome " + allOrNothing,
                            "set outcome: index_aligned, by_id or by_index, or remove " + key);
                }
            }
        }
        Optional<JsonPointer> success = map.pointerWithWildcards("success");
        List<String> successValues = map.texts("success_values");
        Optional<JsonPointer> error = map.pointerWithWildcards("error");
        if (success.isPresent() && error.isPresent()) {
            throw context.error(map.node("error"), "both 'success' and 'error' are set in " + outcomeName + " response",
                    "keep one: success: /ok (true means succeeded) or error: /error (present means failed)");
        }
        if (!successValues.isEmpty() && success.isEmpty()) {
            throw context.error(map.node("success_values"), "'" + map.placeOf("success_values") + "' needs success",
                    "add success: /status (where the value is), or remove success_values");
        }
        if (outcome == ResponseSpec.Outcome.HTTP_STATUS) {
            return new ResponseSpec(outcome, null, null, null, success.orElse(null), List.copyOf(successValues),
                    error.orElse(null), null, null, List.of(), ResponseSpec.Unlisted.SUCCEEDED, httpErrorReason.orElse(null), false);
        }
        boolean errorListsOnly = outcome == ResponseSpec.Outcome.BY_ID || outcome == ResponseSpec.Outcome.BY_INDEX;
        rejectUnless(map, "error_lists", errorListsOnly, "by_id or by_index");
        rejectUnless(map, "unlisted", errorListsOnly, "by_id or by_index");
        ResponseSpec.Unlisted unlisted = ResponseSpec.Unlisted.valueOf(map.oneOf("unlisted", "succeeded",
                http ? new String[] {"succeeded", "failed", "http_status"} : new String[] {"succeeded", "failed"})
                .toUpperCase(Locale.ROOT));
        if (map.has("error_lists")) {
            for (String key : List.of("items", "id", "index", "reason", "reason_text", "success", "success_values", "error")) {
                if (map.has(key)) {
                    throw context.error(map.node(key), "'" + map.placeOf(key) + "' has no meaning with error_lists: their values"
                                    + " are the rows' " + (outcome == ResponseSpec.Outcome.BY_ID ? "ids" : "indexes")
                                    + " and their names the reasons",
                            "remove " + key + ", or remove error_lists to read items at response.items");
                }
            }
            return new ResponseSpec(outcome, null, null, null, null, List.of(), null, null, null, errorLists(map), unlisted,
                    httpErrorReason.orElse(null), map.bool("items_on_error_status", true));
        }
        JsonPointer items = map.pointerAt(map.node("items"), map.placeOf("items"),
                map.text("items").orElseThrow(() -> map.missing("items", "/results (where the per-row items are)")));
        Optional<JsonPointer> id = map.pointerWithWildcards("id");
        Optional<JsonPointer> index = map.pointerWithWildcards("index");
        rejectUnless(map, "id", outcome == ResponseSpec.Outcome.BY_ID, "by_id");
        rejectUnless(map, "index", outcome == ResponseSpec.Outcome.BY_INDEX, "by_index");
        if (outcome == ResponseSpec.Outcome.BY_INDEX && index.isEmpty()) {
            throw map.missing("index", "/index (where each item gives the request row's 0-based index)");
        }
        if (outcome == ResponseSpec.Outcome.INDEX_ALIGNED && success.isEmpty() && error.isEmpty()) {
            throw context.error(map.mapping(), "index_aligned response needs a test telling success from failure",
                    "add success: /ok (true means succeeded) or error: /error (present means failed; \"\" = the item itself)");
        }
        return new ResponseSpec(outcome, items, id.orElse(null), index.orElse(null), success.orElse(null),
                List.copyOf(successValues), error.orElse(null), map.pointerWithWildcards("reason").orElse(null),
                reasonText(map), List.of(), unlisted, httpErrorReason.orElse(null), map.bool("items_on_error_status", true));
    }

    /**
     * {@code response.reason_text}: one fixed failure text for the rows items fail, for APIs whose items say which rows
     * failed but not why; {@code reason} reads a text from each item instead.
     */
    private static String reasonText(MapReader map) throws ConfigException {
        Optional<String> text = map.text("reason_text");
        if (text.isEmpty()) {
            return null;
        }
        if (map.has("reason")) {
            throw map.context().error(map.node("reason_text"), "both 'reason' and 'reason_text' are set in '" + map.place() + "'",
                    "keep one: reason: /message (read from each item) or reason_text: <the same text for every failed row>");
        }
        if (text.get().isBlank()) {
            throw map.context().error(map.node("reason_text"), "'" + map.placeOf("reason_text") + "' is empty",
                    "write the text the rows the items fail should read, e.g. reason_text: left unprocessed (throttled)");
        }
        return text.get();
    }

    /**
     * {@code response.error_lists}: one pointer or a list of them, each to a list of row ids or indexes or to an object
     * whose members are such lists.
     */
    private static List<JsonPointer> errorLists(MapReader map) throws ConfigException {
        YamlNode node = map.node("error_lists");
        List<String> texts = map.texts("error_lists");
        if (texts.isEmpty()) {
            throw map.context().error(node, "'" + map.placeOf("error_lists") + "' is an empty list",
                    "name where the lists are, e.g. error_lists: [/invalidEmails, /failedUpdates]");
        }
        List<JsonPointer> pointers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            boolean listed = node instanceof YamlNode.Sequence;
            YamlNode at = listed ? ((YamlNode.Sequence) node).items().get(i) : node;
            String where = map.placeOf("error_lists") + (listed ? "[" + i + "]" : "");
            JsonPointer pointer = map.pointerAt(at, where, texts.get(i));
            if (pointers.contains(pointer)) {
                // A row in that list would carry its reason twice.
                throw map.context().error(at, "'" + where + "' repeats '" + pointer + "'", "name each place once");
            }
            pointers.add(pointer);
        }
        return List.copyOf(pointers);
    }

    private static void rejectUnless(MapReader map, String key, boolean allowed, String outcome) throws ConfigException {
        if (map.has(key) && !allowed) {
            throw map.context().error(map.node(key), "'" + map.placeOf(key) + "' applies only to outcome " + outcome,
                    "remove " + key + ", or set outcome: " + outcome);
        }
    }
}
