package dev.synclog.agent.instrumentation.sdkmethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.synclog.agent.config.CallbackMethods;
import org.junit.jupiter.api.Test;

/**
 * The wrapper an SDK method gets for the app's callback: the outcome it reports for each shape of callback method, and
 * that the app's callback gets the same calls, answers and exceptions through it.
 */
class RecordingCallbackTest {
    /** Kafka's shape: one method, the result and the exception side by side. */
    interface Completion {
        void onCompletion(String metadata, Exception exception);
    }

    /** Two methods, one per outcome; and one that is not a report. */
    interface Outcomes {
        void onSuccess(List<String> results);

        void onFailure(IOException failure) throws IOException;

        int priority();
    }

    /** The shape many vendor SDKs have: progress before the outcome, and a failure that is not a {@code Throwable}. */
    interface Progress {
        void onProgress(int percent);

        void onSuccess(List<String> results);

        void onError(String code, Map<String, String> details);
    }

    private final List<String> reports = new ArrayList<>();

    private Object wrap(Class<?> type, Object appCallback) {
        return wrap(type, CallbackMethods.ANY_VOID, appCallback);
    }

    private Object wrap(Class<?> type, CallbackMethods names, Object appCallback) {
        RecordingCallback callback = new RecordingCallback(type, new CallbackRoles(names).of(type), appCallback,
                (key, value, failure, valueIsFailure) -> reports.add(key + " " + value + " " + failure
                        + (valueIsFailure ? " (failure)" : "")));
        callback.awaits(7);
        return callback.proxy();
    }

    @Test
    void aNonNullThrowableFailsTheCallElseTheFirstOtherArgumentIsItsResult() {
        List<String> heard = new ArrayList<>();
        Completion wrapped = (Completion) wrap(Completion.class, (Completion) (m, e) -> heard.add(m + " " + e));

        wrapped.onCompletion("topic-0@42", null);
        wrapped.onCompletion("topic-0@-1", new IllegalStateException("too large"));

        assertThat(reports).containsExactly("7 topic-0@42 null", "7 null java.lang.IllegalStateException: too large");
        assertThat(heard).containsExactly("topic-0@42 null", "topic-0@-1 java.lang.IllegalStateException: too large");
    }

    @Test
    void eachMethodOfATwoMethodCallbackReportsItsOwnOutcome() throws IOException {
        Outcomes app = new Outcomes() {
            @Override
            public void onSuccess(List<String> results) {
            }

            @Override
            public void onFailure(IOException failure) throws IOException {
                throw failure; // the app's callback rethrows: the SDK must get it as before
            }

            @Override
            public int priority() {
                return 5;
            }
        };
        Outcomes wrapped = (Outcomes) wrap(Outcomes.class, app);

        wrapped.onSuccess(List.of("OK"));
        IOException refused = new IOException("refused");
        assertThat(catchThrowable(() -> wrapped.onFailure(refused))).isSameAs(refused);
        assertThat(wrapped.priority()).as("a method returning a value is passed through, not a report").isEqualTo(5);

        assertThat(reports).containsExactly("7 [OK] null", "7 null java.io.IOException: refused");
    }

    @Test
    void withNamesOnlyTheNamedMethodsReportAndTheOthersOnlyReachTheApp() {
        List<String> heard = new ArrayList<>();
        Progress app = new Progress() {
            @Override
            public void onProgress(int percent) {
                heard.add("progress " + percent);
            }

            @Override
            public void onSuccess(List<String> results) {
                heard.add("success " + results);
            }

            @Override
            public void onError(String code, Map<String, String> details) {
                heard.add("error " + code + " " + details);
            }
        };
        Progress wrapped = (Progress) wrap(Progress.class, new CallbackMethods("onSuccess", "onError", null), app);

        wrapped.onProgress(50);
        wrapped.onSuccess(List.of("OK"));
        wrapped.onError(null, Map.of("message", "quota"));
        wrapped.onError(null, null);

        assertThat(reports).as("the failure method reports its first non-null argument as the failure").containsExactly(
                "7 [OK] null", "7 {message=quota} null (failure)", "7 null null (failure)");
        assertThat(heard).containsExactly("progress 50", "success [OK]", "error null {message=quota}", "error null null");
    }

    @Test
    void aThrowableStillFailsANamedMethodAndOneNameAloneLeavesTheOtherMethodsToTheApp() throws IOException {
        Outcomes wrapped = (Outcomes) wrap(Outcomes.class, new CallbackMethods(null, "onFailure", null), null);

        wrapped.onSuccess(List.of("OK"));
        wrapped.onFailure(new IOException("refused"));

        assertThat(reports).containsExactly("7 null java.io.IOException: refused");
    }

    @Test
    void withoutNamesEveryVoidMethodReportsItsResultAsBefore() {
        Progress wrapped = (Progress) wrap(Progress.class, null);

        wrapped.onProgress(50);
        wrapped.onError("E42", null);

        assertThat(reports).as("the limit the names lift: progress reads as the result").containsExactly(
                "7 50 null", "7 E42 null");
    }

    @Test
    void objectMethodsAnswerAsTheAppsCallbackAndANullOneAsNull() {
        BiConsumer<String, String> app = new BiConsumer<>() {
            @Override
            public void accept(String a, String b) {
            }

            @Override
            public String toString() {
                return "the app's callback";
            }

            @Override
            public int hashCode() {
                return 42;
            }
        };
        Object wrapped = wrap(BiConsumer.class, app);
        assertThat(wrapped.toString()).isEqualTo("the app's callback");
        assertThat(wrapped.hashCode()).isEqualTo(42);
        assertThat(wrapped).isEqualTo(wrapped).isNotEqualTo(wrap(BiConsumer.class, app));
        assertThat(wrapped.equals(app)).isTrue();

        Outcomes forNull = (Outcomes) wrap(Outcomes.class, null);
        assertThat(String.valueOf(forNull)).isEqualTo("null");
        assertThat(forNull.hashCode()).isZero();
        assertThat(forNull.priority()).isZero();
        forNull.onSuccess(List.of("OK"));
        assertThat(reports).containsExactly("7 [OK] null");
    }
}
