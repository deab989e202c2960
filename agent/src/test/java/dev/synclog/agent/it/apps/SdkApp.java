package dev.synclog.agent.it.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.synclog.agent.it.apps.sdk.AcmeCrmClient;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.AcmeApiException;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Address;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.ContactRecord;

/**
 * A sync service that reaches its destination through {@link AcmeCrmClient}; prints what the SDK returned. With
 * {@code large-batch}, it also upserts 500 contacts at once.
 */
public final class SdkApp {
    public static void main(String[] args) {
        AcmeCrmClient crm = new AcmeCrmClient();
        List<Contact> contacts = List.of(
                new Contact("c1", "ann@example.com", "hunter2-SECRET-VALUE", new Address("Oslo", "+47 555 0101")),
                new Contact("c2", "bob@", "pw-of-bob", new Address("Bergen", null)));
        System.out.println("upsert: " + crm.batchUpsert(contacts));
        System.out.println("versions after: " + contacts.get(0).getVersion() + ", " + contacts.get(1).getVersion());

        ContactRecord[] gone = {
            new ContactRecord("r1", "old@example.com", List.of()),
            new ContactRecord("r2", "kept@example.com", List.of("vip", "locked")),
        };
        System.out.println("archive: " + crm.archive(gone));

        List<Map<String, Object>> events = List.of(event("e1", "signup"), event("e2", "upgrade"), event("e3", "churn"));
        try {
            crm.importEvents(events, 2);
        } catch (AcmeApiException e) {
            System.out.println("import failed: " + e.getMessage());
        }
        crm.importEvents(events.subList(0, 2), 2);
        System.out.println("import of 2: done");

        if (args.length > 0 && args[0].equals("large-batch")) {
            List<Contact> many = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                many.add(new Contact("bulk-" + i, "bulk" + i + "@example.com", "pw", new Address("Oslo", null)));
            }
            System.out.println("large upsert: " + crm.batchUpsert(many).size() + " results");
        }
    }

    private static Map<String, Object> event(String id, String name) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", name);
        properties.put("amount", new java.math.BigDecimal("1.50"));
        properties.put("password", "hunter2-SECRET-VALUE");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", id);
        event.put("properties", properties);
        return event;
    }
}
