package dev.synclog.agent.instrumentation.sdkmethod;

import java.util.List;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.config.ResponseSpec;

/**
 * Turns invocations of configured SDK methods into call records, on the app's thread: the rows argument is copied
 * as JSON when the method is entered (the app may change its objects afterwards), the return value when it returns
 * (only when the outcome is read from it), and what it throws becomes the call's error. They are read like HTTP
 * bodies: the rows as the method is entered, and journaled before it runs; the outcomes when it returns.
 */
public final class SdkMethodCalls {
    private final CallCapture capture;
    /** The SDK method endpoints; advice names its endpoint by its index here. */
    private final EndpointRule[] endpoints;
    /**
     * Per thread, whether each endpoint's method is being recorded: only the outermost invocation is a call, so a
     * method that calls itself, or an overload that delegates to another (both matching the rule), is recorded once.
     * Nested invocations get no token, so only the outermost one's exit clears the flag.
     */
    private final ThreadLocal<boolean[]> recording;

    public SdkMethodCalls(CallCapture capture, List<EndpointRule> endpoints) {
        this.capture = capture;
        this.endpoints = endpoints.toArray(new EndpointRule[0]);
        this.recording = ThreadLocal.withInitial(() -> new boolean[this.endpoints.length]);
    }

    /** The endpoints with a {@code java_method}, in config order: what {@link SdkMethodInstrumentation} instruments. */
    public static List<EndpointRule> endpointsOf(List<EndpointRule> all) {
        return all.stream().filter(rule -> rule.javaMethod() != null).toList();
    }

    public List<EndpointRule> endpoints() {
        return List.of(endpoints);
    }

    /** Returns the token for {@link #exited}: the call, or null when this invocation is not recorded. */
    public Object entered(int endpoint, Object[] arguments) throws Exception {
        boolean[] active = recording.get();
        if (active[endpoint]) {
            return null; // nested: the outermost invocation records the call
        }
        active[endpoint] = true;
        try {
            EndpointRule rule = endpoints[endpoint];
            int index = rule.javaMethod().argument();
            Object rows = arguments != null && index < arguments.length ? arguments[index] : null;
            ObjectJson.Copy copy = ObjectJson.copy(rows, capture.maxBodyBytes());
            CallRecord call = capture.startJavaMethod(rule);
            call.requestBody = copy.bytes();
            call.requestBodyLength = copy.length();
            call.requestBodyTruncated = copy.truncated();
            // Journaled before the method runs: a kill -9 while it is in flight still accounts for the rows.
            capture.requestSent(call);
            return new Invocation(endpoint, call);
        } catch (Exception | Error e) {
            active[endpoint] = false; // no token, so its exit will not clear it
            throw e;
        }
    }

    public void exited(Object token, Object returned, Throwable thrown) {
        if (token == null) {
            return;
        }
        Invocation invocation = (Invocation) token;
        recording.get()[invocation.endpoint] = false;
        CallRecord call = invocation.call;
        try {
            if (thrown != null) {
                call.error = thrown;
            } else if (call.endpoint.response().outcome() != ResponseSpec.Outcome.HTTP_STATUS) {
                ObjectJson.Copy copy = ObjectJson.copy(returned, capture.maxBodyBytes());
                call.responseBody = copy.bytes();
                call.responseBodyLength = copy.length();
                call.responseBodyTruncated = copy.truncated();
            }
        } catch (Throwable t) {
            // The call is still handed over (its run waits for it); without a return value its rows read as unreadable.
            AgentLog.failure("reading the return value of " + call.endpoint.javaMethod(), t);
        } finally {
            capture.finish(call);
        }
    }

    /** The token from entered to exited: which endpoint's flag to clear, and the call being recorded. */
    private record Invocation(int endpoint, CallRecord call) {
    }
}
