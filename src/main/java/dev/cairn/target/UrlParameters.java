package dev.cairn.target;

import dev.cairn.dialect.Dialect;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The driver parameters a registration's URL may carry, per engine: an allowlist, because a driver parameter can
 * make the driver load a class, read or write a file of Cairn's host, use Cairn's host's credentials, or change what
 * a run's session means, and every driver release adds some. What users need (timeouts, keep-alives,
 * {@code ApplicationName}, TLS modes, failover) passes, with its value checked; anything else is a 400 naming it.
 * pgjdbc reads names as written and decodes values; Connector/J reads names in any case and values as written.
 */
final class UrlParameters {

    /** What a parameter's value may be, and how to say so. */
    private record Value(Pattern pattern, String description) {
        static Value oneOf(String... values) {
            return new Value(Pattern.compile("(?i)" + String.join("|", values)), "one of " + String.join(", ", values));
        }
    }

    private static final Value INT = new Value(Pattern.compile("[0-9]{1,9}"), "a whole number");
    private static final Value BOOL = Value.oneOf("true", "false");
    private static final Value FLAG = new Value(Pattern.compile("(?i)|true|false|1|0"), "true or false");
    private static final Value LIST = new Value(Pattern.compile("[A-Za-z0-9_.,-]{1,1000}"),
            "a comma-separated list of names");

    private static final Map<String, Value> POSTGRESQL = Map.ofEntries(
            Map.entry("connectTimeout", INT), Map.entry("loginTimeout", INT), Map.entry("socketTimeout", INT),
            Map.entry("cancelSignalTimeout", INT), Map.entry("sslResponseTimeout", INT),
            Map.entry("tcpKeepAlive", BOOL), Map.entry("tcpNoDelay", BOOL),
            Map.entry("ApplicationName", new Value(Pattern.compile("[\\x20-\\x7e]{0,63}"),
                    "up to 63 printable ASCII characters")),
            Map.entry("sslmode", Value.oneOf("disable", "allow", "prefer", "require", "verify-ca", "verify-full")),
            Map.entry("ssl", new Value(Pattern.compile("(?i)|true|false"), "true or false")), // alone: verify-full
            Map.entry("sslNegotiation", Value.oneOf("postgres", "direct")),
            Map.entry("channelBinding", Value.oneOf("disable", "prefer", "require")),
            // Failover between the URL's hosts: jdbc:postgresql://a,b/db?targetServerType=primary
            Map.entry("targetServerType", Value.oneOf("any", "primary", "master", "secondary", "slave",
                    "preferSecondary", "preferSlave", "preferPrimary")),
            Map.entry("hostRecheckSeconds", INT), Map.entry("loadBalanceHosts", BOOL));

    private static final Map<String, Value> MARIADB = Map.ofEntries(
            Map.entry("connectTimeout", INT), Map.entry("socketTimeout", INT),
            Map.entry("tcpKeepAlive", FLAG), Map.entry("tcpKeepIdle", INT), Map.entry("tcpKeepCount", INT),
            Map.entry("tcpKeepInterval", INT),
            Map.entry("sslMode", Value.oneOf("disable", "trust", "verify-ca", "verify-full")),
            Map.entry("enabledSslProtocolSuites", LIST), Map.entry("enabledSslCipherSuites", LIST),
            Map.entry("restrictedAuth", LIST), Map.entry("useCompression", FLAG), Map.entry("permitMysqlScheme", FLAG),
            // Only sql_mode, the way out of a server-wide ANSI_QUOTES that unsupported-sql-mode points to; other
            // session variables (sql_log_bin, foreign_key_checks, time_zone…) change what a run does.
            Map.entry("sessionVariables", new Value(
                    Pattern.compile("(?i)sql_mode=(?:'[A-Za-z0-9_,]*'|[A-Za-z0-9_,]*)"),
                    "only sql_mode='<modes>': other session variables change what a run does")));
    // Connector/J matches names in any case.
    private static final Map<String, Value> MARIADB_LOWER_CASE = lowerCase(MARIADB);

