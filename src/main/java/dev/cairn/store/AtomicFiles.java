package dev.cairn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes that a crash cannot leave half done: temp file, fsync, rename, fsync of the folder. */
public final class AtomicFiles {

    private AtomicFiles() {}

    public static void write(Path target, String content) throws IOException {
        Path temp = stage(target, content);
        try {
            publish(temp, target);
        } finally {
            deleteQuietly(temp);
        }
        syncFolder(target.getParent());
    }

    /**
     * Writes the content, synced, to a hidden temp file next to {@code target} and returns it; nothing is visible
     * until {@link #publish}. On failure (a full or read-only disk) no temp file is left and the cause is thrown.
     */
    public static Path stage(Path target, String content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writeSynced(temp, content);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Renames a staged file over its target in one step; needs no free space. */
    public static void publish(Path staged, Path target) throws IOException {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a temp file if it is there; a failure here must not hide the error that made it a leftover. */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a hidden temp file is never read as a script
        }
    }

    public static void writeSynced(Path file, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(file,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /** Makes a rename inside {@code folder} durable. */
    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
