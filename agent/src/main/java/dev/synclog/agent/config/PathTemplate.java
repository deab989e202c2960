package dev.synclog.agent.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A URL path with variables, e.g. {@code /v2/accounts/{id}} or {@code /v1/audiences/{audienceId}/members:add}.
 * A variable matches one non-empty part of a segment, never a '/'; literal text may surround it inside a segment
 * ({@code /v1/{name}:batchUpdate}). One trailing '/' on the request path is tolerated; the query is never looked at.
 * {@link #matches} runs on the app thread for every HTTP call, so it walks the string without allocating.
 */
public final class PathTemplate {
    private final String template;
    /** Per segment: parts alternating as they were written; a variable part is stored as null in {@code literals}. */
    private final String[][] literals;
    private final String[][] variableNames;
    private final List<String> variables;

    private PathTemplate(String template, String[][] literals, String[][] variableNames, List<String> variables) {
        this.template = template;
        this.literals = literals;
        this.variableNames = variableNames;
        this.variables = variables;
    }

    /** @throws IllegalArgumentException with "problem; fix" text */
    public static PathTemplate compile(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template '" + template + "' does not start with '/'"
                    + "; write the URL path from its first '/', without scheme, host or query, e.g. /v2/accounts/{id}");
        }
        String body = template.length() > 1 && template.endsWith("/") ? template.substring(1, template.length() - 1) : template.substring(1);
        String[] segments = body.isEmpty() ? new String[0] : body.split("/", -1);
        String[][] literals = new String[segments.length][];
        String[][] names = new String[segments.length][];
        List<String> variables = new ArrayList<>();
        for (int s = 0; s < segments.length; s++) {
            if (segments[s].isEmpty()) {
                throw new IllegalArgumentException("path template '" + template + "' has an empty segment ('//')"
                        + "; remove the doubled '/'");
            }
            List<String> partLiterals = new ArrayList<>();
            List<String> partNames = new ArrayList<>();
            splitSegment(template, segments[s], partLiterals, partNames, variables);
            literals[s] = partLiterals.toArray(new String[0]);
            names[s] = partNames.toArray(new String[0]);
        }
        return new PathTemplate(template, literals, names, Collections.unmodifiableList(variables));
    }

    private static void splitSegment(String template, String segment, List<String> partLiterals, List<String> partNames,
                                     List<String> variables) {
        int i = 0;
        boolean previousWasVariable = false;
        while (i < segment.length()) {
            int open = segment.indexOf('{', i);
            int strayClose = segment.indexOf('}', i);
            if (strayClose >= 0 && (open < 0 || strayClose < open)) {
                throw new IllegalArgumentException("path template '" + template + "' has a '}' without '{'"
                        + "; write variables as {name}, e.g. /v2/accounts/{id}");
            }
            if (open < 0) {
                partLiterals.add(segment.substring(i));
                partNames.add(null);
                return;
            }
            if (open > i) {
                partLiterals.add(segment.substring(i, open));
                partNames.add(null);
                previousWasVariable = false;
            }
            int close = segment.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("path template '" + template + "' has an unclosed '{'"
                        + "; write variables as {name}, e.g. /v2/accounts/{id}");
            }
            String name = segment.substring(open + 1, close);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("path template '" + template + "' has an invalid variable name '{" + name + "}'"
                        + "; use letters, digits and '_', starting with a letter, e.g. {accountId}");
            }
            if (previousWasVariable) {
                throw new IllegalArgumentException("path template '" + template + "' has two variables with nothing between them"
                        + "; put literal text between variables, or use one variable");
            }
            if (variables.contains(name)) {
                throw new IllegalArgumentException("path template '" + template + "' uses the variable {" + name + "} twice"
                        + "; give each variable its own name");
            }
            variables.add(name);
            partLiterals.add(null);
            partNames.add(name);
            previousWasVariable = true;
            i = close + 1;
        }
    }

    public String template() {
        return template;
    }

    /** Variable names in order of appearance. */
    public List<String> variables() {
        return variables;
    }

    /** Whether the raw (still percent-encoded) path matches. Allocation-free. */
    public boolean matches(String rawPath) {
        return walk(rawPath, null);
    }

    /** The variables' percent-decoded values, or null when the path does not match. */
    public Map<String, String> extract(String rawPath) {
        Map<String, String> values = new LinkedHashMap<>();
        return walk(rawPath, values) ? values : null;
    }

    private boolean walk(String rawPath, Map<String, String> values) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return literals.length == 0 && (rawPath == null || rawPath.isEmpty());
        }
        int end = rawPath.length();
        if (end > 1 && rawPath.charAt(end - 1) == '/') {
            end--;
        }
        int pos = 1;
        for (int s = 0; s < literals.length; s++) {
            if (pos > end) {
                return false;
            }
            int slash = rawPath.indexOf('/', pos);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            if (!matchSegment(rawPath, pos, segmentEnd, literals[s], variableNames[s], values)) {
                return false;
            }
            pos = segmentEnd + 1;
        }
        return pos > end || (literals.length == 0 && end == 1);
    }

    private static boolean matchSegment(String path, int start, int end, String[] literals, String[] names,
                                        Map<String, String> values) {
        int pos = start;
        for (int p = 0; p < literals.length; p++) {
            String literal = literals[p];
            if (literal != null) {
                if (!path.startsWith(literal, pos) || pos + literal.length() > end) {
                    return false;
                }
                pos += literal.length();
                continue;
            }
            // A variable runs up to the next literal part (or the segment's end) and must not be empty.
            int valueEnd;
            if (p + 1 < literals.length) {
                valueEnd = path.indexOf(literals[p + 1], pos + 1);
                if (valueEnd < 0 || valueEnd >= end) {
                    return false;
                }
            } else {
                valueEnd = end;
            }
            if (valueEnd <= pos) {
                return false;
            }
            if (values != null) {
                values.put(names[p], URLDecoder.decode(path.substring(pos, valueEnd).replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            pos = valueEnd;
        }
        return pos == end;
    }

    @Override
    public String toString() {
        return template;
    }
}
