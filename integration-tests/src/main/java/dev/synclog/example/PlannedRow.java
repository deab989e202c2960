package dev.synclog.example;

import java.util.Map;

/** One row operation of a run, and how it changes what the service remembers once the destination accepts it. */
public record PlannedRow(Op op, Contact contact) {

    void applyTo(Map<String, Contact> sent) {
        if (op == Op.REMOVED) {
            sent.remove(contact.id());
        } else {
            sent.put(contact.id(), contact);
        }
    }
}
