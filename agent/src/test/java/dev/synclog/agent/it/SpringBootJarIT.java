package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.ApacheHttp4SendApp;
import dev.synclog.agent.it.apps.ApacheSendApp;
import dev.synclog.agent.it.apps.OkHttpSendApp;
import dev.synclog.agent.it.apps.OperationHeader;
import dev.synclog.agent.it.apps.PluginHostApp;
import dev.synclog.agent.it.apps.RunsApp;
import dev.synclog.agent.it.apps.SdkApp;
import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Services shipped as Spring Boot executable jars, run as {@code java -jar app.jar}: the app's classes under
 * {@code BOOT-INF/classes}, its libraries nested whole in {@code BOOT-INF/lib}, all loaded by Spring Boot's own class
 * loader, not the system one. The jars are put together here in the layout Spring Boot documents, with its real
 * launcher ({@code spring-boot-loader} 2.7, 3.5 and 4.0, copied by the pom); the apps are those other tests run from
 * the class path. Then a plugin in a child {@code URLClassLoader} of its host.
 */
class SpringBootJarIT {
    private static final Path APP_LIBS = Path.of(System.getProperty("synclog.app.libs", "target/app-libs"));
    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";
    private static final Client OKHTTP = new Client("okhttp", "synclog.okhttp.versions", OkHttpSendApp.class,
            "sync", "async", "sync-gzip", "async-gzip");
    private static final Client APACHE = new Client("httpclient5", "synclog.httpclient5.versions", ApacheSendApp.class,
            "execute:bytes", "handler-context:gzip", "execute-host:stream");
    private static final Client APACHE_4 = new Client("httpclient4", "synclog.httpclient4.versions", ApacheHttp4SendApp.class,
            "execute:bytes", "handler-context:gzip", "legacy:stream");

    @TempDir
    Path work;
    private LoopbackDestination destination;

    static List<String> springBootVersions() {
        return LibraryVersions.of("synclog.spring-boot-loader.versions");
    }

    private static String newestSpringBoot() {
        List<String> versions = springBootVersions();
        return versions.get(versions.size() - 1);
    }

