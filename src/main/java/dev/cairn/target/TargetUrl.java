package dev.cairn.target;

import dev.cairn.dialect.Dialect;
import dev.cairn.dialect.MariaDbDialect;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.problem.CairnException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A repo's JDBC URL read once: which engine it names, the database in it, and the URL the driver is handed.
 * {@code jdbc:x://host:port/database?params}.
 */
public record TargetUrl(String url, Dialect dialect) {

    private static final String MYSQL_SCHEME = "jdbc:mysql:";

    public static TargetUrl of(String url) {
        return new TargetUrl(url, dialectOf(url));
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

    /** Connector/J takes {@code jdbc:mysql:} only when the url itself says {@code permitMysqlScheme}. */
    public String driverUrl() {
        return url.startsWith(MYSQL_SCHEME) ? "jdbc:mariadb:" + url.substring(MYSQL_SCHEME.length()) : url;
    }

    /** The database the URL names, or null when it names none. */
    public String databaseName() {
        int[] span = databaseSpan();
        String name = span == null ? "" : url.substring(span[0], span[1]);
        return name.isEmpty() ? null : URLDecoder.decode(name, StandardCharsets.UTF_8);
    }

    /** The same server and settings with the database every installation has, to create or drop the repo's from. */
    public TargetUrl maintenance() {
        int[] span = databaseSpan();
        String database = dialect.maintenanceDatabase();
        return new TargetUrl(span == null ? url + "/" + database
                : url.substring(0, span[0]) + database + url.substring(span[1]), dialect);
    }

    /** The URL without its parameters: repos whose URLs agree on it reach the same database. */
    public String withoutParameters() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Where the database name stands, or null without a path. */
    private int[] databaseSpan() {
        int hosts = url.indexOf("//");
        int slash = hosts < 0 ? -1 : url.indexOf('/', hosts + 2);
        if (slash < 0) {
            return null;
        }
        int end = slash + 1;
        while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != ';') {
            end++;
        }
        return new int[] {slash + 1, end};
    }
}
