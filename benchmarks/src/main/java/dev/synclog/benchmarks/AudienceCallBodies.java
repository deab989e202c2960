package dev.synclog.benchmarks;

/**
 * The bodies of one audience call of {@code rows} members, all accepted, as the agent's hot-path benchmarks send and
 * read them: a request to {@code /v1/audiences/{audience}/members:add} and its index-aligned results.
 */
final class AudienceCallBodies {
    private AudienceCallBodies() {
    }

    static String request(int rows) {
        return request(rows, 0);
    }

    /** Members {@code C(1000000 + firstMember)} on: a job's calls each send rows of their own. */
    static String request(int rows, long firstMember) {
        StringBuilder members = new StringBuilder("{\"members\":[");
        for (int i = 0; i < rows; i++) {
            members.append(i == 0 ? "" : ",").append("{\"id\":\"C").append(1_000_000 + firstMember + i)
                    .append("\",\"email\":\"person.").append(i).append("@example.com\",\"plan\":\"pro\",\"age\":42}");
        }
        return members.append("]}").toString();
    }

    static String response(int rows) {
        StringBuilder results = new StringBuilder("{\"results\":[");
        for (int i = 0; i < rows; i++) {
            results.append(i == 0 ? "" : ",").append("{\"ok\":true}");
        }
        return results.append("]}").toString();
    }
}
