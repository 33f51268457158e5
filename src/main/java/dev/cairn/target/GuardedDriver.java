package dev.cairn.target;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The driver every connection to a target goes through: it checks the URL's hosts against
 * {@code cairn.targets.allowed-hosts} (handed over as the {@link #ALLOWED_HOSTS} property, which the real driver
 * never sees) right before connecting, resolving names again each time, then lets the engine's driver connect.
 * Agroal creates it by its class, which is why the rules travel with the properties.
 *
 * <p>The driver resolves the name once more itself; the JVM's DNS cache ({@code networkaddress.cache.ttl}, 30 s by
 * default) hands it the answer just checked.
 */
public final class GuardedDriver implements Driver {

    static final String ALLOWED_HOSTS = "cairn.allowed-hosts";

    private static final Map<Class<? extends Driver>, Driver> DRIVERS = new ConcurrentHashMap<>();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(info);
        String rules = (String) properties.remove(ALLOWED_HOSTS);
        TargetUrl target = TargetUrl.of(url);
        if (rules != null && !rules.isEmpty()) {
            AllowedHosts allowed = new AllowedHosts(List.of(rules.split(",")));
            for (TargetUrl.Host host : target.hosts()) {
                allowed.check(host.name());
            }
        }
        return driver(target).connect(url, properties);
    }

    private static Driver driver(TargetUrl target) {
        return DRIVERS.computeIfAbsent(target.dialect().driver(), type -> {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("JDBC driver " + type.getName() + " cannot be created", e);
            }
        });
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mariadb:"));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return driver(TargetUrl.of(url)).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