    /** Each launcher with OkHttp nested in the jar; the newest with Apache HttpClient 5 and 4 too. */
    static Stream<Arguments> launchersAndClients() {
        return Stream.concat(springBootVersions().stream().map(v -> Arguments.of(v, OKHTTP)),
                Stream.of(Arguments.of(newestSpringBoot(), APACHE), Arguments.of(newestSpringBoot(), APACHE_4)));
    }

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        destination.on(ClientLibraryFixture.PATH, (req, n) -> Response.json(200, ClientLibraryFixture.RESULTS));
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    @ParameterizedTest(name = "Spring Boot {0}, {1}")
    @MethodSource("launchersAndClients")
    void aClientNestedInTheJarIsCapturedOnceAndTheAppReadsItsBodies(String springBoot, Client client) throws Exception {
        Path jar = springBootJar(springBoot, client.app(), client.jars());
        String[] args = ClientLibraryFixture.sendArgs(work, destination.url(ClientLibraryFixture.PATH), client.calls());
        AgentProcess.Result with = AgentProcess.withConfig(ClientLibraryFixture.config(work, "")).runJar(work, jar, args).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, jar, args).assertOk();

        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(client.calls().length).allMatch(l -> l.contains(" RESPONSE 200 "));
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::line)
                .containsExactlyInAnyOrderElementsOf(ClientLibraryFixture.rowsOf(client.calls().length));
        assertThat(events.calls).hasSize(client.calls().length).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(200));
    }

    /**
     * Once the class cache holds the JDK's client (a service that used it before), Byte Buddy sets up only for a
     * class it alone instruments: a client library nested in the jar is found by its jar's name at start, so that
     * its first class does not wait for all of the set-up.
     */
    @Test
    void onALaterStartAClientNestedInTheJarStartsByteBuddyAhead() throws Exception {
        Path config = ClientLibraryFixture.config(work, "");
        String url = destination.url(ClientLibraryFixture.PATH);
        String[] args = ClientLibraryFixture.sendArgs(work, url, OKHTTP.calls());
        String body = args[2];
        for (int start = 0; start < 2; start++) { // the second start is the first sure to fill the cache (ClassCacheIT)
            AgentProcess.withConfig(config).run(work, SendApp.class, "jdk", "POST", url, "application/json", "-", body).assertOk();
        }
        Path jar = springBootJar(newestSpringBoot(), OkHttpSendApp.class, OKHTTP.jars());
        AgentProcess.Result later = AgentProcess.withConfig(config).jvmOption("-Dsynclog.debug=true").runJar(work, jar, args).assertOk();

        String okHttpJar = OKHTTP.jars().stream().map(j -> j.getFileName().toString()).filter(j -> j.startsWith("okhttp"))
                .findFirst().orElseThrow();
        assertThat(later.stderr()).contains("found BOOT-INF/lib/" + okHttpJar + " in the app's Spring Boot jar: Byte Buddy sets up now")
                .contains("instrumented okhttp3.OkHttpClient").doesNotContain("a first start").doesNotContain("internal error");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        String lastRun = events.runsStarted.get(events.runsStarted.size() - 1).runId();
        assertThat(events.rows).filteredOn(r -> r.runId().equals(lastRun)).extracting(RecordedEvents::line)
                .containsExactlyInAnyOrderElementsOf(ClientLibraryFixture.rowsOf(OKHTTP.calls().length));
    }

    @Test
    void aRunMethodOnAClassInBootInfClassesStartsAndEndsRuns() throws Exception {
        destination.on("/batch", (req, n) -> Response.json(200, "{}"));
        Path jar = springBootJar(newestSpringBoot(), RunsApp.class, List.of());
        Path config = Files.writeString(work.resolve("synclog.yaml"), RunsIT.config(work.resolve("queue")));
        AgentProcess.Result with = AgentProcess.withConfig(config).runJar(work, jar, destination.url("/batch")).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, jar, destination.url("/batch")).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains("run 3 failed: source table locked");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RunsIT.assertThreeRunsOwnTheirCalls(RecordedEvents.read(work.resolve("queue")));
    }

    @Test
    void anSdkMethodInANestedJarIsCaptured() throws Exception {
        Path sdk = new JarWriter(work.resolve("acme-crm-sdk-1.0.jar")).classes("", AcmeCrmClient.class).finish();
        Path jar = springBootJar(newestSpringBoot(), SdkApp.class, List.of(sdk));
        Path config = Files.writeString(work.resolve("synclog.yaml"), SdkMethodsIT.config(work.resolve("queue")));
        AgentProcess.Result with = AgentProcess.withConfig(config).runJar(work, jar).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, jar).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains("import failed: rate limited");
        assertThat(with.agentLines()).hasSize(2).endsWith(SdkMethodsIT.NEVER_LOADED)
                .first().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.calls).extracting(CallCompleted::endpoint)
                .containsExactly("contacts-upsert", "contacts-archive", "events-import", "events-import");
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(SdkMethodsIT.ROWS);
    }

    /**
     * {@code check --class-path app.jar} reads a Spring Boot jar as its launcher loads it: the run method's class from
     * {@code BOOT-INF/classes}, the SDK from a jar nested in {@code BOOT-INF/lib}. Only what is wrong is said (a misspelt
     * run method, a class in neither), and the copies of the nested jars are gone afterwards.
     */
    @Test
    void theCheckReadsTheClassesAndNestedJarsOfASpringBootJar() throws Exception {
        Path sdk = new JarWriter(work.resolve("acme-crm-sdk-1.0.jar")).classes("", AcmeCrmClient.class).finish();
        Path jar = springBootJar(newestSpringBoot(), SdkApp.class, List.of(sdk));
        Path config = Files.writeString(work.resolve("synclog.yaml"), SdkMethodsIT.config(work.resolve("queue"))
                + "runs: {method: " + SdkApp.class.getName() + "#mian}\n");
        Path temporary = Files.createDirectories(work.resolve("tmp"));

        AgentProcess.Result check = AgentProcess.withConfig(config).jvmOption("-Djava.io.tmpdir=" + temporary)
                .check(work, "--class-path", jar.toString());

        assertThat(check.exitCode()).as(check.stderr()).isEqualTo(3);
        assertThat(check.stderr().lines()).hasSize(2);
        assertThat(check.stderr().lines().toList().get(0)).startsWith("synclog: WARNING: runs.method: "
                + SdkApp.class.getName() + " has no method 'mian' with a body");
        assertThat(check.stderr().lines().toList().get(1)).startsWith("synclog: WARNING: com.acme.crm.NeverLoadedApi,"
                + " named by endpoint 'never-loaded', is not on the class path given");
        try (Stream<Path> left = Files.list(temporary)) {
            assertThat(left).as("copies of the nested jars").isEmpty();
        }
    }

    @Test
    void okHttpInAPluginsChildClassLoaderIsCaptured() throws Exception {
        Path host = new JarWriter(work.resolve("host.jar"), "Main-Class", PluginHostApp.class.getName())
                .classes("", PluginHostApp.class).finish();
        List<String> pluginPath = new ArrayList<>(List.of(
                new JarWriter(work.resolve("plugin.jar")).classes("", OkHttpSendApp.class).classes("", OperationHeader.class)
                        .finish().toString()));
        OKHTTP.jars().forEach(j -> pluginPath.add(j.toAbsolutePath().toString()));
        List<String> args = new ArrayList<>(List.of(String.join(File.pathSeparator, pluginPath), OkHttpSendApp.class.getName()));
        args.addAll(List.of(ClientLibraryFixture.sendArgs(work, destination.url(ClientLibraryFixture.PATH), OKHTTP.calls())));
        AgentProcess.Result with = AgentProcess.withConfig(ClientLibraryFixture.config(work, ""))
                .runJar(work, host, args.toArray(new String[0])).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, host, args.toArray(new String[0])).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout()).startsWith("plugin main loaded by plugin\n");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        assertThat(RecordedEvents.read(work.resolve("queue")).rows).extracting(RecordedEvents::line)
                .containsExactlyInAnyOrderElementsOf(ClientLibraryFixture.rowsOf(OKHTTP.calls().length));
    }

    /**
     * A Spring Boot executable jar as its build plugins write it: the launcher's classes at the root, named by
     * {@code Main-Class}; the app's main class (with its nested classes) under {@code BOOT-INF/classes}, named by
     * {@code Start-Class}; its libraries stored whole (uncompressed, as the launcher requires) in {@code BOOT-INF/lib},
     * listed in order in {@code BOOT-INF/classpath.idx}.
     */
    private Path springBootJar(String springBoot, Class<?> startClass, List<Path> libraries) throws Exception {
        // Spring Boot 3.2 rewrote the launcher, in a package of its own; 2.x jars, still common, name the old one.
        String launcher = springBoot.startsWith("2.") ? "org.springframework.boot.loader.JarLauncher"
                : "org.springframework.boot.loader.launch.JarLauncher";
        JarWriter jar = new JarWriter(work.resolve("app-" + springBoot + ".jar"),
                "Main-Class", launcher,
                "Start-Class", startClass.getName(),
                "Spring-Boot-Version", springBoot,
                "Spring-Boot-Classes", CLASSES,
                "Spring-Boot-Lib", LIB,
                "Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
        jar.entriesOf(APP_LIBS.resolve("spring-boot-loader/spring-boot-loader-" + springBoot + ".jar"), "org/springframework/boot/loader/");
        // The send apps share OperationHeader; the other apps do not mind it.
        jar.classes(CLASSES, startClass).classes(CLASSES, OperationHeader.class);
        StringBuilder index = new StringBuilder();
        for (Path library : libraries) {
            jar.nestedJar(LIB, library);
            index.append("- \"").append(LIB).append(library.getFileName()).append("\"\n");
        }
        return jar.text("BOOT-INF/classpath.idx", index.toString()).finish();
    }

    /** A client library's send app and the calls it makes; the library at its newest tested version. */
    record Client(String library, String versionsProperty, Class<?> app, String... calls) {
        List<Path> jars() throws Exception {
            List<String> versions = LibraryVersions.of(versionsProperty);
            return LibraryVersions.jars(library, versions.get(versions.size() - 1));
        }

        @Override
        public String toString() {
            return library;
        }
    }
}
