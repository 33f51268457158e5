package dev.cairn.fleet;

import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistration;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.target.TargetErrors;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Registers one repo per existing prefix (PostgreSQL schema, MariaDB database) whose name matches a pattern, from
 * one registration used as a template: tenants usually are schemas of one database, created by the application.
 */
@ApplicationScoped
public class Discovery {

    /** What a discovery found: every matching prefix, the repos it registered and those registered before. */
    public record Found(int matched, List<String> registered, List<String> existing) {}

    private final RepoRegistry registry;
    private final TargetPools pools;

    public Discovery(RepoRegistry registry, TargetPools pools) {
        this.registry = registry;
        this.pools = pools;
    }

    /** {@code idTemplate}: the id with {@code {prefix}} for the prefix, lower-cased; null means the prefix itself. */
    /** {@code admit} refuses a repo the caller may not register, as for a batch. */
    public Found discover(RepoRegistration template, String prefixLike, String idTemplate, Consumer<Repo> admit) {
        Repo probe = registry.preview(template);
        List<String> prefixes;
        try {
            prefixes = prefixes(probe, prefixLike);
        } finally {
            pools.release(probe.id());
        }
        List<RepoRegistration> fresh = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (String prefix : prefixes) {
            String id = (idTemplate == null ? "{prefix}" : idTemplate).replace("{prefix}", prefix)
                    .toLowerCase(Locale.ROOT);
            if (registry.find(id).isPresent()) {
                existing.add(id);
            } else {
                fresh.add(template.forTenant(id, prefix));
            }
        }
        List<String> registered = fresh.isEmpty() ? List.of()
                : registry.registerAll(fresh, admit).stream().map(Repo::id).toList();
        return new Found(prefixes.size(), registered, existing);
    }

    private List<String> prefixes(Repo probe, String like) {
        try {
            return pools.read(probe, c -> {
                List<String> names = new ArrayList<>();
                try (PreparedStatement st = c.prepareStatement(probe.dialect().prefixesLike())) {
                    st.setString(1, like);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    }
                }
                return names;
            });
        } catch (SQLException e) {
            throw TargetErrors.unavailable(probe, e);
        }
    }
}
