package dev.synclog.agent.config;

import java.net.URI;

/**
 * Which hosts an endpoint covers: {@code api.hubapi.com} (exact), {@code *.hubapi.com} (any subdomain, not the bare
 * domain), optionally with {@code :port}. Case-insensitive and allocation-free, as it runs on the app thread.
 */
public final class HostMatcher {
    private final String written;
    private final String host;
    private final boolean anySubdomain;
    /** -1 when any port matches. */
    private final int port;

    private HostMatcher(String written, String host, boolean anySubdomain, int port) {
        this.written = written;
        this.host = host;
        this.anySubdomain = anySubdomain;
        this.port = port;
    }

    /** @throws IllegalArgumentException with "problem; fix" text */
    public static HostMatcher parse(String written) {
        String text = written.trim();
        if (text.contains("/") || text.contains("?")) {
            throw new IllegalArgumentException("host '" + written + "' contains a '/' or '?'"
                    + "; write only the host name (and :port), and put the path under match.path");
        }
        int port = -1;
        String host = text;
        int colon = text.lastIndexOf(':');
        boolean bracketedIpv6 = text.startsWith("[");
        if (colon > 0 && (!bracketedIpv6 || colon > text.indexOf(']'))) {
            String portText = text.substring(colon + 1);
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("host '" + written + "' has an invalid port '" + portText + "'"
                        + "; write a port from 1 to 65535, e.g. localhost:8080, or leave the port out to match any");
            }
            host = text.substring(0, colon);
        }
        boolean anySubdomain = host.startsWith("*.");
        String name = anySubdomain ? host.substring(1) : host; // keep the dot: ".hubapi.com"
        if (name.isEmpty() || name.equals(".") || name.indexOf('*') >= 0) {
            throw new IllegalArgumentException("host '" + written + "' is not a host name or '*.' suffix"
                    + "; write e.g. api.hubapi.com or *.hubapi.com ('*' only as the first label)");
        }
        return new HostMatcher(written, name, anySubdomain, port);
    }

    public boolean matches(URI uri) {
        String candidate = uri.getHost();
        if (candidate == null) {
            return false;
        }
        boolean hostMatches = anySubdomain
                ? candidate.length() > host.length()
                  && candidate.regionMatches(true, candidate.length() - host.length(), host, 0, host.length())
                : candidate.equalsIgnoreCase(host);
        return hostMatches && (port < 0 || port == effectivePort(uri));
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : -1;
    }

    @Override
    public String toString() {
        return written;
    }
}
