package dev.synclog.example.destinations;

/** What the destinations do to a batch instead of processing it. */
enum Fault {
    NONE, THROTTLE, FAIL
}
