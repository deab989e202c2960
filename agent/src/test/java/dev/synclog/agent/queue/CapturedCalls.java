package dev.synclog.agent.queue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallInProgress;
import dev.synclog.agent.capture.CallRecord;

/** Hands calls to the capture as the advice does, without a client: request and response bodies as given, HTTP 200. */
final class CapturedCalls {
    /** The key in the query string, which the agent must never record. */
    static final String API_KEY = "sk_live_QUERYKEY";

    private CapturedCalls() {
    }

    static void send(CallCapture capture, String request, String response) throws IOException {
        CallRecord record = capture.start("java-http-client", "POST",
                URI.create("http://127.0.0.1:9/v1/audiences/news/members:add?api_key=" + API_KEY));
        record.requestContentType = "application/json";
        CallInProgress call = new CallInProgress(record, capture);
        CallInProgress.into(call.request, () -> { }).write(request.getBytes(StandardCharsets.UTF_8));
        call.requestSent();
        record.status = 200;
        record.responseContentType = "application/json";
        CallInProgress.into(call.response, () -> { }).write(response.getBytes(StandardCharsets.UTF_8));
        call.finish(null);
    }
}
