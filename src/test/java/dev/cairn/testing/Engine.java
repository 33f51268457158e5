package dev.cairn.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.CairnConfig;
import dev.cairn.ledger.KnownLedgers;
import dev.cairn.migration.ScriptStore;
import dev.cairn.observe.RepoGauges;
import dev.cairn.observe.RunLog;
import dev.cairn.observe.RunMetrics;
import dev.cairn.repo.Repo;
import dev.cairn.run.DirtyResolver;
import dev.cairn.run.RunEvents;
import dev.cairn.run.RunHistory;
import dev.cairn.run.RunListener;
import dev.cairn.run.RunLocks;
import dev.cairn.run.Runner;
import dev.cairn.set.MigrationSets;
import dev.cairn.security.PasswordCipher;
import dev.cairn.status.StatusReader;
import dev.cairn.store.AtomicFiles;
import dev.cairn.store.StoreFolder;
import dev.cairn.target.TargetPasswords;
import dev.cairn.target.TargetPools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/** The engine wired by hand, without Quarkus or HTTP, over a fresh store folder. */
public final class Engine implements AutoCloseable {

    public final Path storeDir;
    public final ScriptStore store;
    public final TargetPools pools;
    public final RunLocks locks;
    public final Runner runner;
    public final StatusReader status;
    public final DirtyResolver resolver;

    /** @param listeners told of every run, besides the history, log and metrics */
    public Engine(RunListener... listeners) {
        this(store -> config(store, Optional.empty()), listeners);
    }

    /** @param configForStore Cairn's settings, given the fresh store folder's path */
    public Engine(Function<String, CairnConfig> configForStore, RunListener... listeners) {
        try {
            storeDir = Files.createTempDirectory("cairn-store-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CairnConfig config = configForStore.apply(storeDir.toString());
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        StoreFolder folder = new StoreFolder(config);
        store = new ScriptStore(folder, json);
        pools = new TargetPools(config, new TargetPasswords(new PasswordCipher(config)), ForkJoinPool.commonPool());
        locks = new RunLocks();
        RunHistory history = new RunHistory(folder, json);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RepoGauges gauges = new RepoGauges(meters);
        KnownLedgers knownLedgers = new KnownLedgers();
        List<RunListener> all = new ArrayList<>(List.of(history, new RunLog(), new RunMetrics(meters)));
        all.addAll(List.of(listeners));
        RunEvents events = new RunEvents(all);
        MigrationSets sets = new MigrationSets(folder, json);
        runner = new Runner(store, sets, pools, locks, events, gauges, knownLedgers, config);
        status = new StatusReader(store, pools, locks, gauges, knownLedgers, sets);
        resolver = new DirtyResolver(store, pools, locks, history, config);
    }

    /** A repo on the given database of the server, with an optional prefix. */
    public Repo repo(String id, TestServer server, String database, String prefix, boolean createSchema) {
        return new Repo(id, server.url(database), server.user(), null, null, prefix, createSchema, Map.of());
    }

    /**
     * A second repo on the same database under another spelling of the server (localhost vs 127.0.0.1), so only
     * the database lock, not the in-process one, stands between runs of the two.
     */
    public static Repo twinOf(Repo repo, String id) {
        String url = repo.url().contains("localhost") ? repo.url().replace("localhost", "127.0.0.1")
                : repo.url().replace("127.0.0.1", "localhost");
        return new Repo(id, url, repo.username(), null, null, repo.prefix(), repo.createSchema(), Map.of());
    }

    @Override
    public void close() throws IOException {
        pools.closeAll();
        AtomicFiles.deleteTree(storeDir);
    }

    /** Cairn's defaults, with the given store and secret key. */
    public static CairnConfig config(String storePath, Optional<String> secretKey) {
        return config(storePath, secretKey, pool(4, OptionalInt.empty(), Duration.ofSeconds(10)));
    }

    /** A TLS profile ({@code cairn.tls.<name>}); {@code cert} and {@code key} may be null. */
    public static CairnConfig.Tls tls(Path ca, Path cert, Path key) {
        return new CairnConfig.Tls() {
            public String ca() {
                return ca.toString();
            }

            public Optional<String> cert() {
                return Optional.ofNullable(cert).map(Path::toString);
            }

            public Optional<String> key() {
                return Optional.ofNullable(key).map(Path::toString);
            }
        };
    }

    /** The pool settings of {@link #config}, with these three of them. */
    public static CairnConfig.Pool pool(int maxSize, OptionalInt concurrentReads, Duration acquireTimeout) {
        return new CairnConfig.Pool() {
            public int maxSize() {
                return maxSize;
            }

            public OptionalInt concurrentReads() {
                return concurrentReads;
            }

            public Duration acquireTimeout() {
                return acquireTimeout;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration idleTimeout() {
                return Duration.ofMinutes(5);
            }
        };
    }

    public static CairnConfig config(String storePath, Optional<String> secretKey, CairnConfig.Pool pool) {
        return config(storePath, secretKey, pool, Map.of());
    }

    /** {@link #config(String, Optional, CairnConfig.Pool)} with these TLS profiles ({@code cairn.tls.*}). */
    public static CairnConfig config(String storePath, Optional<String> secretKey, CairnConfig.Pool pool,
                                     Map<String, CairnConfig.Tls> tls) {
        return config(storePath, secretKey, pool, tls, Optional.empty());
    }

    /** ... and these {@code cairn.targets.allowed-hosts}. */
    public static CairnConfig config(String storePath, Optional<String> secretKey, CairnConfig.Pool pool,
                                     Map<String, CairnConfig.Tls> tls, Optional<List<String>> allowedHosts) {
        return new CairnConfig() {
            public Store store() {
                return () -> storePath;
            }

            public Pool pool() {
                return pool;
            }

            public Lock lock() {
                return () -> Duration.ofSeconds(60);
            }

            public Run run() {
                return new Run() {
                    public Optional<Duration> lockTimeout() {
                        return Optional.empty();
                    }

                    public int lockRetries() {
                        return 0;
                    }

                    public Duration retryBackoff() {
                        return Duration.ofMillis(50);
                    }

                    public Optional<Duration> statementTimeout() {
                        return Optional.empty();
                    }

                    public boolean warmUp() {
                        return false;
                    }
                };
            }

            public Auth auth() {
                return new Auth() {
                    public boolean enabled() {
                        return false;
                    }

                    public Optional<java.util.List<String>> tokens() {
                        return Optional.empty();
                    }

                    public boolean openMetrics() {
                        return false;
                    }

                    public Jwt jwt() {
                        return new Jwt() {
                            public Optional<String> issuer() {
                                return Optional.empty();
                            }

                            public Optional<String> audience() {
                                return Optional.empty();
                            }

                            public Optional<String> keys() {
                                return Optional.empty();
                            }

                            public Optional<java.util.List<String>> grants() {
                                return Optional.empty();
                            }
                        };
                    }
                };
            }

            public Demo demo() {
                return () -> false;
            }

            public Optional<String> secretKey() {
                return secretKey;
            }

            public Map<String, Tls> tls() {
                return tls;
            }

            public Targets targets() {
                return () -> allowedHosts;
            }

            public Map<String, Webhook> webhooks() {
                return Map.of();
            }

            public long maxBodyBytes() {
                return 5 << 20;
            }
        };
    }
}
