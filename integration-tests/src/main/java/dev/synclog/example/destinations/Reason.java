package dev.synclog.example.destinations;

/** Why a destination refused a row: the stable code the ground truth files it under. */
public enum Reason {
    INVALID_EMAIL, AGE_OUT_OF_RANGE, DUPLICATE_ID, RATE_LIMITED, INTERNAL_ERROR, UNAUTHENTICATED
}
