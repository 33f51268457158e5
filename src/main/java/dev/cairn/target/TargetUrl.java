package dev.cairn.target;

import dev.cairn.dialect.Dialect;
import dev.cairn.dialect.MariaDbDialect;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.problem.CairnException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repo's JDBC URL read once into its parts: the engine, the servers, the database and the driver parameters.
 * {@code jdbc:x://host[:port][,host[:port]…]/database?params}. The driver is handed {@link #driverUrl()}, rebuilt
 * from these parts, never the text as registered: whatever a driver would read differently from this parser (a
 * {@code ;}, an {@code address=(…)} host, a second {@code ?}) is refused here instead of reaching it.
 */
public record TargetUrl(String url, Dialect dialect, String mode, List<Host> hosts, String database,
                        Map<String, String> parameters) {

    /** One server: a name, an IPv4 address or an IPv6 one (bracketed in the URL), and an optional port. */
    public record Host(String name, Integer port) {
        @Override
        public String toString() {
            String host = name.contains(":") ? "[" + name + "]" : name;
            return port == null ? host : host + ":" + port;
        }
    }

    private static final String MYSQL_SCHEME = "jdbc:mysql:";
    private static final Pattern SHAPE = Pattern.compile(
            "(jdbc:(?:postgresql|mariadb|mysql):)(?:(sequential|loadbalance|load-balance|replication):)?"
                    + "//([^/?]+)(?:/([^/?]*))?(?:\\?(.*))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$.%-]{0,192}");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final String FORM = "url must be jdbc:postgresql://host[:port][,host[:port]…]/database[?parameters]"
            + " (or jdbc:mariadb:, jdbc:mysql:)";

    public TargetUrl {
        hosts = List.copyOf(hosts);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters)); // in the URL's order
    }

    public static TargetUrl of(String url) {
        Dialect dialect = dialectOf(url);
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '#' || c == ';')) {
            throw invalid(FORM + "; spaces, control characters, '#' and ';' have no place in it");
        }
        Matcher m = SHAPE.matcher(url);
        if (!m.matches() || (m.group(2) != null && dialect != MariaDbDialect.INSTANCE)) {
            throw invalid(FORM);
        }
        List<Host> hosts = new ArrayList<>();
        for (String host : m.group(3).split(",", -1)) {
            Matcher h = HOST.matcher(host);
            if (!h.matches() || (h.group(2) != null && !validPort(h.group(2)))) {
                throw invalid(FORM + "; '" + host + "' is not a host name, an IPv4 address or a bracketed IPv6 "
                        + "address with an optional port from 1 to 65535").with("host", host);
            }
            String name = h.group(1).startsWith("[") ? h.group(1).substring(1, h.group(1).length() - 1) : h.group(1);
            hosts.add(new Host(name, h.group(2) == null ? null : Integer.valueOf(h.group(2))));
        }
        String database = m.group(4) == null ? "" : m.group(4);
        if (!DATABASE.matcher(database).matches()) {
            throw invalid("the url's database name may hold letters, digits and _ $ . - (others percent-encoded)");
        }
        return new TargetUrl(url, dialect, m.group(2) == null ? null : m.group(2).toLowerCase(), hosts, database,
                parameters(m.group(5)));
    }

    public static Dialect dialectOf(String url) {
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return PostgresDialect.INSTANCE;
        }
        if (url != null && (url.startsWith("jdbc:mariadb:") || url.startsWith(MYSQL_SCHEME))) {
            return MariaDbDialect.INSTANCE;
        }
        throw CairnException.invalid("url must be a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL")
                .with("field", "url");
    }

    /** Parameters as the drivers split them: on {@code &}, a name without {@code =} meaning the empty value. */
    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!PARAMETER.matcher(name).matches()) {
                throw invalid("url parameter '" + name + "' is not a parameter name").with("parameter", name);
            }
            parameters.remove(name); // the last one wins in both drivers, and its place too
            parameters.put(name, eq < 0 ? "" : pair.substring(eq + 1));
        }
        return parameters;
    }

    private static boolean validPort(String port) {
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    private static CairnException invalid(String detail) {
        return CairnException.invalid(detail).with("field", "url");
    }

    /**
     * The URL the driver is handed, rebuilt from the parsed parts with the given parameters. Connector/J takes
     * {@code jdbc:mysql:} only when the url itself says {@code permitMysqlScheme}, hence always {@code jdbc:mariadb:}.
     */
    public String driverUrl(Map<String, String> driverParameters) {
        StringBuilder b = new StringBuilder(dialect == PostgresDialect.INSTANCE ? "jdbc:postgresql:" : "jdbc:mariadb:");
        if (mode != null) {
            b.append(mode).append(':');
        }
        b.append("//").append(String.join(",", hosts.stream().map(Host::toString).toList()));
        b.append('/').append(database);
        char separator = '?';
        for (Map.Entry<String, String> p : driverParameters.entrySet()) {
            b.append(separator).append(p.getKey()).append('=').append(p.getValue());
            separator = '&';
        }
        return b.toString();
    }

    /** {@link #driverUrl(Map)} with the URL's own parameters, for keys that tell targets apart. */
    public String driverUrl() {
        return driverUrl(parameters);
    }

    /** The database the URL names, or null when it names none. */
    public String databaseName() {
        return database.isEmpty() ? null : URLDecoder.decode(database, StandardCharsets.UTF_8);
    }

    /** The same server and settings with the database every installation has, to create or drop the repo's from. */
    public TargetUrl maintenance() {
        return new TargetUrl(url, dialect, mode, hosts, dialect.maintenanceDatabase(), parameters);
    }

    /** The URL without its parameters: repos whose URLs agree on it reach the same database. */
    public String withoutParameters() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
