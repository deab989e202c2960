package dev.synclog.agent.rows;

/**
 * A header's {@code name=value} parameters, as a Content-Type carries its charset and boundary and a multipart form's
 * part names itself: read leniently, since a body is decoded whatever the client's spelling.
 */
final class HeaderParameters {
    private HeaderParameters() {
    }

    /**
     * The value of the parameter {@code name} (matched in any case) in {@code header}: {@code name=value} up to a
     * {@code ;} or white space, or {@code name="value"} (an unclosed quote runs to the end); null when the header is
     * null or has no such parameter. A name only counts after a separator: {@code filename=} is not {@code name=}.
     */
    static String parameter(String header, String name) {
        if (header == null) {
            return null;
        }
        String key = name + "=";
        for (int at = 0; at + key.length() <= header.length(); at++) {
            if (header.regionMatches(true, at, key, 0, key.length()) && (at == 0 || separates(header.charAt(at - 1)))) {
                return value(header, at + key.length());
            }
        }
        return null;
    }

    private static boolean separates(char c) {
        return c == ';' || c == ' ' || c == '\t';
    }

    private static String value(String header, int from) {
        int start = from;
        while (start < header.length() && (header.charAt(start) == ' ' || header.charAt(start) == '\t')) {
            start++;
        }
        if (start < header.length() && header.charAt(start) == '"') {
            int end = header.indexOf('"', start + 1);
            return end < 0 ? header.substring(start + 1) : header.substring(start + 1, end);
        }
        int end = start;
        while (end < header.length() && header.charAt(end) != ';' && !Character.isWhitespace(header.charAt(end))) {
            end++;
        }
        return header.substring(start, end);
    }
}
