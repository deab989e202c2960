package dev.synclog.agent.instrumentation.sdkmethod;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.InjectedFault;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.config.JavaMethodRule;
import dev.synclog.agent.config.ResponseSpec;

/**
 * Turns invocations of configured SDK methods into call records, on the app's thread: the rows argument is copied
 * as JSON when the method is entered (the app may change its objects afterwards), the return value when it returns
 * (only when the outcome is read from it), and what it throws becomes the call's error. They are read like HTTP
 * bodies: the rows as the method is entered, and journaled before it runs; the outcomes when it returns. A method that
 * returns a future ({@link ReturnedFutures}) has its call end when the future completes, on the completing thread,
 * with the future's value or failure; until then the call waits in {@link AwaitedCalls}, for a bounded time. A method
 * that reports its result to a callback argument ({@code response.callback_argument}) gets a {@link RecordingCallback}
 * in its place, and its call ends, the same way, when the SDK calls it (or when the method throws, whichever is first).
 */
public final class SdkMethodCalls {
    /**
     * How long a call waits for its future or callback: as long as the journal keeps an unfinished call's request for a crash, so
     * that a call given up on is one a crash would no longer account for either.
     */
    static final long MAX_AWAIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final CallCapture capture;
    /** The SDK method endpoints; advice names its endpoint by its index here. */
    private final EndpointRule[] endpoints;
    /**
     * Per thread, whether each endpoint's method is being recorded: only the outermost invocation is a call, so a
     * method that calls itself, or an overload that delegates to another (both matching the rule), is recorded once.
     * Nested invocations get no token, so only the outermost one's exit clears the flag.
     */
    private final ThreadLocal<boolean[]> recording;
    /** At most this many calls wait for their future or callback ({@code capture.max_waiting_calls}). */
    private final int maxWaitingCalls;
    private final AwaitedCalls awaited;
    /** Whether the app has been told that the oldest waiting calls are given up on: once a process. */
    private final AtomicBoolean overBoundTold = new AtomicBoolean();
    /** Per endpoint, which methods of its callback report, and how; null for an endpoint without a callback. */
    private final CallbackRoles[] callbackRoles;
    /** {@link AwaitedCalls} keys start at 1. */
    private static final long NOT_AWAITED = 0;

    public SdkMethodCalls(CallCapture capture, List<EndpointRule> endpoints, int maxWaitingCalls) {
        this.capture = capture;
        this.maxWaitingCalls = maxWaitingCalls;
        this.awaited = new AwaitedCalls(maxWaitingCalls);
        this.endpoints = endpoints.toArray(new EndpointRule[0]);
        this.recording = ThreadLocal.withInitial(() -> new boolean[this.endpoints.length]);
        this.callbackRoles = new CallbackRoles[this.endpoints.length];
        for (int i = 0; i < this.endpoints.length; i++) {
            JavaMethodRule method = this.endpoints[i].javaMethod();
            callbackRoles[i] = method.hasCallback() ? new CallbackRoles(method.callbackMethods()) : null;
        }
    }

    /** The endpoints with a {@code java_method}, in config order: what {@link SdkMethodInstrumentation} instruments. */
    public static List<EndpointRule> endpointsOf(List<EndpointRule> all) {
        return all.stream().filter(rule -> rule.javaMethod() != null).toList();
    }

    public List<EndpointRule> endpoints() {
        return List.of(endpoints);
    }

    /**
     * Returns the token for {@link #exited}: the call, or null when this invocation is not recorded. For an endpoint
     * with a callback argument, {@code callbackType} is that parameter's declared interface, and the argument in
     * {@code arguments} is replaced by the wrapper the method is to get instead (the advice writes it back).
     */
    public Object entered(int endpoint, Object[] arguments, Class<?> callbackType) throws Exception {
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
            // Made before the call is journaled: a wrapper that cannot be made leaves the method unrecorded, not a call
            // that nothing would finish.
            int callbackIndex = rule.javaMethod().callbackArgument();
            RecordingCallback callback = callbackType == null ? null
                    : new RecordingCallback(callbackType, callbackRoles[endpoint].of(callbackType), arguments[callbackIndex],
                            this::completed);
            CallRecord call = capture.startJavaMethod(rule);
            call.requestBody = copy.bytes();
            call.requestBodyLength = copy.length();
            call.requestBodyTruncated = copy.truncated();
            // Journaled before the method runs: a kill -9 while it is in flight still accounts for the rows.
            capture.requestSent(call);
            if (callback == null) {
                return new Invocation(endpoint, call, NOT_AWAITED);
            }
            // Awaited before the method runs: the SDK may call back on another thread before the method returns.
            long key = await(call);
            callback.awaits(key);
            arguments[callbackIndex] = callback.proxy();
            return new Invocation(endpoint, call, key);
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
        if (invocation.awaitedKey != NOT_AWAITED) {
            thrownInsteadOfCallback(invocation.awaitedKey, thrown);
            return;
        }
        CallRecord call = invocation.call;
        boolean followed = false;
        try {
            if (thrown != null) {
                call.error = thrown;
            } else if (ReturnedFutures.isFollowed(returned)) {
                follow(call, returned);
                followed = true;
            } else {
                readResult(call, returned);
            }
        } catch (Throwable t) {
            // The call is still handed over (its run waits for it); without a return value its rows read as unreadable.
            AgentLog.failure("reading the return value of " + call.endpoint.javaMethod(), t);
        } finally {
            if (!followed) {
                capture.finish(call);
            }
        }
    }

