package dev.synclog.agent.it.apps.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake vendor SDK with typed objects, as {@code SdkMethodsIT} captures it: beans in, an index-aligned result list
 * out; records in, errors keyed by id out; maps in, an exception when the "API" refuses. No network.
 */
public final class AcmeCrmClient {

    /** Upserts contacts; one result per contact, in order. Delegates to the overload, as SDKs do. */
    public List<UpsertResult> batchUpsert(List<Contact> contacts) {
        return batchUpsert(contacts, 3);
    }

    public List<UpsertResult> batchUpsert(List<Contact> contacts, int maxRetries) {
        List<UpsertResult> results = new ArrayList<>();
        for (Contact contact : contacts) {
            results.add(resultOf(contact));
            contact.setVersion(contact.getVersion() + 1); // the SDK changes the app's objects once sent
        }
        return results;
    }

    /** What the fake CRM answers for one contact: OK, or INVALID for a malformed email. */
    static UpsertResult resultOf(Contact contact) {
        boolean valid = contact.getEmail().contains("@") && !contact.getEmail().endsWith("@");
        return valid ? new UpsertResult("OK", null) : new UpsertResult("INVALID", "email is malformed");
    }

    /** Archives contacts; the errors of those it could not archive, keyed by id. */
    public Map<String, ApiError> archive(ContactRecord[] records) {
        Map<String, ApiError> errors = new LinkedHashMap<>();
        for (ContactRecord record : records) {
            if (record.tags().contains("locked")) {
                errors.put(record.id(), new ApiError("LOCKED", "contact " + record.id() + " is locked"));
            }
        }
        return errors;
    }

    /** Imports events; the whole batch is refused when it holds more than {@code limit} rows. */
    public void importEvents(List<Map<String, Object>> events, int limit) {
        if (events.size() > limit) {
            throw new AcmeApiException("rate limited: " + events.size() + " events over the limit of " + limit);
        }
    }

    public static final class Contact {
        private final String id;
        private final String email;
        private final String password;
        private int version;
        private final Address address;

        public Contact(String id, String email, String password, Address address) {
            this.id = id;
            this.email = email;
            this.password = password;
            this.address = address;
        }

        public String getId() {
            return id;
        }

        public String getEmail() {
            return email;
        }

        public String getPassword() {
            return password;
        }

        public int getVersion() {
            return version;
        }

        public void setVersion(int version) {
            this.version = version;
        }

        public boolean isActive() {
            return true;
        }

        public Address getAddress() {
            return address;
        }

        /** Not a getter (takes an argument): never called by the agent. */
        public String getGreeting(String salutation) {
            throw new AssertionError("the agent called a method that is not a getter");
        }

        /** Not a getter (no get/is prefix): never called by the agent. */
        public String describe() {
            throw new AssertionError("the agent called a method that is not a getter");
        }
    }

    /** Read through its public fields. */
    public static final class Address {
        public final String city;
        public final String phone;

        public Address(String city, String phone) {
            this.city = city;
            this.phone = phone;
        }
    }

    public record ContactRecord(String id, String email, List<String> tags) {
    }

    public static final class UpsertResult {
        private final String status;
        private final String message;

        UpsertResult(String status, String message) {
            this.status = status;
            this.message = message;
        }

        public String getStatus() {
            return status;
        }

        public String getMessage() {
            return message;
        }

        @Override
        public String toString() {
            return status + (message == null ? "" : " (" + message + ")");
        }
    }

    public record ApiError(String code, String message) {
    }

    public static final class AcmeApiException extends RuntimeException {
        public AcmeApiException(String message) {
            super(message);
        }
    }
}
