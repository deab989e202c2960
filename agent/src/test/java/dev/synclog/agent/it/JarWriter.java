package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Writes a jar as packaging tools do, for tests that run apps the way they are shipped: the test apps' class files,
 * other jars' entries, and whole jars nested uncompressed (as Spring Boot requires of {@code BOOT-INF/lib}). Every
 * folder gets its own entry, as in jars built by Maven: Spring Boot's launcher finds {@code BOOT-INF/classes/} by it.
 */
final class JarWriter implements AutoCloseable {
    private static final Path TEST_CLASSES = Path.of(System.getProperty("synclog.test.classes", "target/test-classes"));

    private final Path file;
    private final JarOutputStream out;
    private final Set<String> written = new HashSet<>();

    /** @param attributes the manifest's main attributes, name then value, e.g. {@code "Main-Class", "a.B"} */
    JarWriter(Path file, String... attributes) throws IOException {
        this.file = file;
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < attributes.length; i += 2) {
            manifest.getMainAttributes().putValue(attributes[i], attributes[i + 1]);
        }
        out = new JarOutputStream(Files.newOutputStream(file), manifest);
        written.add(JarFile.MANIFEST_NAME);
    }

    /**
     * The class file of a test class and those of its nested classes, under {@code folder} ("" for the jar's root,
     * or {@code BOOT-INF/classes/}).
     */
    JarWriter classes(String folder, Class<?> type) throws IOException {
        Path dir = TEST_CLASSES.resolve(type.getPackageName().replace('.', '/'));
        String simple = type.getName().substring(type.getPackageName().length() + 1);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(simple + ".class") || name.startsWith(simple + "$");
            }).toList();
        }
        assertThat(files).as("the class files of " + type.getName() + " in " + dir).isNotEmpty();
        for (Path f : files) {
            entry(folder + TEST_CLASSES.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), false);
        }
        return this;
    }

    /** Every entry of {@code jar} whose name starts with {@code prefix}, at the same place. */
    JarWriter entriesOf(Path jar, String prefix) throws IOException {
        try (JarFile source = new JarFile(jar.toFile())) {
            for (JarEntry e : source.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix)).toList()) {
                entry(e.getName(), source.getInputStream(e).readAllBytes(), false);
            }
        }
        return this;
    }

    /** {@code jar} whole, uncompressed, under {@code folder} with its file name. */
    JarWriter nestedJar(String folder, Path jar) throws IOException {
        entry(folder + jar.getFileName(), Files.readAllBytes(jar), true);
        return this;
    }

    JarWriter text(String name, String text) throws IOException {
        entry(name, text.getBytes(StandardCharsets.UTF_8), false);
        return this;
    }

    private void entry(String name, byte[] bytes, boolean stored) throws IOException {
        folders(name);
        assertThat(written.add(name)).as(name + " written twice to " + file).isTrue();
        JarEntry entry = new JarEntry(name);
        if (stored) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    private void folders(String name) throws IOException {
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            String folder = name.substring(0, slash + 1);
            if (written.add(folder)) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Closes the jar and returns its path, for callers that write a jar in one expression. */
    Path finish() throws IOException {
        close();
        return file;
    }
}
