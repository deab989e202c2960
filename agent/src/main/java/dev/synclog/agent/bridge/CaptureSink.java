package dev.synclog.agent.bridge;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.List;

/**
 * What inlined advice calls. Implemented inside the agent's hidden class loader and reached through
 * {@link Capture#sink}; parameters are typed {@code Object} where the JDK type lives outside java.base,
 * because this interface is loaded by the bootstrap loader. Every method is cheap on the calling (app)
 * thread and never throws.
 */
public interface CaptureSink {

    /** A configured run method was entered; the token goes back to {@link #runExited}. */
    Object runEntered(String runMethod);

    void runExited(Object token, Throwable thrown);

    /**
     * A {@code java.net.http} send is starting. Returns {@code {request, bodyHandler, call}} to use instead of
     * the app's (same behaviour, bodies teed), or null when the call is not captured.
     */
    Object[] httpClientSending(Object request, Object bodyHandler);

    /** The send method returned its future (or threw); {@code call} is the third element returned above. */
    void httpClientSent(Object call, Object future, Throwable thrown);

    /** Before {@code getOutputStream}: the last moment request headers can be read. */
    void urlConnectionOpening(HttpURLConnection connection);

    /**
     * Returns the stream the app gets: the original, or one that also copies what is written. {@code declaredLength}:
     * the fixed length of streaming mode, or -1.
     */
    OutputStream urlConnectionOutput(HttpURLConnection connection, OutputStream out, long declaredLength);

    /** Before {@code getInputStream}: the request body, if any, is complete. */
    void urlConnectionReading(HttpURLConnection connection);

    /** Returns the stream the app gets (response or error body): the original, or one that also copies what is read. */
    InputStream urlConnectionInput(HttpURLConnection connection, InputStream in, int responseCode);

    /** A connection method threw: a transport failure when no response code arrived, else an HTTP error status. */
    void urlConnectionFailed(HttpURLConnection connection, Throwable thrown, int responseCode);

    void urlConnectionDisconnected(HttpURLConnection connection);

    /**
     * A configured SDK method was entered ({@code endpoint}: its index among the SDK method endpoints). Returns the
     * token for {@link #sdkMethodExited}, or null when this invocation is not recorded.
     */
    Object sdkMethodEntered(int endpoint, Object[] arguments);

    /**
     * As {@link #sdkMethodEntered}, for an SDK method that reports its result to a callback argument whose declared
     * type is the interface {@code callbackType}: when the call is recorded, that argument is replaced in
     * {@code arguments} by a wrapper, which the method is to get instead.
     */
    Object sdkMethodEnteredWithCallback(int endpoint, Class<?> callbackType, Object[] arguments);

    /** The SDK method returned {@code returned} (null for void) or threw {@code thrown}. */
    void sdkMethodExited(Object token, Object returned, Throwable thrown);

    /** The request headers endpoints match on, to read with {@link MatchedHeaders#read}; empty when none does. */
    String[] matchedHeaderNames();

    /**
     * An app-side helper of a client library saw a call: returns the call to copy its bodies into, or null when
     * no endpoint matches. {@code client} names the instrumentation, e.g. {@code okhttp}; {@code matchedHeaders}: what
     * {@link MatchedHeaders#read} gave for the request, used for matching only.
     */
    CapturedCall callStarting(String client, String method, String url, String contentType, String contentEncoding,
                              String[] matchedHeaders);

    /** An {@code OkHttpClient} is being built from this {@code OkHttpClient.Builder}: add the capturing interceptor. */
    void okHttpClientBuilding(Object builder);

    /**
     * Apache HttpClient's {@code doExecute(target, request, context)} starts, in a classic client of major version
     * {@code majorVersion} (4 or 5); returns what goes to {@link #apacheExecuted}, or null.
     */
    Object apacheExecuting(int majorVersion, Object client, Object target, Object request);

    /** {@code doExecute} returned {@code response} (or threw); the response gets an entity that replays what was read ahead. */
    void apacheExecuted(Object state, Object response, Throwable thrown);

    /**
     * An Apache async client's {@code execute} starts, on the calling thread (HttpAsyncClient 4.1's {@code
     * execute(producer, consumer, context, callback)}, HttpClient 5's {@code doExecute(target, producer, consumer,
     * ...)}): returns {@code {producer, consumer, outcome}} to use instead of the app's (same behaviour, bodies
     * copied), or null; the outcome goes to {@link #apacheAsyncExecuted}. {@code target} is null for 4.1, whose
     * producer names it.
     */
    Object[] apacheAsyncExecuting(int majorVersion, Object client, Object target, Object producer, Object consumer);

    /** That {@code execute} returned its future (or threw). */
    void apacheAsyncExecuted(Object outcome, Object future, Throwable thrown);

    /**
     * Netty's HTTP/1.1 encoder or HTTP/2 stream codec {@code encoder} is about to encode {@code msg} (any message,
     * client or server side).
     */
    void nettyWriting(Object encoder, Object ctx, Object msg);

    /**
     * Netty's HTTP/1.1 decoder or HTTP/2 stream codec {@code decoder} put {@code out[from..]} out for the next handlers
     * (client or server side); {@code inputClosed}: in {@code decodeLast}, the connection's input has ended.
     */
    void nettyDecoded(Object decoder, Object ctx, List<?> out, int from, boolean inputClosed);

    /**
     * A client's own HTTP/2-to-HTTP adapter {@code adapter} (the AWS SDK's) is about to turn {@code frame}, read on a
     * stream's channel, into HTTP objects for the next handlers.
     */
    void nettyFrameRead(Object adapter, Object ctx, Object frame);

    /** A Netty HTTP/2 stream's channel {@code channel} is closing: its stream ended, was reset or lost its connection. */
    void nettyStreamClosed(Object channel);
}
