package dev.synclog.agent.instrumentation.urlconnection;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.synclog.agent.bridge.CopyingOutputStream;
import dev.synclog.agent.bridge.MatchedHeaders;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.instrumentation.WeakIdentityMap;

/**
 * Follows each matched connection from its request stream to the end of its response (or error) stream.
 * A connection whose body the app never finishes reading is completed after it goes idle, so no call is
 * left unrecorded. The connection's own methods are called from here, and they call the instrumented
 * methods again: a per-thread guard keeps those inner calls out.
 */
public final class UrlConnectionCalls {
    private static final long IDLE_WITH_RESPONSE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long IDLE_WITHOUT_RESPONSE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final CallCapture capture;
    private final WeakIdentityMap<HttpURLConnection, UrlConnectionCall> byConnection = new WeakIdentityMap<>();
    private final Set<UrlConnectionCall> pending = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    public UrlConnectionCalls(CallCapture capture) {
        this.capture = capture;
    }

    public void opening(HttpURLConnection connection) {
        if (inside.get() != null) {
            return;
        }
        inside.set(Boolean.TRUE);
        try {
            UrlConnectionCall call = callOf(connection);
            if (call != null && call.record.requestContentType == null) {
                // Readable only before the connection connects, which getOutputStream is about to do.
                call.record.requestContentType = connection.getRequestProperty("Content-Type");
                call.record.requestContentEncoding = connection.getRequestProperty("Content-Encoding");
            }
        } catch (IllegalStateException alreadyConnected) {
            // request headers are gone; the endpoint's configured encoding still applies
        } finally {
            inside.remove();
        }
    }

    /** {@code declaredLength}: the length set by {@code setFixedLengthStreamingMode}, or -1. */
    public OutputStream output(HttpURLConnection connection, OutputStream out, long declaredLength) {
        if (inside.get() != null) {
            return out;
        }
        inside.set(Boolean.TRUE);
        try {
            UrlConnectionCall call = callOf(connection);
            return call == null || call.isFinished() || out == null ? out : new CopyingOutputStream(out, call.requestCopy(declaredLength));
        } finally {
            inside.remove();
        }
    }

    /**
     * Before {@code getInputStream} (which {@code getResponseCode} calls): the request body is complete, and the
     * connection is about to send it, or to close a streaming body the app left open (sending its last bytes). Its
     * rows are journaled first.
     */
    public void reading(HttpURLConnection connection) {
        UrlConnectionCall call = byConnection.get(connection);
        if (call != null) {
            call.requestSent();
        }
    }

    public InputStream input(HttpURLConnection connection, InputStream in, int responseCode) {
        if (inside.get() != null) {
            return in;
        }
        inside.set(Boolean.TRUE);
        try {
            UrlConnectionCall call = callOf(connection);
            if (call == null || call.isFinished()) {
                return in;
            }
            call.record.status = responseCode;
            call.record.responseContentType = connection.getContentType();
            call.record.responseContentEncoding = connection.getContentEncoding();
            call.touch();
            return new TeeInputStream(in, call);
        } finally {
            inside.remove();
        }
    }

    public void failed(HttpURLConnection connection, Throwable thrown, int responseCode) {
        if (inside.get() != null) {
            return;
        }
        inside.set(Boolean.TRUE);
        try {
            UrlConnectionCall call = callOf(connection);
            if (call == null || call.isFinished()) {
                return;
            }
            if (responseCode > 0) {
                // An HTTP error status: the app reads the body from getErrorStream, which completes the call.
                call.record.status = responseCode;
                call.touch();
            } else {
                complete(call, thrown);
            }
        } finally {
            inside.remove();
        }
    }

    public void disconnected(HttpURLConnection connection) {
        UrlConnectionCall call = byConnection.get(connection);
        if (call != null) {
            complete(call, null);
        }
    }

    /** Completes calls the app stopped reading; run by the writer thread about twice a second. */
    public void completeIdleCalls() {
        long now = System.nanoTime();
        for (UrlConnectionCall call : pending) {
            long idle = now - call.lastActivityNanos;
            if (call.isFinished() || idle > (call.record.status > 0 ? IDLE_WITH_RESPONSE_NANOS : IDLE_WITHOUT_RESPONSE_NANOS)) {
                pending.remove(call);
                call.finish(null);
            }
        }
    }

    /** At shutdown: whatever was captured so far is recorded. */
    public void completeAll() {
        for (UrlConnectionCall call : pending) {
            pending.remove(call);
            call.finish(null);
        }
    }

    /** The finished call stays mapped to its connection (weakly), so later calls on the connection are not new calls. */
    private void complete(UrlConnectionCall call, Throwable error) {
        pending.remove(call);
        call.finish(error);
    }

    private UrlConnectionCall callOf(HttpURLConnection connection) {
        UrlConnectionCall call = byConnection.get(connection);
        if (call != null) {
            return call;
        }
        URI uri;
        try {
            uri = connection.getURL().toURI();
        } catch (URISyntaxException e) {
            return null;
        }
        // The JDK's connection keeps request properties readable after it connects; one that refuses (a RuntimeException,
        // which MatchedHeaders takes as absent) leaves a call first seen after connecting unmatched by header rules.
        CallRecord record = capture.start("http-url-connection", connection.getRequestMethod(), uri,
                MatchedHeaders.read(capture.matchedHeaderNames(), connection, HttpURLConnection::getRequestProperty));
        if (record == null) {
            return null;
        }
        call = new UrlConnectionCall(record, capture);
        byConnection.put(connection, call);
        pending.add(call);
        return call;
    }
}
