package dev.cairn.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.CairnConfig;
import dev.cairn.engine.Migrator;
import dev.cairn.engine.RunLocks;
import dev.cairn.engine.RunObserver;
import dev.cairn.repos.PasswordCipher;
import dev.cairn.repos.Repo;
import dev.cairn.repos.TargetPools;
import dev.cairn.runs.RunHistory;
import dev.cairn.scripts.AtomicFiles;
import dev.cairn.scripts.ScriptStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The engine wired by hand, without Quarkus or HTTP, over a fresh store folder. */
public final class Engine implements AutoCloseable {

    public final Path storeDir;
    public final ScriptStore store;
    public final TargetPools pools;
    public final Migrator migrator;

    public Engine() {
        try {
            storeDir = Files.createTempDirectory("cairn-store-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CairnConfig config = config(storeDir.toString(), Optional.empty());
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        store = new ScriptStore(config, json);
        pools = new TargetPools(config, new PasswordCipher(config));
        migrator = new Migrator(store, pools, new RunLocks(), new RunHistory(store, json),
                new RunObserver(new SimpleMeterRegistry()), config);
    }

    /** A repo on the given database of the server, with an optional prefix. */
    public Repo repo(String id, TestServer server, String database, String prefix, boolean createSchema) {
        return new Repo(id, server.url(database), server.user(), null, null, prefix, createSchema, Map.of());
    }

    @Override
    public void close() throws IOException {
        pools.closeAll();
        AtomicFiles.deleteTree(storeDir);
    }

    /** Cairn's defaults, with the given store and secret key. */
    public static CairnConfig config(String storePath, Optional<String> secretKey) {
        return new CairnConfig() {
            public Store store() {
                return () -> storePath;
            }

            public Pool pool() {
                return new Pool() {
                    public int maxSize() {
                        return 4;
                    }

                    public Duration acquireTimeout() {
                        return Duration.ofSeconds(10);
                    }

                    public Duration connectTimeout() {
                        return Duration.ofSeconds(5);
                    }

                    public Duration idleTimeout() {
                        return Duration.ofMinutes(5);
                    }
                };
            }

            public Lock lock() {
                return () -> Duration.ofSeconds(60);
            }

            public Auth auth() {
                return new Auth() {
                    public boolean enabled() {
                        return false;
                    }

                    public Optional<java.util.List<String>> tokens() {
                        return Optional.empty();
                    }
                };
            }

            public Demo demo() {
                return () -> false;
            }

            public Optional<String> secretKey() {
                return secretKey;
            }

            public long maxBodyBytes() {
                return 5 << 20;
            }
        };
    }
}
