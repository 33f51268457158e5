package dev.cairn.store;

import dev.cairn.config.CairnConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store folder ({@code cairn.store.path}): repos' migrations at its top, Cairn's own state (registrations, run
 * history) under {@code .cairn/}, which no repo id can name.
 */
@ApplicationScoped
public class StoreFolder {

    private final Path root;

    public StoreFolder(CairnConfig config) {
        this.root = Path.of(config.store().path()).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code .cairn/<name>}, where Cairn keeps one kind of its own state. */
    public Path state(String name) {
        return root.resolve(".cairn").resolve(name);
    }

    /** True when the store folder can be listed and written, for the readiness check. */
    public boolean writable() {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
