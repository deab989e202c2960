package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.CallbackMethods;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.config.ResponseSpec;
import dev.synclog.events.RowStatus;

import java.util.Arrays;
import java.util.List;

/**
 * Turns one captured call into row outcomes, in two steps: the request's rows as soon as the request is complete,
 * then their outcomes once the call ends. Both run on the app's thread, so that nothing but privacy-safe rows is
 * journaled (docs/agent.md, "Crash safety"). Thread-safe and stateless beyond its limit. Never throws: anything
 * unexpected becomes the call error.
 *
 * <p>Policy when the call cannot be read (see docs/configuration.md, "When a call cannot be read"):
 * <ul>
 *   <li>request unreadable (over the cap, not JSON, no rows array): no rows, call error says why;</li>
 *   <li>transport error, or non-2xx without per-row items: every row failed, the reason is also the call error;</li>
 *   <li>response needed but unreadable (over the cap, not JSON, count mismatch, bad index): every row failed
 *       with that reason, since whether the destination applied it is unknown; the reason is the call error.</li>
 * </ul>
 */
public final class CallInterpreter {
    private final int maxBodyBytes;
    private final BodyDecoder decoder;

    /** @param maxBodyBytes the capture cap; also bounds how far a compressed body may inflate */
    public CallInterpreter(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.decoder = new BodyDecoder(maxBodyBytes);
    }

    /** The whole call at once: {@link #readRequest} then {@link #answer}. */
    public CallInterpretation interpret(EndpointRule rule, CallRecord call) {
        return answer(readRequest(rule, call), rule, call);
    }

    /**
     * The request's rows with privacy applied, readable as soon as the request is complete (before the response).
     * Never throws: a request that cannot be read gives no rows and says why.
     */
    public RequestRows readRequest(EndpointRule rule, CallRecord call) {
        try {
            if (call.requestBodyTruncated) {
                throw new UnreadableCallException("request body is over the " + maxBodyBytes + "-byte capture cap, so its rows"
                        + " were not recorded; raise capture.max_body_size");
            }
            FieldPrivacy privacy = new FieldPrivacy(rule.privacy());
            RowExtractor.Extracted request = RowExtractor.extract(decoder.request(call.requestBody,
                    validLength(call.requestBody, call.requestBodyLength), call.requestContentEncoding,
                    call.requestContentType, rule.request()),
                    rule.request(), rule.pathVariables(call.uri), privacy);
            return new RequestRows(request, privacy, storedIds(request.rows(), privacy, rule.request().rowIdName()), null);
        } catch (UnreadableCallException e) {
            return RequestRows.unreadable(e.getMessage());
        } catch (NumberFormatException e) {
            return RequestRows.unreadable(Json.numberProblem("request body") + ", so its rows were not recorded");
        } catch (Throwable unexpected) {
            // Rows are lost for this call, but the app goes on; the message names the cause.
            return RequestRows.unreadable(couldNotInterpret(unexpected));
        }
    }

    /** The rows' outcomes once the call ended (response, transport error or status). Never throws. */
    public CallInterpretation answer(RequestRows request, EndpointRule rule, CallRecord call) {
        if (request.unreadable() != null) {
            return new CallInterpretation(List.of(),
                    bounded(withTransportError(request.unreadable(), call), Reasons.MAX_CALL_ERROR_CHARS));
        }
        int rows = request.size();
        Decision decision;
        try {
            decision = decide(rule.response(), call, request.extracted());
        } catch (NumberFormatException e) {
            decision = Decision.allFailed(rows, Json.numberProblem("response body"));
        } catch (Throwable unexpected) {
            // The rows were read and journaled: they end failed with the cause rather than vanish from the call.
            decision = Decision.allFailed(rows, couldNotInterpret(unexpected));
        }
        try {
            FieldPrivacy privacy = request.privacy();
            return new CallInterpretation(new RowOutcomes(request, decision.verdicts, reasons(decision.verdicts, privacy)),
                    bounded(join(privacy.scrub(decision.callError), privacy.scrub(request.extracted().problem())),
                            Reasons.MAX_CALL_ERROR_CHARS));
        } catch (Throwable unexpected) {
            return new CallInterpretation(List.of(), couldNotInterpret(unexpected));
        }
    }

