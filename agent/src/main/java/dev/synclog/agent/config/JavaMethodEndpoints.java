package dev.synclog.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an endpoint that captures a Java method of a vendor SDK ({@code java_method:} instead of {@code match:}).
 * The argument and the return value are read as JSON (bean getters, record components, map keys and public fields
 * become names), so {@code request} and {@code response} take the same pointers as for HTTP bodies.
 */
final class JavaMethodEndpoints {
    private static final String METHOD_EXAMPLE = "{class: com.acme.crm.ContactsApi, name: batchUpsert, parameters: [java.util.List]}";

    /** Parameter types a callback cannot be: primitives, and the classes a callback is most often confused with. */
    private static final Set<String> NOT_INTERFACES = Set.of("boolean", "byte", "char", "short", "int", "long", "float",
            "double", "java.lang.Object", "java.lang.String");

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

        MapReader request = map.child("request", "argument", "rows", "row_id", "fields", "op", "op_field", "op_values",
                "op_when_present");
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
        MapReader responseMap = map.child("response", "outcome", "items", "id", "index", "success", "success_values",
                "error", "reason", "reason_text", "unlisted", "callback_argument", "callback_result", "callback_failure",
                "callback_failure_reason");
        ResponseSpec response = ConfigParser.response(responseMap, "exception_only");
        int callbackArgument = callbackArgument(responseMap, parameters, argument);
        CallbackMethods callbackMethods = callbackMethods(responseMap);
        PrivacyRules privacy = globalPrivacy.plus(ConfigParser.privacy(map.child("privacy", "exclude", "hash", "mask")));
        JavaMethodRule javaMethod = new JavaMethodRule(className, methodName, parameters, argument, callbackArgument,
                callbackMethods);
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
        return argumentIndex(request, "argument", parameters, "write the 0-based index of the argument holding the rows,"
                + " e.g. argument: 0");
    }

    /**
     * {@code response.callback_argument}: the argument the method reports its result to. Whether its declared type is an
     * interface is known only once the class loads (the agent then warns and leaves such a method alone); what the
     * config names can be checked now.
     */
    private static int callbackArgument(MapReader response, List<String> parameters, int rowsArgument)
            throws ConfigException {
        if (!response.has("callback_argument")) {
            return JavaMethodRule.NO_CALLBACK;
        }
        String key = "callback_argument";
        String fix = "write the 0-based index of the callback parameter, e.g. callback_argument: 1 for"
                + " send(ProducerRecord, Callback)";
        int index = argumentIndex(response, key, parameters, fix);
        if (index == rowsArgument) {
            throw response.context().error(response.node(key), "'" + response.placeOf(key) + "' value '" + index
                    + "' is also request.argument, the argument holding the rows", fix);
        }
        String type = parameters == null ? null : parameters.get(index);
        if (type != null && (!JavaMethodRule.isClassName(type) || NOT_INTERFACES.contains(type))) {
            throw response.context().error(response.node(key), "'" + response.placeOf(key) + "' value '" + index
                    + "' names parameter " + type + ", which is not an interface the agent can wrap",
                    "name the parameter whose type is the SDK's callback interface (e.g. org.apache.kafka.clients.producer.Callback)");
        }
        return index;
    }

    /**
     * {@code response.callback_result}, {@code callback_failure} and {@code callback_failure_reason}. Whether the names
     * are {@code void} methods of the callback interface is known only once the class loads (the agent then warns and
     * leaves the method alone).
     */
    private static CallbackMethods callbackMethods(MapReader response) throws ConfigException {
        for (String key : List.of("callback_result", "callback_failure")) {
            if (response.has(key) && !response.has("callback_argument")) {
                throw response.context().error(response.node(key), "'" + response.placeOf(key) + "' has no meaning"
                        + " without response.callback_argument", "set callback_argument to the 0-based index of the"
                        + " callback parameter, or remove " + key);
            }
        }
        String result = callbackMethodName(response, "callback_result", "onSuccess");
        String failure = callbackMethodName(response, "callback_failure", "onError");
        if (result != null && result.equals(failure)) {
            throw response.context().error(response.node("callback_failure"), "'" + response.placeOf("callback_failure")
                    + "' value '" + failure + "' is also response.callback_result", "name the method that reports"
                    + " success in callback_result and the one that reports failure in callback_failure; for one method"
                    + " that reports both (onCompletion(result, exception)) name neither");
        }
        if (response.has("callback_failure_reason") && failure == null) {
            throw response.context().error(response.node("callback_failure_reason"), "'"
                    + response.placeOf("callback_failure_reason") + "' has no meaning without response.callback_failure",
                    "name the callback's failure method in callback_failure, or remove callback_failure_reason");
        }
        return result == null && failure == null ? CallbackMethods.ANY_VOID
                : new CallbackMethods(result, failure, response.pointer("callback_failure_reason").orElse(null));
    }

    private static String callbackMethodName(MapReader response, String key, String example) throws ConfigException {
        if (!response.has(key)) {
            return null;
        }
        String name = response.text(key).orElseThrow().trim();
        if (!name.matches(RunMethod.JAVA_NAME)) {
            throw response.context().error(response.node(key), "'" + response.placeOf(key) + "' value '" + name
                    + "' is not a method name", "write the name of a void method of the callback interface alone, e.g. "
                    + key + ": " + example);
        }
        return name;
    }

    private static int argumentIndex(MapReader map, String key, List<String> parameters, String fix)
            throws ConfigException {
        String text = map.text(key).orElseThrow().trim();
        int limit = parameters == null ? 255 : parameters.size() - 1;
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > limit) {
            throw map.context().error(map.node(key), "'" + map.placeOf(key) + "' value '" + text
                    + "' is not an argument index" + (parameters == null ? "" : " of a method with " + parameters.size()
                    + " parameters"), fix);
        }
        return Integer.parseInt(text);
    }
}