    private static final String LOADS_CODE = "makes the driver load a class or plugin that the URL names";
    private static final String TLS_FILE = "makes the driver read a file of Cairn's host; name a TLS profile "
            + "instead: \"tls\": \"<name>\", which Cairn's operator configures as cairn.tls.<name>.ca|cert|key";
    private static final String HOST_FILE = "makes the driver read or write a file of Cairn's host";
    private static final String HOST_IDENTITY = "makes the driver use Cairn's host's own Kerberos or GSS credentials";
    private static final String CREDENTIAL = "is a credential; send it as username and password (or passwordEnv), "
            + "which are never shown";
    private static final String ADDRESS = "changes which server or network path the connection takes; name the "
            + "server in the URL's host part";
    private static final String SESSION = "changes what a run's session means (its schema, transactions, "
            + "statements or settings); a repo's prefix and Cairn's own session handling decide those";
    private static final Map<String, String> REASONS = reasons();

    private UrlParameters() {}

    /** The URL's parameters as the driver will get them, or a 400 naming the first one it may not have. */
    static Map<String, String> allowed(TargetUrl url) {
        boolean postgres = url.dialect() == PostgresDialect.INSTANCE;
        Map<String, Value> allowlist = postgres ? POSTGRESQL : MARIADB_LOWER_CASE;
        Map<String, String> checked = new LinkedHashMap<>();
        url.parameters().forEach((name, raw) -> {
            Value value = allowlist.get(postgres ? name : name.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw refused(url.dialect(), name);
            }
            String decoded = postgres ? URLDecoder.decode(raw, StandardCharsets.UTF_8) : raw;
            if (!value.pattern().matcher(decoded).matches()) {
                throw CairnException.invalid("url parameter '" + name + "' may not be '" + decoded + "'; it takes "
                        + value.description()).with("field", "url").with("parameter", name);
            }
            checked.put(name, raw);
        });
        return checked;
    }

    /** Every parameter Cairn passes on for the engine, for messages and the README. */
    static List<String> names(Dialect dialect) {
        return (dialect == PostgresDialect.INSTANCE ? POSTGRESQL : MARIADB).keySet().stream().sorted().toList();
    }

    private static CairnException refused(Dialect dialect, String name) {
        String reason = REASONS.getOrDefault(name.toLowerCase(Locale.ROOT), "is not one Cairn passes on to the driver");
        return Problem.URL_PARAMETER_REFUSED.raise("url parameter '" + name + "' " + reason + ". On " + dialect.name()
                + " Cairn passes on only " + String.join(", ", names(dialect)) + " (README, Security)")
                .with("field", "url").with("parameter", name);
    }

    private static Map<String, Value> lowerCase(Map<String, Value> byName) {
        return byName.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    private static Map<String, String> reasons() {
        Map<String, String> reasons = new TreeMap<>();
        put(reasons, LOADS_CODE, "socketFactory", "socketFactoryArg", "sslfactory", "sslfactoryarg",
                "sslhostnameverifier", "sslpasswordcallback", "authenticationPluginClassName", "xmlFactoryFactory",
                "credentialType", "tlsSocketType");
        put(reasons, TLS_FILE, "sslcert", "sslkey", "sslrootcert", "serverSslCert", "keyStore", "trustStore",
                "keyStoreType", "trustStoreType", "fallbackToSystemKeyStore", "fallbackToSystemTrustStore",
                "serverRsaPublicKeyFile", "pemKeyAlgorithm");
        put(reasons, HOST_FILE, "loggerFile", "loggerLevel", "allowLocalInfile", "service", "localSocket", "pipe");
        put(reasons, HOST_IDENTITY, "gsslib", "gssEncMode", "gssUseDefaultCreds", "jaasApplicationName", "jaasLogin",
                "kerberosServerName", "sspiServiceClass", "useSpnego", "servicePrincipalName");
        put(reasons, CREDENTIAL, "user", "password", "sslpassword", "keyStorePassword", "trustStorePassword",
                "keyPassword", "allowPublicKeyRetrieval");
        put(reasons, ADDRESS, "PGHOST", "PGPORT", "PGDBNAME", "host", "port", "dbname", "localSocketAddress",
                "permitRedirect");
        put(reasons, SESSION, "options", "currentSchema", "autosave", "cleanupSavepoints", "preferQueryMode",
                "readOnly", "readOnlyMode", "replication", "stringtype", "queryTimeout", "sessionVariables",
                "initSql", "autocommit", "transactionIsolation", "allowMultiQueries", "createDatabaseIfNotExist",
                "jdbcCompliantTruncation", "timezone", "connectionTimeZone", "forceConnectionTimeZoneToSession",
                "connectionCollation", "database");
        return reasons;
    }

    private static void put(Map<String, String> reasons, String reason, String... names) {
        for (String name : names) {
            reasons.put(name.toLowerCase(Locale.ROOT), reason);
        }
    }
}
