package dev.synclog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * A Spring Boot executable jar (or war) given to the check as the app's class path: what {@code java -jar app.jar}
 * loads, without unpacking it by hand. The app's classes are read in place from the folder the manifest names
 * ({@code Spring-Boot-Classes}); its libraries, nested whole in the folder named by {@code Spring-Boot-Lib}, are
 * copied out to an owner-only temporary directory first, since a jar inside a jar cannot be opened as one. The copies
 * are deleted on close.
 */
final class SpringBootJarClasses implements ClassFileLocator {
    private final JarFile jar;
    private final String classesFolder;
    private final Path libraryCopies;
    private final ClassFileLocator libraries;

    private SpringBootJarClasses(JarFile jar, String classesFolder, Path libraryCopies, ClassFileLocator libraries) {
        this.jar = jar;
        this.classesFolder = classesFolder;
        this.libraryCopies = libraryCopies;
        this.libraries = libraries;
    }

    /** @return the jar's classes and libraries, or empty when its manifest is not a Spring Boot one */
    static Optional<SpringBootJarClasses> open(Path file) throws IOException {
        JarFile jar = new JarFile(file.toFile(), false);
        Path copies = null;
        try {
            Manifest manifest = jar.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String classes = folder(main.getValue("Spring-Boot-Classes"));
            String lib = folder(main.getValue("Spring-Boot-Lib"));
            if (classes == null && lib == null) {
                jar.close();
                return Optional.empty();
            }
            copies = Files.createTempDirectory("synclog-check-");
            List<ClassFileLocator> libraries = new ArrayList<>();
            int copied = 0;
            for (Enumeration<JarEntry> entries = jar.entries(); lib != null && entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(lib) && entry.getName().endsWith(".jar") && !entry.isDirectory()) {
                    // Numbered: two folders' jars may share a name; the jar's own order is the launcher's.
                    Path copy = copies.resolve(copied++ + "-" + Path.of(entry.getName()).getFileName());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, copy);
                    }
                    libraries.add(ClassFileLocator.ForJarFile.of(copy.toFile()));
                }
            }
            return Optional.of(new SpringBootJarClasses(jar, classes, copies, new Compound(libraries)));
        } catch (IOException | RuntimeException e) {
            jar.close();
            deleteCopies(copies);
            throw new IOException("cannot read the Spring Boot jar " + file + " (" + AgentLog.describe(e) + ")", e);
        }
    }

    @Override
    public Resolution locate(String name) throws IOException {
        if (classesFolder != null) {
            JarEntry entry = jar.getJarEntry(classesFolder + name.replace('.', '/') + ".class");
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    return new Resolution.Explicit(in.readAllBytes());
                }
            }
        }
        return libraries.locate(name);
    }

    @Override
    public void close() throws IOException {
        try {
            libraries.close();
            jar.close();
        } finally {
            deleteCopies(libraryCopies);
        }
    }

    private static String folder(String attribute) {
        return attribute == null || attribute.isBlank() ? null : attribute.endsWith("/") ? attribute : attribute + "/";
    }

    private static void deleteCopies(Path copies) throws IOException {
        if (copies == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(copies)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
