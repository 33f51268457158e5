package dev.cairn.target;

import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import dev.cairn.problem.Problem;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;

/** Agroal pools to target databases, with Cairn's settings ({@code cairn.pool.*}). */
final class PoolFactory {

    private final CairnConfig.Pool settings;

    PoolFactory(CairnConfig.Pool settings) {
        this.settings = settings;
    }

    AgroalDataSource create(TargetAccess.DriverConnection target, String username, String password, String repoId) {
        Dialect dialect = target.dialect();
        AgroalConnectionFactoryConfigurationSupplier factory = new AgroalConnectionFactoryConfigurationSupplier()
                .jdbcUrl(target.url())
                .connectionProviderClass(GuardedDriver.class)
                .loginTimeout(settings.connectTimeout());
        if (username != null) {
            factory.principal(new NamePrincipal(username));
        }
        factory.credential(new SimplePassword(password));
        target.properties().forEach(factory::jdbcProperty);
        if (dialect.connectionSetup() != null) {
            factory.initialSql(dialect.connectionSetup());
        }
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .metricsEnabled(false)
                    .connectionPoolConfiguration(pool -> pool
                            .initialSize(0).minSize(0).maxSize(settings.maxSize())
                            .acquisitionTimeout(settings.acquireTimeout())
                            .reapTimeout(settings.idleTimeout())
                            // A connection that failed in transit (killed, server restarted) is discarded on
                            // return instead of being handed to the next caller; see TargetPools.borrow.
                            .exceptionSorter(TargetErrors::isBrokenConnection)
                            .connectionFactoryConfiguration(factory)));
        } catch (SQLException e) {
            throw Problem.TARGET_UNAVAILABLE.raise("could not set up a connection pool for repo '" + repoId + "'", e);
        }
    }
}
