package dev.synclog.agent.rows;

import java.util.List;

/**
 * A request's rows as they may be stored: ids hashed and fields protected by the privacy rules, fields as JSON text
 * (the request's own, or compact where rules applied); or why the request could not be read. Keeps what {@link CallInterpreter#answer} needs to read the response
 * (the raw ids to match results by, the values to scrub from reasons): that part stays in memory, never on disk.
 */
public record RequestRows(RowExtractor.Extracted extracted, FieldPrivacy privacy, String[] ids, String[] fieldsJson,
                          String unreadable) {
    static RequestRows unreadable(String why) {
        return new RequestRows(new RowExtractor.Extracted(List.of(), 0, null), null, new String[0], new String[0], why);
    }

    public int size() {
        return ids.length;
    }

    public String id(int row) {
        return ids[row];
    }

    public String op(int row) {
        return extracted.rows().get(row).op().wireName();
    }

    public String fields(int row) {
        return fieldsJson[row];
    }
}
