package dev.synclog.agent;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.List;

import java.net.URI;

import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.LibraryCall;
import dev.synclog.agent.instrumentation.ApacheAsyncClientCalls;
import dev.synclog.agent.instrumentation.ApacheClientCalls;
import dev.synclog.agent.instrumentation.apachehttp4async.ApacheHttpAsync4Instrumentation;
import dev.synclog.agent.instrumentation.apachehttp5async.ApacheHttp5AsyncInstrumentation;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientCalls;
import dev.synclog.agent.instrumentation.netty.NettyCalls;
import dev.synclog.agent.instrumentation.okhttp.OkHttpClients;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodCalls;
import dev.synclog.agent.instrumentation.urlconnection.UrlConnectionCalls;
import dev.synclog.agent.runs.RunTracker;

/**
 * The agent behind {@link dev.synclog.agent.bridge.Capture#sink}. Each entry point catches everything: on an
 * agent failure the app gets back exactly what it passed in, and the failure is counted and logged once.
 */
final class AgentSink implements CaptureSink {
    private final RunTracker runs;
    private final JdkHttpClientCalls httpClient;
    private final UrlConnectionCalls urlConnections;
    private final SdkMethodCalls sdkMethods;
    private final CallCapture capture;
    private final OkHttpClients okHttpClients = new OkHttpClients();
    private final ApacheClientCalls apacheHttp4 =
            new ApacheClientCalls("dev.synclog.agent.instrumentation.apachehttp4.appside.ApacheHooks");
    private final ApacheClientCalls apacheHttp5 =
            new ApacheClientCalls("dev.synclog.agent.instrumentation.apachehttp5.appside.ApacheHooks");
    private final ApacheAsyncClientCalls apacheAsync4 = new ApacheAsyncClientCalls(
            "dev.synclog.agent.instrumentation.apachehttp4async.appside.AsyncHooks", ApacheHttpAsync4Instrumentation.CLIENT_CLASS,
            "dev.synclog.agent.instrumentation.apachehttp4.appside.");
    private final ApacheAsyncClientCalls apacheAsync5 = new ApacheAsyncClientCalls(
            "dev.synclog.agent.instrumentation.apachehttp5async.appside.AsyncHooks", ApacheHttp5AsyncInstrumentation.CLIENT_CLASS,
            "dev.synclog.agent.instrumentation.apachehttp5.appside.");
    private final NettyCalls netty = new NettyCalls();

    AgentSink(RunTracker runs, JdkHttpClientCalls httpClient, UrlConnectionCalls urlConnections, SdkMethodCalls sdkMethods,
              CallCapture capture) {
        this.runs = runs;
        this.httpClient = httpClient;
        this.urlConnections = urlConnections;
        this.sdkMethods = sdkMethods;
        this.capture = capture;
    }

    @Override
    public Object runEntered(String runMethod) {
        try {
            return runs.enter(runMethod);
        } catch (Throwable t) {
            AgentLog.failure("starting a run", t);
            return null;
        }
    }

    @Override
    public void runExited(Object token, Throwable thrown) {
        try {
            runs.exit(token, thrown);
        } catch (Throwable t) {
            AgentLog.failure("ending a run", t);
        }
    }

    @Override
    public Object[] httpClientSending(Object request, Object bodyHandler) {
        try {
            return httpClient.sending(request, bodyHandler);
        } catch (Throwable t) {
            AgentLog.failure("capturing a java.net.http request", t);
            return null;
        }
    }

    @Override
    public void httpClientSent(Object call, Object future, Throwable thrown) {
        try {
            httpClient.sent(call, future, thrown);
        } catch (Throwable t) {
            AgentLog.failure("following a java.net.http response", t);
        }
    }

    @Override
    public void urlConnectionOpening(HttpURLConnection connection) {
        try {
            urlConnections.opening(connection);
        } catch (Throwable t) {
            AgentLog.failure("capturing an HttpURLConnection request", t);
        }
    }

    @Override
    public OutputStream urlConnectionOutput(HttpURLConnection connection, OutputStream out, long declaredLength) {
        try {
            return urlConnections.output(connection, out, declaredLength);
        } catch (Throwable t) {
            AgentLog.failure("capturing an HttpURLConnection request body", t);
            return out;
        }
    }

    @Override
    public void urlConnectionReading(HttpURLConnection connection) {
        try {
            urlConnections.reading(connection);
        } catch (Throwable t) {
            AgentLog.failure("journaling an HttpURLConnection request", t);
        }
    }

    @Override
    public InputStream urlConnectionInput(HttpURLConnection connection, InputStream in, int responseCode) {
        try {
            return urlConnections.input(connection, in, responseCode);
        } catch (Throwable t) {
            AgentLog.failure("capturing an HttpURLConnection response body", t);
            return in;
        }
    }

