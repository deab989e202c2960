package dev.synclog.agent.rows;

import java.util.List;

/**
 * A request's rows as they may be stored: ids hashed and fields protected by the privacy rules, fields as JSON text
 * (the request's own, or compact where rules applied); or why the request could not be read. Keeps what
 * {@link CallInterpreter#answer} needs to read the response (the raw ids to match results by, the values to scrub
 * from reasons): that part stays in memory, never on disk. Texts stay spans of the body where the scanner read them
 * ({@link TextColumn}).
 *
 * @param storedIds the ids as stored
 */
public record RequestRows(RowExtractor.Extracted extracted, FieldPrivacy privacy, TextColumn storedIds,
                          String unreadable) {
    static RequestRows unreadable(String why) {
        return new RequestRows(new RowExtractor.Extracted(List.of(), 0, null), null, TextColumn.of(), why);
    }

    public int size() {
        return storedIds.size();
    }

    public String id(int row) {
        return storedIds.text(row);
    }

    public String op(int row) {
        return extracted.rows().op(row).wireName();
    }

    public String fields(int row) {
        return extracted.rows().fields().text(row);
    }

    /** The fields as stored. */
    public TextColumn storedFields() {
        return extracted.rows().fields();
    }
}
