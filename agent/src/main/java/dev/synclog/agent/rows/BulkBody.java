package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.List;

/**
 * An Elasticsearch / OpenSearch {@code _bulk} body as one JSON array with a row an action, so that the usual row
 * pointers read it: the action line {@code {"index":{"_id":"42"}}} and the document line after it become
 * {@code {"action":"index","meta":{"_id":"42"},"document":{...}}}; a {@code delete} has no document line, so its row
 * has no {@code document}. A row is not one line, so {@code encoding: ndjson} cannot read this; lines are numbered as
 * sent, blank ones too, so that an error names the line the user sees.
 */
final class BulkBody {
    /** The actions of the {@code _bulk} API; all but {@code delete} are followed by a document line. */
    private static final List<String> ACTIONS = List.of("index", "create", "update", "delete");

    private BulkBody() {
    }

    /** The action line's name and where its object (the metadata) is in the line. */
    private record Action(String name, int metaStart, int metaEnd) {
    }

    static String rows(String text) throws UnreadableCallException {
        StringBuilder array = new StringBuilder(text.length() + 64).append('[');
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Action action = action(lines[i], i + 1);
            array.append(array.length() > 1 ? "," : "").append("{\"action\":\"").append(action.name())
                    .append("\",\"meta\":").append(lines[i], action.metaStart(), action.metaEnd());
            if (!action.name().equals("delete")) {
                int actionLine = i + 1;
                do {
                    i++;
                } while (i < lines.length && lines[i].isBlank());
                if (i == lines.length) {
                    throw new UnreadableCallException("request body (bulk line " + actionLine + ") is an '" + action.name()
                            + "' action with no document line after it; every index, create and update action line is"
                            + " followed by its document's line");
                }
                array.append(",\"document\":").append(lines[i], 0, BodyDecoder.endOfValue(lines[i], "bulk line " + (i + 1)));
            }
            array.append('}');
        }
        return array.append(']').toString();
    }

    private static Action action(String line, int number) throws UnreadableCallException {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME) {
                throw notAnAction(number);
            }
            String name = parser.currentName();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnAction(number);
            }
            int metaStart = (int) parser.currentTokenLocation().getCharOffset();
            parser.skipChildren();
            int metaEnd = (int) parser.currentLocation().getCharOffset();
            if (parser.nextToken() != JsonToken.END_OBJECT) {
                throw notAnAction(number);
            }
            if (!ACTIONS.contains(name)) {
                throw new UnreadableCallException("request body (bulk line " + number + ") has the action '" + name
                        + "', which is not one of " + String.join(", ", ACTIONS));
            }
            return new Action(name, metaStart, metaEnd);
        } catch (JsonProcessingException e) {
            throw new UnreadableCallException("request body (bulk line " + number + ") is not valid JSON: " + Json.parseProblem(e));
        } catch (IOException e) {
            throw new UnreadableCallException("request body (bulk line " + number + ") could not be read: " + e.getMessage());
        }
    }

    private static UnreadableCallException notAnAction(int number) {
        return new UnreadableCallException("request body (bulk line " + number + ") is not an action line: one object"
                + " with one member, the action, holding an object, e.g. {\"index\":{\"_index\":\"users\",\"_id\":\"42\"}}");
    }
}
