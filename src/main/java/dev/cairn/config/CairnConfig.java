package dev.cairn.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every Cairn setting, under {@code cairn.*}; the README's configuration table mirrors this. */
@ConfigMapping(prefix = "cairn")
public interface CairnConfig {

    Store store();

    Pool pool();

    Lock lock();

    Run run();

    Demo demo();

    Auth auth();

    /**
     * TLS profiles by name ({@code cairn.tls.<name>.ca|cert|key}): the files Cairn reads to reach a target over TLS.
     * A registration names one with {@code "tls": "<name>"}, so the operator, not an API caller, decides which files
     * of Cairn's host are read.
     */
    Map<String, Tls> tls();

    Targets targets();

    /**
     * Webhooks by name ({@code cairn.webhooks.<name>.url|events|secret}): where Cairn POSTs a signed JSON document
     * when a run or fleet run ends.
     */
    Map<String, Webhook> webhooks();

    /**
     * Base64 of a 256-bit AES key. Literal target passwords are encrypted with it before they touch disk;
     * without it only {@code passwordEnv} registrations are accepted.
     */
    Optional<String> secretKey();

    /** Largest request body accepted, in bytes. */
    @WithDefault("5242880")
    long maxBodyBytes();

    interface Webhook {
        /** Where to POST, {@code http://} or {@code https://}. */
        String url();

        /**
         * Which events: {@code run-succeeded}, {@code run-failed}, {@code run-cancelled}, {@code fleet-finished};
         * unset: all.
         */
        Optional<List<String>> events();

        /**
         * The HMAC-SHA256 key the body is signed with ({@code X-Cairn-Signature}); give it as
         * {@code ${AN_ENV_VAR}}.
         */
        String secret();

        /** The pause before the first retry of a delivery that failed; it doubles each time, at most a minute. */
        @WithDefault("1s")
        Duration backoff();

        /** No new attempt starts once this long has passed since the first; the delivery then counts as failed. */
        @WithDefault("15m")
        Duration retryFor();

        /** How long one attempt may take, connecting included. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Targets {
        /**
         * Host names, wildcards ({@code *.db.internal}) and address ranges ({@code 10.0.0.0/8}, {@code fd00::/8})
         * a repo's URL may point at; unset: any host.
         */
        Optional<List<String>> allowedHosts();
    }

    interface Tls {
        /** PEM file of the certificate authorities that sign the target servers' certificates. */
        String ca();

        /** PEM client certificate, for servers that authenticate Cairn by certificate (PostgreSQL); with key. */
        Optional<String> cert();

        /** The client certificate's unencrypted PKCS#8 key: PEM ({@code .key}, {@code .pem}) or DER ({@code .pk8}). */
        Optional<String> key();
    }

    interface Store {
        /** Folder holding {@code <repo>/<version>_<name>/up.sql} scripts and Cairn's own state under {@code .cairn/}. */
        @WithDefault("migrations-store")
        String path();
    }

    interface Pool {
        /**
         * Connections Cairn opens to one target database and login, shared by every repo on it (e.g. a schema per
         * tenant): a run holds one for its duration, a status read one briefly.
         */
        @WithDefault("10")
        int maxSize();

        /**
         * Status and other short reads running at once on one target database; more wait in arrival order. Unset:
         * twice Cairn's cores, at most {@link #maxSize}.
         */
        OptionalInt concurrentReads();

        /** How long a caller waits for a pooled connection before the target counts as unavailable. */
        @WithDefault("10s")
        Duration acquireTimeout();

        /** TCP connect and login timeout towards a target database. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Idle connections are closed after this long, so Cairn holds no server connections between releases. */
        @WithDefault("30s")
        Duration idleTimeout();
    }

    interface Auth {
        /** Bearer tokens are required (the default). Turning this off is logged as a warning at every start. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Tokens as {@code name:role:sha256hex}, comma-separated; role is read, deploy or admin. Only hashes are
         * configured, so the configuration itself holds no usable secret.
         */
        Optional<List<String>> tokens();

        /**
         * Opens {@code /q/metrics} to callers without a token, for a Prometheus scraper on a private port. Every other
         * management endpoint but liveness and readiness still needs an unscoped read token.
         */
        @WithDefault("false")
        boolean openMetrics();

        /** Signed JWTs from an identity provider (a CI system's OIDC tokens), beside the static tokens. */
        Jwt jwt();
    }

    interface Jwt {
        /** The {@code iss} a JWT must carry; with audience, keys and grants, turns JWTs on. */
        Optional<String> issuer();

        /** The {@code aud} a JWT must carry (one of its values), such as {@code cairn}. */
        Optional<String> audience();

        /** The verification keys: a JWKS or PEM file (a path or {@code file:}) or an {@code https:} JWKS URL. */
        Optional<String> keys();

        /**
         * Claims to role and scope, comma-separated, the first match wins:
         * {@code claim=value[ claim=value…] -> role[ on scope]}; values may hold {@code *}.
         */
        Optional<List<String>> grants();
    }

    interface Demo {
        /** Starts an embedded PostgreSQL and registers it as repo {@code demo} (on in dev mode, off otherwise). */
        @WithDefault("false")
        boolean enabled();
    }

    interface Run {
        /** How long a statement may wait for a database lock before it gives up (PostgreSQL lock_timeout). */
        Optional<Duration> lockTimeout();

        /** How often a transactional migration that gave up waiting for a lock is tried again. */
        @WithDefault("0")
        int lockRetries();

        /** The pause before the first retry; it doubles with each, up to 30 s. */
        @WithDefault("250ms")
        Duration retryBackoff();

        /** How long one statement may run (PostgreSQL statement_timeout, MariaDB max_statement_time). */
        Optional<Duration> statementTimeout();

        /** After start-up, walk the read-only half of a run once so the first deploy is not slower than the next. */
        @WithDefault("true")
        boolean warmUp();
    }

    interface Lock {
        /** How long a run waits for another run on the same database before giving up with 409. */
        @WithName("wait")
        @WithDefault("30s")
        Duration waitTimeout();
    }
}
