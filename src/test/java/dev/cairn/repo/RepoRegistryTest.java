package dev.cairn.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.CairnConfig;
import dev.cairn.problem.CairnException;
import dev.cairn.security.PasswordCipher;
import dev.cairn.set.MigrationSets;
import dev.cairn.store.AtomicFiles;
import dev.cairn.store.StoreFolder;
import dev.cairn.target.TargetAccess;
import dev.cairn.target.TargetPasswords;
import dev.cairn.target.TargetPools;
import dev.cairn.testing.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RepoRegistryTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    Path dir;

    RepoRegistry registry(Optional<String> key) throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("cairn-registry-");
        }
        CairnConfig config = Engine.config(dir.toString(), key);
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        PasswordCipher cipher = new PasswordCipher(config);
        return new RepoRegistry(new StoreFolder(config), json, cipher,
                new TargetPools(config, new TargetPasswords(cipher), ForkJoinPool.commonPool()),
                new TargetAccess(config), new MigrationSets(new StoreFolder(config), json));
    }

    @AfterEach
    void cleanUp() throws Exception {
        AtomicFiles.deleteTree(dir);
    }

    @Test
    void registrationsSurviveARestartAndPasswordsAreNeverStoredInPlaintext() throws Exception {
        registry(Optional.of(KEY)).register(new RepoRegistration("shop", "jdbc:postgresql://db/shop", "app",
                "Tr0ub4dor&3-recognisable", null, "billing", null, Map.of("team", "pay")));
        String onDisk = Files.readString(dir.resolve(".cairn/repos/shop.json"));
        assertFalse(onDisk.contains("Tr0ub4dor"), onDisk);
        Repo again = registry(Optional.of(KEY)).get("shop");
        assertEquals("billing", again.prefix());
        assertTrue(again.passwordSet());
        assertEquals("Tr0ub4dor&3-recognisable", new PasswordCipher(Engine.config(dir.toString(),
                Optional.of(KEY))).decrypt(again.encryptedPassword()));
    }

    @Test
    void aLiteralPasswordWithoutASecretKeyIsRefusedSayingWhy() throws Exception {
        CairnException e = assertThrows(CairnException.class, () -> registry(Optional.empty()).register(
                new RepoRegistration("shop", "jdbc:postgresql://db/shop", "app", "secret", null, null, null, null)));
        assertTrue(e.getMessage().contains("cairn.secret-key"));
        registry(Optional.empty()).register(new RepoRegistration("shop", "jdbc:postgresql://db/shop", "app", null,
                "SHOP_DB_PASSWORD", null, null, null));
    }

    @Test
    void refusesUrlsThatCarryCredentialsOrOtherEngines() throws Exception {
        RepoRegistry registry = registry(Optional.of(KEY));
        for (String url : new String[] {"jdbc:postgresql://db/shop?password=x", "jdbc:postgresql://u:p@db/shop",
                "jdbc:oracle:thin:@db", "file:///etc/passwd"}) {
            assertThrows(CairnException.class, () -> registry.register(
                    new RepoRegistration("shop", url, "app", null, null, null, null, null)), url);
        }
    }

    @Test
    void passwordEnvMayNotNameCairnsOwnSecrets() throws Exception {
        RepoRegistry registry = registry(Optional.of(KEY));
        for (String name : new String[] {"CAIRN_SECRET_KEY", "CAIRN_AUTH_TOKENS", "QUARKUS_HTTP_SSL_KEY_PASSWORD",
                "cairn_secret_key", "Quarkus_X"}) {
            CairnException e = assertThrows(CairnException.class, () -> registry.register(
                    new RepoRegistration("shop", "jdbc:postgresql://db/shop", "app", null, name, null, null, null)),
                    name);
            assertEquals(400, e.problem().status(), name);
            assertTrue(e.getMessage().contains("Cairn's own variables"), e.getMessage());
        }
        registry.register(new RepoRegistration("shop", "jdbc:postgresql://db/shop", "app", null, "CAIRNS_DB_PW", null,
                null, null));
    }
}