    @Override
    public void urlConnectionFailed(HttpURLConnection connection, Throwable thrown, int responseCode) {
        try {
            urlConnections.failed(connection, thrown, responseCode);
        } catch (Throwable t) {
            AgentLog.failure("recording an HttpURLConnection failure", t);
        }
    }

    @Override
    public void urlConnectionDisconnected(HttpURLConnection connection) {
        try {
            urlConnections.disconnected(connection);
        } catch (Throwable t) {
            AgentLog.failure("completing an HttpURLConnection call", t);
        }
    }

    @Override
    public String[] matchedHeaderNames() {
        return capture.matchedHeaderNames();
    }

    @Override
    public CapturedCall callStarting(String client, String method, String url, String contentType, String contentEncoding,
                                     String[] matchedHeaders) {
        try {
            CallRecord record = capture.start(client, method, URI.create(url), matchedHeaders);
            if (record == null) {
                return null;
            }
            record.requestContentType = contentType;
            record.requestContentEncoding = contentEncoding;
            return new LibraryCall(record, capture);
        } catch (Throwable t) {
            AgentLog.failure("capturing a " + client + " request", t);
            return null;
        }
    }

    @Override
    public void okHttpClientBuilding(Object builder) {
        try {
            okHttpClients.building(builder);
        } catch (Throwable t) {
            AgentLog.failure("adding the capturing interceptor to an OkHttpClient", t);
        }
    }

    @Override
    public Object apacheExecuting(int majorVersion, Object client, Object target, Object request) {
        try {
            return (majorVersion == 4 ? apacheHttp4 : apacheHttp5).executing(client, target, request);
        } catch (Throwable t) {
            AgentLog.failure("capturing an Apache HttpClient " + majorVersion + " request", t);
            return null;
        }
    }

    @Override
    public void apacheExecuted(Object state, Object response, Throwable thrown) {
        try {
            ApacheClientCalls.executed(state, response, thrown);
        } catch (Throwable t) {
            AgentLog.failure("capturing an Apache HttpClient response", t);
        }
    }

    @Override
    public Object[] apacheAsyncExecuting(int majorVersion, Object client, Object target, Object producer, Object consumer) {
        try {
            return (majorVersion == 4 ? apacheAsync4 : apacheAsync5).executing(client, target, producer, consumer);
        } catch (Throwable t) {
            AgentLog.failure("capturing an Apache async client " + majorVersion + " request", t);
            return null;
        }
    }

    @Override
    public void apacheAsyncExecuted(Object outcome, Object future, Throwable thrown) {
        try {
            ApacheAsyncClientCalls.executed(outcome, future, thrown);
        } catch (Throwable t) {
            AgentLog.failure("capturing an Apache async client's response", t);
        }
    }

    @Override
    public void nettyWriting(Object encoder, Object ctx, Object msg) {
        try {
            netty.writing(encoder, ctx, msg);
        } catch (Throwable t) {
            AgentLog.failure("capturing a request written through Netty", t);
        }
    }

    @Override
    public void nettyDecoded(Object decoder, Object ctx, List<?> out, int from, boolean inputClosed) {
        try {
            netty.decoded(decoder, ctx, out, from, inputClosed);
        } catch (Throwable t) {
            AgentLog.failure("capturing a response read through Netty", t);
        }
    }

    @Override
    public void nettyFrameRead(Object adapter, Object ctx, Object frame) {
        try {
            netty.frameRead(adapter, ctx, frame);
        } catch (Throwable t) {
            AgentLog.failure("capturing a response read through Netty over HTTP/2", t);
        }
    }

    @Override
    public void nettyStreamClosed(Object channel) {
        try {
            netty.streamClosed(channel);
        } catch (Throwable t) {
            AgentLog.failure("ending a call on a closed Netty HTTP/2 stream", t);
        }
    }

    @Override
    public Object sdkMethodEntered(int endpoint, Object[] arguments) {
        return sdkMethodEnteredWithCallback(endpoint, null, arguments);
    }

    @Override
    public Object sdkMethodEnteredWithCallback(int endpoint, Class<?> callbackType, Object[] arguments) {
        try {
            return sdkMethods.entered(endpoint, arguments, callbackType);
        } catch (Throwable t) {
            AgentLog.failure("capturing the rows argument of an SDK method", t);
            return null;
        }
    }

    @Override
    public void sdkMethodExited(Object token, Object returned, Throwable thrown) {
        try {
            sdkMethods.exited(token, returned, thrown);
        } catch (Throwable t) {
            AgentLog.failure("completing an SDK method call", t);
        }
    }
}
