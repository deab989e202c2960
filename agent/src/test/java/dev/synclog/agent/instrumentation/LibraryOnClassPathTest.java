package dev.synclog.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import dev.synclog.agent.instrumentation.apachehttp4.ApacheHttp4Instrumentation;
import dev.synclog.agent.instrumentation.apachehttp4async.ApacheHttpAsync4Instrumentation;
import dev.synclog.agent.instrumentation.apachehttp5.ApacheHttp5Instrumentation;
import dev.synclog.agent.instrumentation.okhttp.OkHttpInstrumentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a client library by its jar's name among those nested in a Spring Boot executable jar (SpringBootJarIT runs one). */
class LibraryOnClassPathTest {
    private static final List<ClientInstrumentation> LIBRARIES = List.of(new OkHttpInstrumentation(), new ApacheHttp5Instrumentation(),
            new ApacheHttp4Instrumentation(), new ApacheHttpAsync4Instrumentation());

    @TempDir
    Path work;

    @Test
    void aLibraryJarInTheFolderTheManifestNamesIsFound() throws IOException {
        Path jar = jar("BOOT-INF/lib/", "BOOT-INF/lib/jackson-core-2.17.2.jar", "BOOT-INF/lib/httpclient5-5.6.5.jar");
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, jar.toString()))
                .isEqualTo("BOOT-INF/lib/httpclient5-5.6.5.jar in the app's Spring Boot jar");
        Path apache4 = jar("BOOT-INF/lib/", "BOOT-INF/lib/httpcore-4.4.16.jar", "BOOT-INF/lib/httpclient-4.5.14.jar");
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, apache4.toString()))
                .isEqualTo("BOOT-INF/lib/httpclient-4.5.14.jar in the app's Spring Boot jar");
        Path elasticsearch = jar("BOOT-INF/lib/", "BOOT-INF/lib/elasticsearch-rest-client-9.5.6.jar",
                "BOOT-INF/lib/httpcore-nio-4.4.16.jar", "BOOT-INF/lib/httpasyncclient-4.1.5.jar");
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, elasticsearch.toString()))
                .isEqualTo("BOOT-INF/lib/httpasyncclient-4.1.5.jar in the app's Spring Boot jar");
        Path war = jar("WEB-INF/lib/", "WEB-INF/lib/okhttp-jvm-5.5.1.jar");
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, war.toString()))
                .isEqualTo("WEB-INF/lib/okhttp-jvm-5.5.1.jar in the app's Spring Boot jar");
    }

    @Test
    void anythingElseIsNoHeadStart() throws IOException {
        Path otherLibraries = jar("BOOT-INF/lib/", "BOOT-INF/lib/jackson-core-2.17.2.jar", "BOOT-INF/classes/okhttp-notes.jar");
        Path notSpringBoot = jar(null, "lib/okhttp-4.12.0.jar");
        Path springBoot = jar("BOOT-INF/lib/", "BOOT-INF/lib/okhttp-4.12.0.jar");
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, otherLibraries.toString())).isNull();
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, notSpringBoot.toString())).isNull();
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, springBoot + File.pathSeparator + notSpringBoot))
                .as("a class path of more than the jar: not run with java -jar").isNull();
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, work.resolve("missing.jar").toString())).isNull();
        assertThat(LibraryOnClassPath.nestedLibrary(LIBRARIES, Files.writeString(work.resolve("broken.jar"), "not a zip").toString()))
                .isNull();
    }

    /** A jar with these (empty) entries; {@code springBootLib}: its manifest's Spring-Boot-Lib, or null for none. */
    private Path jar(String springBootLib, String... entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (springBootLib != null) {
            manifest.getMainAttributes().putValue("Spring-Boot-Lib", springBootLib);
        }
        Path file = Files.createTempFile(work, "app", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.closeEntry();
            }
        }
        return file;
    }
}
