package dev.cairn.plan;

import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.Ledger;
import dev.cairn.migration.Timeouts;
import dev.cairn.repo.Repo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What every run sends before its first migration: the prefix schema (created unless {@code createSchema: false}),
 * the search path, and the ledger. A dry run prints it, a run applies it.
 */
public record SessionScript(List<String> schemaStatements, Ledger ledger) {

    public static SessionScript of(Repo repo, Ledger ledger) {
        return of(repo, ledger, Timeouts.NONE);
    }

    /** With the run's timeouts set for the session, before anything else it sends. */
    public static SessionScript of(Repo repo, Ledger ledger, Timeouts timeouts) {
        Dialect dialect = repo.dialect();
        List<String> sql = new ArrayList<>(dialect.timeoutSettings(timeouts.lockTimeout(),
                timeouts.statementTimeout()));
        if (repo.prefix() != null) {
            if (repo.createSchema()) {
                sql.add(dialect.createSchemaIfMissing(repo.prefix()));
            }
            sql.add(dialect.useSchema(repo.prefix()));
        }
        return new SessionScript(List.copyOf(sql), ledger);
    }

    public List<String> sql() {
        List<String> sql = new ArrayList<>(schemaStatements);
        sql.addAll(ledger.createStatements());
        return sql;
    }

    public void apply(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : schemaStatements) {
                st.execute(sql);
            }
        }
        ledger.ensure(c);
    }
}
