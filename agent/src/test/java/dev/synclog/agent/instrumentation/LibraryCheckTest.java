package dev.synclog.agent.instrumentation;

import static dev.synclog.agent.instrumentation.LibraryCheck.declaredMethod;
import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.synclog.agent.AgentStderr;
import org.junit.jupiter.api.Test;

/** The check reads the library's class files in the given loader (OkHttp 4.12 is on the test class path). */
class LibraryCheckTest {
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void declaredInheritedAndInterfaceMethodsFit() {
        LibraryCheck check = new LibraryCheck("okhttp", "okhttp3.OkHttpClient", "OkHttp 4.x or 5.x",
                method("okhttp3.OkHttpClient$Builder", "interceptors"),
                method("okhttp3.Interceptor$Chain", "proceed", "okhttp3.Request"),
                method("okhttp3.RequestBody", "isOneShot"),
                method("okio.Buffer", "copyTo", "java.io.OutputStream", "long", "long"),
                method("okhttp3.OkHttpClient", "hashCode"),
                type("okio.ForwardingSink"));
        assertThat(AgentStderr.of(() -> assertThat(check.fits(loader)).isTrue())).isEmpty();
    }

    @Test
    void whatIsMissingIsSaidOnceForTheLoader() {
        LibraryCheck check = new LibraryCheck("okhttp", "okhttp3.OkHttpClient", "OkHttp 4.x or 5.x",
                method("okhttp3.RequestBody", "isOneShot"),
                method("okhttp3.RequestBody", "isOneShot", "int"),
                type("okhttp3.NoSuchThing"));
        String stderr = AgentStderr.of(() -> {
            assertThat(check.fits(loader)).isFalse();
            assertThat(check.fits(loader)).isFalse();
        });
        assertThat(stderr.lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("synclog: okhttp instrumentation disabled for okhttp-4.12.0: ")
                .endsWith(": okhttp3.RequestBody.isOneShot(int), class okhttp3.NoSuchThing missing; calls through it are"
                        + " not recorded. Fix: use OkHttp 4.x or 5.x, or set capture.instrumentation.okhttp: false to"
                        + " silence this line"));
    }

    /** A hooked method must be the class's own: the type matcher does not see an inherited one. */
    @Test
    void aHookedMethodMustBeDeclaredNotInherited() {
        LibraryCheck declared = new LibraryCheck("okhttp", "okhttp3.OkHttpClient", "OkHttp 4.x or 5.x",
                declaredMethod("okhttp3.RequestBody", "isOneShot"));
        LibraryCheck inherited = new LibraryCheck("okhttp", "okhttp3.OkHttpClient", "OkHttp 4.x or 5.x",
                declaredMethod("okhttp3.OkHttpClient", "hashCode"));
        String stderr = AgentStderr.of(() -> {
            assertThat(declared.fits(loader)).isTrue();
            assertThat(inherited.fits(loader)).isFalse();
        });
        assertThat(stderr.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains(": okhttp3.OkHttpClient.hashCode() declared there (an inherited one is not hooked) missing; "));
    }
}
