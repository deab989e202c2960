package dev.synclog.example;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The outcome of one batch call: the rows the destination refused, with its reason; every other row succeeded. */
public record BatchResult(Map<String, String> failureByRowId) {

    public static BatchResult allSucceeded() {
        return new BatchResult(Map.of());
    }

    public static BatchResult allFailed(Collection<String> rowIds, String reason) {
        return new BatchResult(rowIds.stream().collect(Collectors.toMap(id -> id, id -> reason)));
    }

    public Optional<String> failureOf(String rowId) {
        return Optional.ofNullable(failureByRowId.get(rowId));
    }
}
