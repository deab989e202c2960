package dev.synclog.agent.config;

import java.net.URI;
import java.util.Map;

/** One configured destination endpoint: which calls it matches and how to read their rows and outcomes. */
public final class EndpointRule {
    private final String name;
    private final String syncId;
    private final String destination;
    private final String object;
    private final HostMatcher host;
    /** Upper-case methods; empty = any method. */
    private final String[] methods;
    private final PathTemplate path;
    /** Request headers that must have these exact values; empty = headers do not matter. */
    private final HeaderMatch[] headers;
    private final RequestSpec request;
    private final ResponseSpec response;
    private final PrivacyRules privacy;
    /** For an SDK method endpoint, the method; null for HTTP endpoints (which then have a path). */
    private final JavaMethodRule javaMethod;

    EndpointRule(String name, String syncId, String destination, String object, HostMatcher host, String[] methods,
                 PathTemplate path, HeaderMatch[] headers, RequestSpec request, ResponseSpec response, PrivacyRules privacy,
                 JavaMethodRule javaMethod) {
        this.name = name;
        this.syncId = syncId;
        this.destination = destination;
        this.object = object;
        this.host = host;
        this.methods = methods;
        this.path = path;
        this.headers = headers;
        this.request = request;
        this.response = response;
        this.privacy = privacy;
        this.javaMethod = javaMethod;
    }

    /**
     * Whether this rule covers the call. Cheap and allocation-free: it runs on the app thread.
     *
     * @param headerValues the request's values of {@link AgentConfig#matchedHeaderNames()}, or null when no rule names a header
     */
    public boolean matches(String httpMethod, URI uri, String[] headerValues) {
        if (path == null) {
            return false; // an SDK method endpoint: its calls come from its own instrumentation, never over HTTP
        }
        if (methods.length > 0 && !methodMatches(httpMethod)) {
            return false;
        }
        for (HeaderMatch header : headers) {
            if (!header.matches(headerValues)) {
                return false;
            }
        }
        return (host == null || host.matches(uri)) && path.matches(uri.getRawPath());
    }

    private boolean methodMatches(String httpMethod) {
        for (String method : methods) {
            if (method.equalsIgnoreCase(httpMethod)) {
                return true;
            }
        }
        return false;
    }

    /** The path template's variables for this call's URI (empty when the path does not match). */
    public Map<String, String> pathVariables(URI uri) {
        if (path == null) {
            return Map.of();
        }
        Map<String, String> values = path.extract(uri.getRawPath());
        return values == null ? Map.of() : values;
    }

    public String name() {
        return name;
    }

    /** The sync these rows belong to: the endpoint's own sync_id, else the config's. */
    public String syncId() {
        return syncId;
    }

    /** The destination name: the endpoint's own, else the sync's; null when neither is set. */
    public String destination() {
        return destination;
    }

    /** The destination object (e.g. contacts); null when not set. */
    public String object() {
        return object;
    }

    /** The Java method this endpoint captures, or null for an HTTP endpoint. */
    public JavaMethodRule javaMethod() {
        return javaMethod;
    }

    /** The path template; null for an SDK method endpoint. */
    public PathTemplate path() {
        return path;
    }

    public RequestSpec request() {
        return request;
    }

    public ResponseSpec response() {
        return response;
    }

    /**
     * What calls this endpoint captures, as a person reads it: {@code POST api.hubapi.com/crm/v3/objects/{id}} (with
     * its header tests), or the SDK method.
     *
     * @param headerNames {@link AgentConfig#matchedHeaderNames()}, which the header tests index
     */
    public String describe(String[] headerNames) {
        if (javaMethod != null) {
            return "calls of " + javaMethod;
        }
        StringBuilder text = new StringBuilder(methods.length == 0 ? "any method" : String.join("|", methods));
        text.append(' ').append(host == null ? "any host" : host.toString()).append(' ').append(path);
        for (HeaderMatch header : headers) {
            text.append(" with ").append(headerNames[header.slot()]).append(": ").append(header.value());
        }
        return text.toString();
    }

    /** The global privacy rules plus this endpoint's own. */
    public PrivacyRules privacy() {
        return privacy;
    }

    @Override
    public String toString() {
        return name;
    }
}
