package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * Which methods of a callback interface report a call's outcome ({@code response.callback_result},
 * {@code callback_failure}): with neither named, every {@code void} method does; with either named, only the named ones,
 * and the interface's other methods (an {@code onProgress(int)}) are the app's alone.
 *
 * @param result        the method whose call is the call's result (a non-null {@code Throwable} argument still fails it);
 *                      null = none named
 * @param failure       the method whose call fails every row, whatever its arguments; null = none named
 * @param failureReason inside the first non-null argument of {@code failure} (read as JSON): the rows' failure text;
 *                      null = that argument as compact JSON
 */
public record CallbackMethods(String result, String failure, JsonPointer failureReason) {
    /** Nothing named: the first call of any {@code void} method reports. */
    public static final CallbackMethods ANY_VOID = new CallbackMethods(null, null, null);

    public boolean named() {
        return result != null || failure != null;
    }
}
