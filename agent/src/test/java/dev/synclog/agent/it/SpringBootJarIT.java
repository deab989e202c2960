package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.OkHttpSendApp;
import dev.synclog.agent.it.apps.PluginHostApp;
import dev.synclog.agent.it.apps.RunsApp;
import dev.synclog.agent.it.apps.SdkApp;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Services shipped as Spring Boot executable jars, run as {@code java -jar app.jar}: the app's classes under
 * {@code BOOT-INF/classes}, its libraries nested whole in {@code BOOT-INF/lib}, all loaded by Spring Boot's own class
 * loader, not the system one. The jars are put together here in the layout Spring Boot documents, with its real
 * launcher ({@code spring-boot-loader}, copied by the pom); the apps are those other tests run from the class path.
 * Then a plugin in a child {@code URLClassLoader} of its host.
 */
class SpringBootJarIT {
    private static final Path APP_LIBS = Path.of(System.getProperty("synclog.app.libs", "target/app-libs"));
    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";
    private static final String[] MODES = {"sync", "async", "sync-gzip", "async-gzip"};

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

    private static List<Path> okHttp() throws Exception {
        List<String> versions = LibraryVersions.of("synclog.okhttp.versions");
        return LibraryVersions.jars("okhttp", versions.get(versions.size() - 1));
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

    @ParameterizedTest
    @MethodSource("springBootVersions")
    void okHttpNestedInTheJarIsCapturedOnceAndTheAppReadsItsBodies(String springBoot) throws Exception {
        Path jar = springBootJar(springBoot, OkHttpSendApp.class, okHttp(), OkHttpSendApp.class);
        String[] args = ClientLibraryFixture.sendArgs(work, destination.url(ClientLibraryFixture.PATH), MODES);
        AgentProcess.Result with = AgentProcess.withConfig(ClientLibraryFixture.config(work, "")).runJar(work, jar, args).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, jar, args).assertOk();

        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(MODES.length).allMatch(l -> l.contains(" RESPONSE 200 "));
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyInAnyOrderElementsOf(ClientLibraryFixture.rowsOf(MODES.length));
        assertThat(events.calls).hasSize(MODES.length).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(200));
    }

    @Test
    void aRunMethodOnAClassInBootInfClassesStartsAndEndsRuns() throws Exception {
        destination.on("/batch", (req, n) -> Response.json(200, "{}"));
        Path jar = springBootJar(newestSpringBoot(), RunsApp.class, List.of(), RunsApp.class);
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
        Path jar = springBootJar(newestSpringBoot(), SdkApp.class, List.of(sdk), SdkApp.class);
        Path config = Files.writeString(work.resolve("synclog.yaml"), SdkMethodsIT.config(work.resolve("queue")));
        AgentProcess.Result with = AgentProcess.withConfig(config).runJar(work, jar).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, jar).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains("import failed: rate limited");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.calls).extracting(CallCompleted::endpoint)
                .containsExactly("contacts-upsert", "contacts-archive", "events-import", "events-import");
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(SdkMethodsIT.ROWS);
    }

    @Test
    void okHttpInAPluginsChildClassLoaderIsCaptured() throws Exception {
        Path host = new JarWriter(work.resolve("host.jar"), "Main-Class", PluginHostApp.class.getName())
                .classes("", PluginHostApp.class).finish();
        List<String> pluginPath = new ArrayList<>(List.of(
                new JarWriter(work.resolve("plugin.jar")).classes("", OkHttpSendApp.class).finish().toString()));
        okHttp().forEach(j -> pluginPath.add(j.toAbsolutePath().toString()));
        List<String> args = new ArrayList<>(List.of(String.join(File.pathSeparator, pluginPath), OkHttpSendApp.class.getName()));
        args.addAll(List.of(ClientLibraryFixture.sendArgs(work, destination.url(ClientLibraryFixture.PATH), MODES)));
        AgentProcess.Result with = AgentProcess.withConfig(ClientLibraryFixture.config(work, ""))
                .runJar(work, host, args.toArray(new String[0])).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().runJar(work, host, args.toArray(new String[0])).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout()).startsWith("plugin main loaded by plugin\n");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        assertThat(RecordedEvents.read(work.resolve("queue")).rows).extracting(RecordedEvents::line)
                .containsExactlyInAnyOrderElementsOf(ClientLibraryFixture.rowsOf(MODES.length));
    }

    /**
     * A Spring Boot executable jar as its build plugins write it: the launcher's classes at the root, named by
     * {@code Main-Class}; the app's under {@code BOOT-INF/classes}, its main class named by {@code Start-Class}; its
     * libraries stored whole (uncompressed, as the launcher requires) in {@code BOOT-INF/lib}, listed in order in
     * {@code BOOT-INF/classpath.idx}.
     */
    private Path springBootJar(String springBoot, Class<?> startClass, List<Path> libraries, Class<?>... appClasses)
            throws Exception {
        JarWriter jar = new JarWriter(work.resolve("app-" + springBoot + ".jar"),
                "Main-Class", "org.springframework.boot.loader.launch.JarLauncher",
                "Start-Class", startClass.getName(),
                "Spring-Boot-Version", springBoot,
                "Spring-Boot-Classes", CLASSES,
                "Spring-Boot-Lib", LIB,
                "Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
        jar.entriesOf(APP_LIBS.resolve("spring-boot-loader/spring-boot-loader-" + springBoot + ".jar"), "org/springframework/boot/loader/");
        jar.classes(CLASSES, appClasses);
        StringBuilder index = new StringBuilder();
        for (Path library : libraries) {
            jar.nestedJar(LIB, library);
            index.append("- \"").append(LIB).append(library.getFileName()).append("\"\n");
        }
        return jar.text("BOOT-INF/classpath.idx", index.toString()).finish();
    }
}
