package dev.synclog.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SDK method endpoints ({@code java_method:}): what a valid one reads as, and one located line per mistake. */
class JavaMethodEndpointsTest {
    /** Lines 1-2 sync, 3 endpoints, 4 name, 5 java_method, 6.. its keys, then request and response. */
    private static String endpoint(String method, String request, String response) {
        return "sync:\n  sync_id: contacts\n"
                + "endpoints:\n"
                + "  - name: crm\n"
                + "    java_method:\n" + method
                + "    request:\n" + request
                + (response == null ? "" : "    response:\n" + response);
    }

    private static final String METHOD = "      class: com.acme.crm.ContactsApi\n      name: batchUpsert\n";
    private static final String KAFKA_SEND = "      class: org.apache.kafka.clients.producer.KafkaProducer\n      name: send\n"
            + "      parameters: [org.apache.kafka.clients.producer.ProducerRecord, org.apache.kafka.clients.producer.Callback]\n";
    private static final String REQUEST = "      rows: \"\"\n      row_id: /id\n";

    private static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfig.parse(yaml, "synclog.yaml", Map.of(), new Properties());
    }

    @Test
    void aValidEndpointNamesItsMethodAndReadsLikeAnHttpOne() throws ConfigException {
        AgentConfig config = parse(endpoint(METHOD + "      parameters: [java.util.List, \"com.acme.crm.Contact[]\", int]\n",
                REQUEST + "      argument: 1\n      fields: /properties\n      op: added\n",
                "      outcome: by_id\n      items: /errors\n      reason: /message\n"));
        EndpointRule rule = config.endpoints().get(0);
        assertThat(rule.javaMethod()).isEqualTo(new JavaMethodRule("com.acme.crm.ContactsApi", "batchUpsert",
                List.of("java.util.List", "com.acme.crm.Contact[]", "int"), 1, JavaMethodRule.NO_CALLBACK,
                CallbackMethods.ANY_VOID));
        assertThat(rule.javaMethod().url()).isEqualTo("java:com.acme.crm.ContactsApi#batchUpsert");
        assertThat(rule.request().rows().toString()).isEmpty();
        assertThat(rule.response().outcome()).isEqualTo(ResponseSpec.Outcome.BY_ID);
        assertThat(rule.path()).isNull();
        assertThat(config.match("POST", java.net.URI.create("http://h/anything"), null)).isNull();
    }

    @Test
    void defaultsAreTheFirstArgumentAnyOverloadAndOutcomeByException() throws ConfigException {
        EndpointRule rule = parse(endpoint(METHOD, REQUEST, null)).endpoints().get(0);
        assertThat(rule.javaMethod().parameterTypes()).isNull();
        assertThat(rule.javaMethod().argument()).isZero();
        assertThat(rule.response().outcome()).isEqualTo(ResponseSpec.Outcome.HTTP_STATUS);
        assertThat(rule.name()).isEqualTo("crm");
        String unnamed = endpoint(METHOD, REQUEST, null).replace("  - name: crm\n    java_method:", "  - java_method:");
        assertThat(parse(unnamed).endpoints().get(0).name()).isEqualTo("java:com.acme.crm.ContactsApi#batchUpsert");
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("match and java_method", endpoint(METHOD, REQUEST, null) + "    match: {path: /x}\n",
                        "synclog: synclog.yaml:11:12: 'endpoints[0]' has both match and java_method; keep match: for an HTTP"
                        + " call or java_method: for an SDK method; make two endpoints for both"),
                Arguments.of("missing class", endpoint("      name: batchUpsert\n", REQUEST, null),
                        "synclog: synclog.yaml:6:7: missing key 'class' in 'endpoints[0].java_method'; add it, e.g. class:"
                        + " com.acme.crm.ContactsApi"),
                Arguments.of("class with method", endpoint("      class: com.acme.crm.ContactsApi#batchUpsert\n      name: x\n",
                                REQUEST, null),
                        "synclog: synclog.yaml:6:14: 'endpoints[0].java_method.class' value 'com.acme.crm.ContactsApi#batchUpsert'"
                        + " is not a fully qualified class name; write e.g. class: com.acme.crm.ContactsApi (nested classes as"
                        + " Outer$Inner)"),
                Arguments.of("name with parameters", endpoint("      class: com.acme.Api\n      name: batchUpsert(List)\n",
                                REQUEST, null),
                        "synclog: synclog.yaml:7:13: 'endpoints[0].java_method.name' value 'batchUpsert(List)' is not a method"
                        + " name; write the name alone, e.g. name: batchUpsert (parameter types go under parameters)"),
                Arguments.of("parameters not a list", endpoint(METHOD + "      parameters: java.util.List\n", REQUEST, null),
                        "synclog: synclog.yaml:8:19: 'endpoints[0].java_method.parameters' must be a list; write e.g."
                        + " parameters: [java.util.List] (parameters: [] for a method without parameters)"),
                Arguments.of("generic parameter type", endpoint(METHOD + "      parameters: [java.util.List<Contact>]\n",
                                REQUEST, null),
                        "synclog: synclog.yaml:8:20: 'endpoints[0].java_method.parameters[0]' value 'java.util.List<Contact>' is"
                        + " not a Java type name; write the erased, fully qualified type: java.util.List (not"
                        + " List<Contact>), com.acme.Contact[], int"),
                Arguments.of("argument out of range", endpoint(METHOD + "      parameters: [java.util.List]\n",
                                REQUEST + "      argument: 1\n", null),
                        "synclog: synclog.yaml:12:17: 'endpoints[0].request.argument' value '1' is not an argument index of a"
                        + " method with 1 parameters; write the 0-based index of the argument holding the rows, e.g. argument: 0"),
                Arguments.of("body encoding on a method", endpoint(METHOD, REQUEST + "      encoding: ndjson\n", null),
                        "synclog: synclog.yaml:11:7: unknown key 'encoding' in 'endpoints[0].request'; use one of: argument,"
                        + " rows, row_id, fields, op, op_field, op_values, op_when_present"),
                Arguments.of("missing row_id", endpoint(METHOD, "      rows: \"\"\n", null),
                        "synclog: synclog.yaml:9:7: missing key 'row_id' in 'endpoints[0].request'; add it, e.g. row_id: /id"
                        + " (a JSON Pointer inside each row: a getter getId(), record component, map key or public field named id)"),
                Arguments.of("http_status on a method", endpoint(METHOD, REQUEST, "      outcome: http_status\n"),
                        "synclog: synclog.yaml:12:16: 'endpoints[0].response.outcome' value 'http_status' is not allowed; use"
                        + " one of: exception_only, index_aligned, by_id, by_index"),
                Arguments.of("items with exception_only", endpoint(METHOD, REQUEST, "      items: \"\"\n"),
                        "synclog: synclog.yaml:12:14: 'endpoints[0].response.items' has no meaning with outcome exception_only;"
                        + " set outcome: index_aligned, by_id or by_index, or remove items"),
                Arguments.of("success with exception_only", endpoint(METHOD, REQUEST, "      success: /ok\n"),
                        "synclog: synclog.yaml:12:16: 'endpoints[0].response.success' has no meaning with outcome exception_only;"
                        + " set outcome: index_aligned, by_id or by_index, or remove success"),
                Arguments.of("http_error_reason on a method", endpoint(METHOD, REQUEST, "      http_error_reason: /error\n"),
                        "synclog: synclog.yaml:12:7: unknown key 'http_error_reason' in 'endpoints[0].response'; use one of:"
                        + " outcome, items, id, index, success, success_values, error, reason, reason_text, unlisted,"
                        + " callback_argument, callback_result, callback_failure, callback_failure_reason"),
                Arguments.of("callback_argument out of range", endpoint(KAFKA_SEND, REQUEST, "      callback_argument: 2\n"),
                        "synclog: synclog.yaml:13:26: 'endpoints[0].response.callback_argument' value '2' is not an argument"
                        + " index of a method with 2 parameters; write the 0-based index of the callback parameter, e.g."
                        + " callback_argument: 1 for send(ProducerRecord, Callback)"),
                Arguments.of("callback_argument not a number", endpoint(METHOD, REQUEST, "      callback_argument: callback\n"),
                        "synclog: synclog.yaml:12:26: 'endpoints[0].response.callback_argument' value 'callback' is not an"
                        + " argument index; write the 0-based index of the callback parameter, e.g. callback_argument: 1 for"
                        + " send(ProducerRecord, Callback)"),
                Arguments.of("callback_argument is the rows", endpoint(KAFKA_SEND, REQUEST, "      callback_argument: 0\n"),
                        "synclog: synclog.yaml:13:26: 'endpoints[0].response.callback_argument' value '0' is also"
                        + " request.argument, the argument holding the rows; write the 0-based index of the callback"
                        + " parameter, e.g. callback_argument: 1 for send(ProducerRecord, Callback)"),
                Arguments.of("callback_argument not an interface", endpoint(METHOD + "      parameters: [java.util.List, long]\n",
                                REQUEST, "      callback_argument: 1\n"),
                        "synclog: synclog.yaml:13:26: 'endpoints[0].response.callback_argument' value '1' names parameter"
                        + " long, which is not an interface the agent can wrap; name the parameter whose type is the SDK's"
                        + " callback interface (e.g. org.apache.kafka.clients.producer.Callback)"),
                Arguments.of("callback_argument on an array", endpoint(METHOD + "      parameters: [java.util.List, \"Runnable[]\"]\n",
                                REQUEST, "      callback_argument: 1\n"),
                        "synclog: synclog.yaml:13:26: 'endpoints[0].response.callback_argument' value '1' names parameter"
                        + " Runnable[], which is not an interface the agent can wrap; name the parameter whose type is the"
                        + " SDK's callback interface (e.g. org.apache.kafka.clients.producer.Callback)"),
                Arguments.of("callback_result without callback_argument", endpoint(METHOD, REQUEST,
                                "      callback_result: onSuccess\n"),
                        "synclog: synclog.yaml:12:24: 'endpoints[0].response.callback_result' has no meaning without"
                        + " response.callback_argument; set callback_argument to the 0-based index of the callback"
                        + " parameter, or remove callback_result"),
                Arguments.of("callback_failure without callback_argument", endpoint(METHOD, REQUEST,
                                "      callback_failure: onError\n"),
                        "synclog: synclog.yaml:12:25: 'endpoints[0].response.callback_failure' has no meaning without"
                        + " response.callback_argument; set callback_argument to the 0-based index of the callback"
                        + " parameter, or remove callback_failure"),
                Arguments.of("callback_result not a method name", endpoint(KAFKA_SEND, REQUEST,
                                "      callback_argument: 1\n      callback_result: Callback#onSuccess\n"),
                        "synclog: synclog.yaml:14:24: 'endpoints[0].response.callback_result' value 'Callback#onSuccess' is not a"
                        + " method name; write the name of a void method of the callback interface alone, e.g."
                        + " callback_result: onSuccess"),
                Arguments.of("callback_failure with parameters", endpoint(KAFKA_SEND, REQUEST,
                                "      callback_argument: 1\n      callback_failure: onError(ErrorResponse)\n"),
                        "synclog: synclog.yaml:14:25: 'endpoints[0].response.callback_failure' value 'onError(ErrorResponse)' is not"
                        + " a method name; write the name of a void method of the callback interface alone, e.g."
                        + " callback_failure: onError"),
                Arguments.of("callback_result and callback_failure the same", endpoint(KAFKA_SEND, REQUEST,
                                "      callback_argument: 1\n      callback_result: onCompletion\n"
                                + "      callback_failure: onCompletion\n"),
                        "synclog: synclog.yaml:15:25: 'endpoints[0].response.callback_failure' value 'onCompletion' is also"
                        + " response.callback_result; name the method that reports success in callback_result and the"
                        + " one that reports failure in callback_failure; for one method that reports both"
                        + " (onCompletion(result, exception)) name neither"),
                Arguments.of("callback_failure_reason without callback_failure", endpoint(KAFKA_SEND, REQUEST,
                                "      callback_argument: 1\n      callback_result: onSuccess\n"
                                + "      callback_failure_reason: /message\n"),
                        "synclog: synclog.yaml:15:32: 'endpoints[0].response.callback_failure_reason' has no meaning without"
                        + " response.callback_failure; name the callback's failure method in callback_failure, or remove"
                        + " callback_failure_reason"),
                Arguments.of("callback_failure_reason not a pointer", endpoint(KAFKA_SEND, REQUEST,
                                "      callback_argument: 1\n      callback_failure: onError\n"
                                + "      callback_failure_reason: message\n"),
                        "synclog: synclog.yaml:15:32: 'endpoints[0].response.callback_failure_reason' value 'message' is not a JSON"
                        + " Pointer; start it with '/' and separate names with '/', e.g. /message (\"\" is the whole value)"));
    }

    @Test
    void aCallbackArgumentIsReadFromTheResponse() throws ConfigException {
        EndpointRule rule = parse(endpoint(KAFKA_SEND, "      rows: whole_body\n      row_id: /key\n",
                "      callback_argument: 1\n")).endpoints().get(0);
        assertThat(rule.javaMethod().callbackArgument()).isEqualTo(1);
        assertThat(rule.javaMethod().hasCallback()).isTrue();
        assertThat(rule.response().outcome()).isEqualTo(ResponseSpec.Outcome.HTTP_STATUS);
        assertThat(parse(endpoint(METHOD, REQUEST, null)).endpoints().get(0).javaMethod().hasCallback()).isFalse();
        assertThat(rule.javaMethod().callbackMethods()).isEqualTo(CallbackMethods.ANY_VOID);
    }

    @Test
    void theCallbacksResultAndFailureMethodsAreNamedInTheResponse() throws ConfigException {
        CallbackMethods named = parse(endpoint(KAFKA_SEND, REQUEST, "      callback_argument: 1\n"
                + "      callback_result: onSuccess\n      callback_failure: onError\n"
                + "      callback_failure_reason: /message\n")).endpoints().get(0).javaMethod().callbackMethods();
        assertThat(named).isEqualTo(new CallbackMethods("onSuccess", "onError", JsonPointer.compile("/message")));
        assertThat(named.named()).isTrue();
        CallbackMethods failureOnly = parse(endpoint(KAFKA_SEND, REQUEST, "      callback_argument: 1\n"
                + "      callback_failure: failure\n")).endpoints().get(0).javaMethod().callbackMethods();
        assertThat(failureOnly).isEqualTo(new CallbackMethods(null, "failure", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigNamesLineAndFix(String name, String yaml, String expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("config error for " + name).isNotNull();
        assertThat(e.getMessage()).isEqualTo(expected).doesNotContain("\n");
    }
}
