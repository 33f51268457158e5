package dev.cairn.testing;

import dev.cairn.store.AtomicFiles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Gives each Quarkus test run its own store folder and secret key, and removes the folder afterwards. */
public class CairnTestResource implements QuarkusTestResourceLifecycleManager {

    private Path store;

    @Override
    public Map<String, String> start() {
        try {
            store = Files.createTempDirectory("cairn-test-store-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of("cairn.store.path", store.toString(),
                "cairn.secret-key", Base64.getEncoder().encodeToString(key));
    }

    @Override
    public void stop() {
        try {
            AtomicFiles.deleteTree(store);
        } catch (IOException ignored) {
            // a temp folder; the OS cleans it eventually
        }
    }
}
