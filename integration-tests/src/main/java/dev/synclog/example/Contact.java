package dev.synclog.example;

import java.util.List;

/** One row of the source {@code contacts} table, as the sync service reads it and remembers having sent it. */
public record Contact(String id, String email, String firstName, String lastName, String plan, int age,
                      boolean inAudience) {

    public Contact withEmail(String newEmail) {
        return new Contact(id, newEmail, firstName, lastName, plan, age, inAudience);
    }

    public Contact withLastName(String newLastName) {
        return new Contact(id, email, firstName, newLastName, plan, age, inAudience);
    }

    public Contact withPlan(String newPlan) {
        return new Contact(id, email, firstName, lastName, newPlan, age, inAudience);
    }

    public Contact withAge(int newAge) {
        return new Contact(id, email, firstName, lastName, plan, newAge, inAudience);
    }

    public Contact withInAudience(boolean member) {
        return new Contact(id, email, firstName, lastName, plan, age, member);
    }

    public static List<String> ids(List<Contact> contacts) {
        return contacts.stream().map(Contact::id).toList();
    }
}
