package dev.synclog.agent.instrumentation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.synclog.agent.AgentLog;
import dev.synclog.events.OwnerOnly;

/**
 * The JDK's client classes as the instrumentations transformed them, kept on disk so that later starts of the
 * same service define them at once, without waiting for Byte Buddy (its set-up, about 1,000 classes, is what
 * the app's first call otherwise waits for). An entry is named after a hash of the class's original bytes and
 * of the agent's build: another JDK, another agent or a class another agent changed first is simply a miss.
 * Entry names begin with a hash of the build alone, so that a start can tell whether this build cached anything
 * before any class loads. The directory is the owner's only, like the queue it sits in; an unreadable entry is a
 * miss.
 *
 * <p>Entries of other builds (and unprefixed ones, from before build prefixes) are never read again by this agent:
 * the first entry this process writes, which only a start that missed writes, deletes them, so that upgrades do not
 * pile classes up beside the queue. A warm start writes nothing and so pays nothing for it.
 */
final class TransformCache {
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

    byte[] get(byte[] original) {
        try {
            return Files.readAllBytes(dir.resolve(key(original)));
        } catch (NoSuchFileException miss) {
            return null;
        } catch (IOException | RuntimeException e) {
            AgentLog.failure("reading the class cache in " + dir, e);
            return null;
        }
    }

    void put(byte[] original, byte[] transformed) {
        try {
            if (!Files.isDirectory(dir.getParent())) {
                return; // no queue directory: the journal could not create it, so this start does not cache
            }
            OwnerOnly.createDirectories(dir);
            pruneOtherBuilds();
            Path entry = dir.resolve(key(original));
            Path partial = Files.createTempFile(dir, "partial", ".tmp");
            Files.write(partial, transformed);
            try {
                Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING);
            }
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

    private String key(byte[] original) {
        MessageDigest sha = sha256();
        sha.update(build.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return buildPrefix + HexFormat.of().formatHex(sha.digest(original)) + ".class";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
