package dev.synclog.agent.instrumentation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import dev.synclog.agent.AgentLog;
import dev.synclog.events.OwnerOnly;

/**
 * Classes as the instrumentations transformed them, kept on disk so that later starts of the same service define them
 * at once, without waiting for Byte Buddy (its set-up, about 1,000 classes, is what the app's first call otherwise
 * waits for): the JDK's clients, and the app classes the config names ({@link ConfiguredClasses}). An entry is named
 * after a hash of the class's original bytes, of the agent's build and of what of the config decides the class's
 * transformation: another JDK, another agent, a class another agent changed first, a changed app class or a config
 * edit that changes the transformation is simply a miss. Entry names begin with a hash of the build alone, so that a
 * start can tell whether this build cached anything before any class loads, then with one of the class's name and
 * those config inputs, so that it can tell whether this config's app classes were cached. The directory is the
 * owner's only, like the queue it sits in; an unreadable or damaged entry is a miss.
 *
 * <p>Entries of other builds (and unprefixed ones, from before build prefixes) are never read again by this agent:
 * the first entry this process writes, which only a start that missed writes, deletes them, so that upgrades do not
 * pile classes up beside the queue; an entry also replaces those of the same class and config inputs (the class's
 * earlier bytes: an app redeployed, a JDK updated). A warm start writes nothing and so pays nothing for it.
 */
final class TransformCache {
    /** An entry begins with the SHA-256 of the class it holds, so that a damaged entry is a miss, not a broken class. */
    private static final int CHECKSUM_LENGTH = 32;

    private final Path dir;
    private final String build;
    private final String buildPrefix;
    private boolean pruned;

    /** @param build says which agent made the entries: its version and the jar's size and time */
    TransformCache(Path dir, String build) {
        this.dir = dir;
        this.build = build;
        this.buildPrefix = HexFormat.of().formatHex(sha256().digest(build.getBytes(StandardCharsets.UTF_8)), 0, 8) + "-";
    }

    /**
     * True when an earlier start of this build cached a class: then the JDK's clients most likely come from here,
     * and Byte Buddy is set up only when a class the cache cannot serve appears.
     */
    boolean holdsEntriesOfThisBuild() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, buildPrefix + "*.class")) {
            return entries.iterator().hasNext();
        } catch (IOException | RuntimeException noCacheYet) {
            return false;
        }
    }

    /** Whether an earlier start of this build cached the named class for these config inputs (whatever its bytes). */
    boolean holdsEntryOf(String className, String inputs) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, classPrefix(className, inputs) + "*.class")) {
            return entries.iterator().hasNext();
        } catch (IOException | RuntimeException noCacheYet) {
            return false;
        }
    }

    /**
     * @param className as a transformer receives it
     * @param inputs    what, besides its bytes and the agent's build, decides the class's transformation
     */
    byte[] get(String className, String inputs, byte[] original) {
        try {
            byte[] entry = Files.readAllBytes(dir.resolve(entryName(className, inputs, original)));
            if (entry.length > CHECKSUM_LENGTH) {
                byte[] transformed = Arrays.copyOfRange(entry, CHECKSUM_LENGTH, entry.length);
                if (Arrays.equals(sha256().digest(transformed), 0, CHECKSUM_LENGTH, entry, 0, CHECKSUM_LENGTH)) {
                    return transformed;
                }
            }
            AgentLog.warn("the class cache entry for " + className.replace('/', '.') + " in " + dir
                    + " is damaged; it is transformed anew and the entry replaced");
            return null;
        } catch (NoSuchFileException miss) {
            return null;
        } catch (IOException | RuntimeException e) {
            AgentLog.failure("reading the class cache in " + dir, e);
            return null;
        }
    }

    void put(String className, String inputs, byte[] original, byte[] transformed) {
        try {
            if (!Files.isDirectory(dir.getParent())) {
                return; // no queue directory: the journal could not create it, so this start does not cache
            }
            OwnerOnly.createDirectories(dir);
            pruneOtherBuilds();
            String name = entryName(className, inputs, original);
            Path entry = dir.resolve(name);
            Path partial = Files.createTempFile(dir, "partial", ".tmp");
            try (OutputStream out = Files.newOutputStream(partial)) {
                out.write(sha256().digest(transformed));
                out.write(transformed);
            }
            try {
                Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING);
            }
            pruneEarlierBytesOf(className, inputs, name);
        } catch (IOException | RuntimeException e) {
            AgentLog.failure("writing the class cache in " + dir + " (later starts wait for Byte Buddy instead)", e);
        }
    }

    private void pruneOtherBuilds() throws IOException {
        synchronized (this) {
            if (pruned) {
                return;
            }
            pruned = true;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                entry -> entry.getFileName().toString().endsWith(".class")
                        && !entry.getFileName().toString().startsWith(buildPrefix))) {
            for (Path stale : entries) {
                Files.deleteIfExists(stale);
            }
        }
    }

    private void pruneEarlierBytesOf(String className, String inputs, String kept) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, classPrefix(className, inputs) + "*.class")) {
            for (Path earlier : entries) {
                if (!earlier.getFileName().toString().equals(kept)) {
                    Files.deleteIfExists(earlier);
                }
            }
        }
    }

    private String classPrefix(String className, String inputs) {
        MessageDigest sha = sha256();
        sha.update(className.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return buildPrefix + HexFormat.of().formatHex(sha.digest(inputs.getBytes(StandardCharsets.UTF_8)), 0, 8) + "-";
    }

    private String entryName(String className, String inputs, byte[] original) {
        MessageDigest sha = sha256();
        for (String part : new String[] {build, className, inputs}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return classPrefix(className, inputs) + HexFormat.of().formatHex(sha.digest(original)) + ".class";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
