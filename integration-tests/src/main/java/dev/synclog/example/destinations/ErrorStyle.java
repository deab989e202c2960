package dev.synclog.example.destinations;

/** How an API words and shapes its call-level errors (HubSpot and Google differ). */
interface ErrorStyle {

    /** The API's usual text for 401, 429 and 500. */
    String standardMessage(int httpStatus);

    Object body(int httpStatus, String message);
}