    /**
     * Has the call finished when the future completes. Throws, leaving the call to be finished now, when the future
     * cannot be listened to (unless it completed, and its call was finished, before that failed).
     */
    private void follow(CallRecord call, Object future) throws Exception {
        long key = await(call);
        try {
            ReturnedFutures.listen(future, (value, failure) -> completed(key, value, failure, false));
        } catch (Exception | Error e) {
            if (awaited.claim(key) != null) {
                throw e;
            }
        }
    }

    /** Has the call wait for its future or callback; returns its key in {@link #awaited}. */
    private long await(CallRecord call) {
        for (CallRecord oldest : awaited.claimToMakeRoom()) {
            String why = maxWaitingCalls + " calls of SDK methods were waiting for their future or callback already,"
                    + " so synclog stopped waiting for the oldest";
            giveUp(oldest, why);
            if (overBoundTold.compareAndSet(false, true)) {
                AgentLog.warn(why + ": its rows, and those of any call given up on later, are recorded as failed"
                        + " (whether the destination applied them is unknown); raise capture.max_waiting_calls, or"
                        + " bound the requests the SDK keeps outstanding (its flow control settings)");
            }
        }
        return awaited.add(call, System.nanoTime());
    }

    /**
     * The method threw. An SDK may also call back for the same failure (Kafka's {@code send} does for some, before it
     * returns): whichever comes first records the call, once.
     */
    private void thrownInsteadOfCallback(long key, Throwable thrown) {
        if (thrown == null) {
            return; // the callback ends the call
        }
        CallRecord call = awaited.claim(key);
        if (call != null) {
            call.error = thrown;
            capture.finish(call);
        }
    }

    /**
     * On the thread that completed the future or called the callback (the SDK's): never throws into it.
     *
     * @param valueIsFailure whether {@code value} is a failure the SDK reported as an object (a callback's {@code
     *                       onError(ErrorResponse)}): every row fails, with a reason the interpreter reads from it
     */
    private void completed(long key, Object value, Throwable failure, boolean valueIsFailure) {
        try {
            CallRecord call = awaited.claim(key);
            if (call == null) {
                return; // given up on already: past the wait, over the bound, or at exit
            }
            try {
                if (failure != null) {
                    call.error = failure;
                } else if (valueIsFailure) {
                    call.resultIsFailure = true; // set first: the rows fail even when the value cannot be read
                    InjectedFault.at("callback");
                    if (value != null) {
                        copyResult(call, value);
                    }
                } else {
                    InjectedFault.at(call.endpoint.javaMethod().hasCallback() ? "callback" : "future");
                    readResult(call, value);
                }
            } catch (Throwable t) {
                AgentLog.failure("reading the result of " + awaitedFor(call), t);
            } finally {
                capture.finish(call);
            }
        } catch (Throwable t) {
            AgentLog.failure("completing a call of an SDK method that returned a future or took a callback", t);
        }
    }

    private void readResult(CallRecord call, Object result) throws IOException {
        if (call.endpoint.response().outcome() != ResponseSpec.Outcome.HTTP_STATUS) {
            copyResult(call, result);
        }
    }

    private void copyResult(CallRecord call, Object result) throws IOException {
        ObjectJson.Copy copy = ObjectJson.copy(result, capture.maxBodyBytes());
        call.responseBody = copy.bytes();
        call.responseBodyLength = copy.length();
        call.responseBodyTruncated = copy.truncated();
    }

    /** Housekeeping: calls whose future has not completed within {@link #MAX_AWAIT_NANOS} fail every row. */
    public void finishOverdueCalls() {
        for (CallRecord call : awaited.claimAddedBefore(System.nanoTime() - MAX_AWAIT_NANOS)) {
            giveUp(call, awaitedFor(call) + (call.endpoint.javaMethod().hasCallback() ? " had not been called "
                    + TimeUnit.NANOSECONDS.toMinutes(MAX_AWAIT_NANOS) + " minutes after the method was called"
                    : " had not completed " + TimeUnit.NANOSECONDS.toMinutes(MAX_AWAIT_NANOS)
                    + " minutes after the method returned") + ", so synclog stopped waiting for it");
        }
    }

    /**
     * At exit: futures still to complete get until {@code deadlineNanos} ({@link System#nanoTime}; the SDK's threads
     * may be finishing them), then their calls fail every row, so that no call is lost. The deadline is the exit's
     * one for calls in flight: HTTP calls are waited for until then too, not after it.
     */
    public void finishAllAtExit(long deadlineNanos) {
        try {
            for (CallRecord call : awaited.claimAllBy(deadlineNanos)) {
                giveUp(call, "the process exited before " + awaitedFor(call)
                        + (call.endpoint.javaMethod().hasCallback() ? " was called" : " completed"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the call waits for, in messages: "the future returned by C#m" or "the callback passed to C#m". */
    private static String awaitedFor(CallRecord call) {
        return (call.endpoint.javaMethod().hasCallback() ? "the callback passed to " : "the future returned by ")
                + call.endpoint.javaMethod();
    }

    private void giveUp(CallRecord call, String why) {
        call.error = new TimeoutException(why + ", so whether the destination applied the row is unknown");
        capture.finish(call);
    }

    /**
     * The token from entered to exited: which endpoint's flag to clear, the call being recorded, and its key in
     * {@link #awaited} when its callback ends it ({@link #NOT_AWAITED} otherwise).
     */
    private record Invocation(int endpoint, CallRecord call, long awaitedKey) {
    }
}
