package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code multipart/form-data} form's text fields, as {@code encoding: form} reads an urlencoded one: Meta's business
 * SDK posts every call this way, {@code payload} one part among {@code access_token} and others. File parts (those
 * with a {@code filename}) are uploads, not fields, and are left out.
 */
final class MultipartForm {
    private MultipartForm() {
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19);
    }

    static ObjectNode fields(String text, String contentType) throws UnreadableCallException {
        String delimiter = "--" + boundary(contentType);
        ObjectNode fields = Json.MAPPER.createObjectNode();
        int at = text.indexOf(delimiter);
        if (at < 0) {
            throw new UnreadableCallException("request body has no part that starts with the boundary its Content-Type"
                    + " names (" + contentType + "), so it is not a valid multipart form");
        }
        while (true) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) {
                return fields; // the closing delimiter
            }
            int headersEnd = text.indexOf("\r\n\r\n", partStart);
            int next = text.indexOf("\r\n" + delimiter, partStart);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw new UnreadableCallException("request body's multipart form is cut short or malformed after"
                        + " character " + partStart + " (a part without headers, or no closing boundary)");
            }
            String headers = text.substring(partStart, headersEnd);
            String name = HeaderParameters.parameter(headers, "name");
            if (name != null && HeaderParameters.parameter(headers, "filename") == null) {
                BodyDecoder.addFormField(fields, name, text.substring(headersEnd + 4, next));
            }
            at = next + 2;
        }
    }

    private static String boundary(String contentType) throws UnreadableCallException {
        String boundary = HeaderParameters.parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new UnreadableCallException("request Content-Type " + contentType + " names no boundary, so its"
                    + " multipart form cannot be read");
        }
        return boundary;
    }
}
