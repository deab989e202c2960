package dev.synclog.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an endpoint that captures a Java method of a vendor SDK ({@code java_method:} instead of {@code match:}).
 * The argument and the return value are read as JSON (bean getters, record components, map keys and public fields
 * become names), so {@code request} and {@code response} take the same pointers as for HTTP bodies.
 */
final class JavaMethodEndpoints {
    private static final String METHOD_EXAMPLE = "{class: com.acme.crm.ContactsApi, name: batchUpsert, parameters: [java.util.List]}";

    private JavaMethodEndpoints() {
    }

    static EndpointRule endpoint(MapReader map, SyncSettings sync, PrivacyRules globalPrivacy) throws ConfigException {
        ConfigContext context = map.context();
        if (map.has("match")) {
            throw context.error(map.node("match"), "'" + map.place() + "' has both match and java_method",
                    "keep match: for an HTTP call or java_method: for an SDK method; make two endpoints for both");
        }
        MapReader method = map.child("java_method", "class", "name", "parameters");
        String className = method.requiredText("class", "com.acme.crm.ContactsApi");
        if (!JavaMethodRule.isClassName(className)) {
            throw context.error(method.node("class"), "'" + method.placeOf("class") + "' value '" + className
                    + "' is not a fully qualified class name", "write e.g. class: com.acme.crm.ContactsApi (nested classes as Outer$Inner)");
        }
        String methodName = method.requiredText("name", "batchUpsert");
        if (!methodName.matches(RunMethod.JAVA_NAME)) {
            throw context.error(method.node("name"), "'" + method.placeOf("name") + "' value '" + methodName
                    + "' is not a method name", "write the name alone, e.g. name: batchUpsert (parameter types go under parameters)");
        }
        List<String> parameters = method.has("parameters") ? parameterTypes(method) : null;

        MapReader request = map.child("request", "argument", "rows", "row_id", "fields", "op", "op_field", "op_values");
        int argument = argument(request, parameters);
        if (!request.has("rows")) {
            throw request.missing("rows", "\"\" (a JSON Pointer into the argument to its rows; \"\" when the argument is the "
                    + "list or array of rows; whole_body when it is one row)");
        }
        if (!request.has("row_id")) {
            throw request.missing("row_id", "/id (a JSON Pointer inside each row: a getter getId(), record component, map key "
                    + "or public field named id)");
        }
        RequestSpec requestSpec = ConfigParser.request(request, null);
        ResponseSpec response = ConfigParser.response(map.child("response", "outcome", "items", "id", "index", "success",
                "success_values", "error", "reason", "unlisted"), "exception_only");
        PrivacyRules privacy = globalPrivacy.plus(ConfigParser.privacy(map.child("privacy", "exclude", "hash", "mask")));
        JavaMethodRule javaMethod = new JavaMethodRule(className, methodName, parameters, argument);
        return new EndpointRule(map.text("name").orElse(javaMethod.url()), map.text("sync_id").orElse(sync.syncId()),
                map.text("destination").orElse(sync.destination()), map.text("object").orElse(null),
                null, new String[0], null, new HeaderMatch[0], requestSpec, response, privacy, javaMethod);
    }

    private static List<String> parameterTypes(MapReader method) throws ConfigException {
        if (!(method.node("parameters") instanceof YamlNode.Sequence)) {
            throw method.context().error(method.node("parameters"), "'" + method.placeOf("parameters") + "' must be a list",
                    "write e.g. parameters: [java.util.List] (parameters: [] for a method without parameters)");
        }
        List<YamlNode> items = ((YamlNode.Sequence) method.node("parameters")).items();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = method.placeOf("parameters") + "[" + i + "]";
            String type = method.scalarText(items.get(i), where).trim();
            if (!JavaMethodRule.isTypeName(type)) {
                throw method.context().error(items.get(i), "'" + where + "' value '" + type + "' is not a Java type name",
                        "write the erased, fully qualified type: java.util.List (not List<Contact>), com.acme.Contact[], int");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }

    private static int argument(MapReader request, List<String> parameters) throws ConfigException {
        if (!request.has("argument")) {
            return 0;
        }
        String text = request.text("argument").orElseThrow().trim();
        int limit = parameters == null ? 255 : parameters.size() - 1;
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > limit) {
            throw request.context().error(request.node("argument"), "'" + request.placeOf("argument") + "' value '" + text
                            + "' is not an argument index" + (parameters == null ? "" : " of a method with " + parameters.size() + " parameters"),
                    "write the 0-based index of the argument holding the rows, e.g. argument: 0");
        }
        return Integer.parseInt(text);
    }
}
