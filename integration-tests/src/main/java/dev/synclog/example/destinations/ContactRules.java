package dev.synclog.example.destinations;

import java.util.regex.Pattern;

/** The validation both destinations apply to a contact, as vendors do, before accepting it. */
final class ContactRules {
    static final int MIN_AGE = 0;
    static final int MAX_AGE = 120;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private ContactRules() {
    }

    static boolean validEmail(String email) {
        return email != null && EMAIL.matcher(email).matches();
    }

    static boolean ageInRange(String age) {
        try {
            int value = Integer.parseInt(age);
            return value >= MIN_AGE && value <= MAX_AGE;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