    /**
     * Each row's reason as it leaves (scrubbed and bounded), or null when no row failed. Rows that share a verdict
     * (every row of a call that failed as a whole) share its reason, made once.
     */
    private static String[] reasons(Verdict[] verdicts, FieldPrivacy privacy) {
        String[] reasons = null;
        Verdict previous = null;
        String reason = null;
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i].reason() == null) {
                continue;
            }
            if (verdicts[i] != previous) {
                previous = verdicts[i];
                reason = bounded(privacy.scrub(previous.reason()), Reasons.MAX_REASON_CHARS);
            }
            reasons = reasons == null ? new String[verdicts.length] : reasons;
            reasons[i] = reason;
        }
        return reasons;
    }

    /** The ids as they may be stored: the request's own (spans where scanned) unless a privacy rule hashes them. */
    private static TextColumn storedIds(ExtractedRows rows, FieldPrivacy privacy, String idName) {
        if (!privacy.protectsRowId(idName)) {
            return rows.ids();
        }
        TextColumn hashed = new TextColumn(null);
        for (int i = 0; i < rows.size(); i++) {
            hashed.add(privacy.rowId(rows.ids().text(i), idName));
        }
        return hashed;
    }

    private static String couldNotInterpret(Throwable unexpected) {
        return "synclog could not interpret this call (" + Reasons.transport(unexpected) + ")";
    }

    /**
     * Every text that leaves is one line and bounded, whatever a destination sent. Cut after scrubbing: whole
     * protected values are gone by then, so a cut cannot leave the start of one behind.
     */
    private static String bounded(String text, int max) {
        return text == null ? null : Reasons.oneLine(text, max);
    }

    /** Per-row verdicts plus the call error, before privacy. */
    private static final class Decision {
        final Verdict[] verdicts;
        final String callError;

        Decision(Verdict[] verdicts, String callError) {
            this.verdicts = verdicts;
            this.callError = callError;
        }

        static Decision allSucceeded(int rows) {
            Verdict[] verdicts = new Verdict[rows];
            Arrays.fill(verdicts, Verdict.SUCCEEDED);
            return new Decision(verdicts, null);
        }

        /**
         * The items' verdicts; when the call's status failed the rows they do not name (a batch refused whole, with
         * {@code unlisted: http_status}), that reason is the call error too.
         */
        static Decision of(OutcomeReader.Verdicts verdicts, ResponseSpec spec, Verdict unlisted, boolean ok) {
            boolean refusedWhole = !ok && spec.unlisted() == ResponseSpec.Unlisted.HTTP_STATUS;
            return new Decision(verdicts.verdicts(), refusedWhole ? join(unlisted.reason(), verdicts.note()) : verdicts.note());
        }

        static Decision allFailed(int rows, String reason) {
            Verdict[] verdicts = new Verdict[rows];
            Arrays.fill(verdicts, Verdict.failed(reason));
            return new Decision(verdicts, reason);
        }
    }

    private Decision decide(ResponseSpec spec, CallRecord call, RowExtractor.Extracted request) {
        int rows = request.rows().size();
        if (call.error != null) {
            return Decision.allFailed(rows, Reasons.transport(call.error));
        }
        if (call.resultIsFailure) {
            return Decision.allFailed(rows, reportedFailure(call));
        }
        if (call.status == 0 && !call.javaMethod) {
            return Decision.allFailed(rows, "no response: the call ended without an HTTP status or a transport error");
        }
        // An SDK method that returned is what a 2xx is for HTTP: its return value (the response body) may say more.
        boolean ok = call.javaMethod || call.status >= 200 && call.status < 300;
        if (spec.outcome() == ResponseSpec.Outcome.HTTP_STATUS) {
            if (!ok) {
                return Decision.allFailed(rows, httpFailure(spec, call, parsedOrNull(call)));
            }
            if (!spec.itemsAreErrors()) {
                String bodyFailure = wholeBodyFailure(spec, call);
                if (bodyFailure != null) {
                    return Decision.allFailed(rows, bodyFailure);
                }
            }
            return Decision.allSucceeded(rows);
        }

        if (!ok && !spec.itemsOnErrorStatus()) {
            return Decision.allFailed(rows, httpFailure(spec, call, parsedOrNull(call)));
        }
        if (!spec.errorLists().isEmpty()) {
            return errorLists(spec, call, request, ok);
        }
        ResponseItems items;
        try {
            if (call.responseBodyTruncated) {
                throw new UnreadableCallException(overTheCap("per-row results"));
            }
            items = ResponseItems.read(decoder.responseText(call.responseBody,
                    validLength(call.responseBody, call.responseBodyLength), call.responseContentEncoding,
                    call.responseContentType), spec, rows);
        } catch (UnreadableCallException e) {
            return Decision.allFailed(rows, ok ? e.getMessage() : httpFailure(spec, call, null));
        }
        if (items.kind() == ResponseItems.Kind.EMPTY_BODY || items.kind() == ResponseItems.Kind.ABSENT
                || items.kind() == ResponseItems.Kind.NULL) {
            if (!ok) {
                return Decision.allFailed(rows, httpFailure(spec, call, parsedOrNull(call)));
            }
            if (spec.outcome() != ResponseSpec.Outcome.INDEX_ALIGNED && spec.itemsAreErrors()) {
                // An error list that is absent on success is the common case (HubSpot 200, Mixpanel 200).
                return Decision.allSucceeded(rows);
            }
            return Decision.allFailed(rows, "response has no per-row results at '" + spec.items() + "' (response.items)"
                    + (items.kind() == ResponseItems.Kind.EMPTY_BODY ? "; the body is empty" : ""));
        }
        try {
            Verdict unlisted = unlisted(spec, call, ok, null);
            return Decision.of(OutcomeReader.forShape(spec.outcome()).read(items, request, spec, unlisted), spec, unlisted, ok);
        } catch (UnreadableCallException e) {
            return Decision.allFailed(rows, e.getMessage());
        }
    }

    /** Outcomes from error lists grouped by reason ({@link ErrorListsOutcome}), read from the response's tree. */
    private Decision errorLists(ResponseSpec spec, CallRecord call, RowExtractor.Extracted request, boolean ok) {
        int rows = request.rows().size();
        JsonNode body;
        try {
            if (call.responseBodyTruncated) {
                throw new UnreadableCallException(overTheCap("the error lists"));
            }
            body = responseJson(call);
        } catch (UnreadableCallException e) {
            return Decision.allFailed(rows, ok ? e.getMessage() : httpFailure(spec, call, null));
        }
        try {
            Verdict unlisted = unlisted(spec, call, ok, body);
            OutcomeReader.Verdicts verdicts = body == null ? null : ErrorListsOutcome.read(body, request, spec, unlisted);
            if (verdicts != null) {
                return Decision.of(verdicts, spec, unlisted, ok);
            }
        } catch (UnreadableCallException e) {
            return Decision.allFailed(rows, e.getMessage());
        }
        // No list at all: as for an absent error list at response.items.
        return ok ? Decision.allSucceeded(rows) : Decision.allFailed(rows, httpFailure(spec, call, body));
    }

    /**
     * The verdict of rows no item names; with {@code unlisted: http_status} on a non-2xx, failed with the call's reason.
     *
     * @param parsed the response as JSON when it was read already, else null (read again if needed)
     */
    private Verdict unlisted(ResponseSpec spec, CallRecord call, boolean ok, JsonNode parsed) {
        if (ok || spec.unlisted() != ResponseSpec.Unlisted.HTTP_STATUS) {
            return OutcomeReader.unlisted(spec);
        }
        return Verdict.failed(httpFailure(spec, call, parsed != null ? parsed : parsedOrNull(call)));
    }

    /**
     * For {@code http_status} with a test ({@code success} or {@code error}) on a 2xx: why the body says the call
     * failed as a whole (as a non-2xx would read), or null when it says it succeeded.
     */
    private String wholeBodyFailure(ResponseSpec spec, CallRecord call) {
        if (call.responseBodyTruncated) {
            return overTheCap("the test at '" + (spec.success() != null ? spec.success() : spec.error()) + "'");
        }
        JsonNode body;
        try {
            body = responseJson(call);
        } catch (UnreadableCallException e) {
            return e.getMessage();
        }
        // An empty body holds nothing: it fails a success test and passes an error test.
        JsonNode root = body == null ? MissingNode.getInstance() : body;
        boolean failed = spec.error() != null ? Json.present(StreamPath.Pointer.of(spec.error()).in(root))
                : ItemVerdicts.failsSuccessTest(spec, StreamPath.Pointer.of(spec.success()).in(root));
        return failed ? httpFailure(spec, call, body) : null;
    }

    private String httpFailure(ResponseSpec spec, CallRecord call, JsonNode parsed) {
        int length = validLength(call.responseBody, call.responseBodyLength);
        return Reasons.httpFailure(call.status, spec.httpErrorReason(), parsed, call.responseBody, length);
    }

    private String reportedFailure(CallRecord call) {
        CallbackMethods methods = call.endpoint.javaMethod().callbackMethods();
        JsonNode value = methods.failureReason() == null ? null : parsedOrNull(call);
        return Reasons.reportedFailure(methods.failure(), methods.failureReason(), value, call.responseBody,
                validLength(call.responseBody, call.responseBodyLength));
    }

    /** The response as JSON when it is, for finding a failure message; null otherwise. */
    private JsonNode parsedOrNull(CallRecord call) {
        if (call.responseBodyTruncated) {
            return null;
        }
        try {
            return responseJson(call);
        } catch (UnreadableCallException e) {
            return null;
        }
    }

    /** The response body as JSON; null when it is empty. */
    private JsonNode responseJson(CallRecord call) throws UnreadableCallException {
        return decoder.response(call.responseBody, validLength(call.responseBody, call.responseBodyLength),
                call.responseContentEncoding, call.responseContentType);
    }

    /** Why a response over the capture cap left {@code what} unread. */
    private String overTheCap(String what) {
        return "response body is over the " + maxBodyBytes + "-byte capture cap, so " + what
                + " could not be read; raise capture.max_body_size";
    }

    /** Bytes of {@code body} that hold data: the recorded length when it is plausible, else the whole array. */
    private static int validLength(byte[] body, int recorded) {
        if (body == null) {
            return 0;
        }
        return recorded > 0 && recorded <= body.length ? recorded : body.length;
    }

    /** When the request could not be read but the call also failed in transit, both facts matter. */
    private static String withTransportError(String problem, CallRecord call) {
        return call.error == null ? problem : problem + "; the call also failed: " + Reasons.transport(call.error);
    }

    private static String join(String first, String second) {
        return first == null ? second : second == null ? first : first + "; " + second;
    }
}
