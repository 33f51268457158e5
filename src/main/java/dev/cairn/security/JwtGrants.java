package dev.cairn.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified JWT may do, from its claims ({@code cairn.auth.jwt.grants}): each grant is
 * {@code claim=value[ claim=value…] -> role[ on scope]}, its conditions all holding ({@code *} in a value matches
 * any characters; a claim holding a list matches if one of its values does), and the first grant that matches
 * decides. The list is comma-separated like the token list, so a piece without {@code ->} continues the scope of
 * the grant before it.
 */
public final class JwtGrants {

    public record Grant(Map<String, String> conditions, Role role, Scope scope) {

        boolean matches(JsonWebToken jwt) {
            return conditions.entrySet().stream().allMatch(c -> values(jwt.getClaim(c.getKey())).stream()
                    .anyMatch(v -> glob(c.getValue(), v)));
        }
    }

    private static final Pattern GRANT = Pattern.compile("^(.+?)\\s*->\\s*(read|deploy|admin)(?:\\s+on\\s+(.+))?$",
            Pattern.DOTALL);
    private static final Pattern CONDITION = Pattern.compile("^([A-Za-z0-9_.:/-]{1,128})=(\\S{1,512})$");

    private final List<Grant> grants;

    private JwtGrants(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public static JwtGrants parse(List<String> pieces) {
        List<String> entries = new ArrayList<>();
        for (String piece : pieces) {
            String trimmed = piece.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.contains("->") && !entries.isEmpty() && entries.get(entries.size() - 1).contains(" on ")) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "," + trimmed);
            } else {
                entries.add(trimmed);
            }
        }
        List<Grant> grants = new ArrayList<>();
        for (String entry : entries) {
            grants.add(grant(entry));
        }
        return new JwtGrants(grants);
    }

    public boolean isEmpty() {
        return grants.isEmpty();
    }

    /** The first grant the token's claims satisfy. */
    public Optional<Grant> first(JsonWebToken jwt) {
        return grants.stream().filter(g -> g.matches(jwt)).findFirst();
    }

    private static Grant grant(String entry) {
        Matcher m = GRANT.matcher(entry);
        if (!m.matches()) {
            throw new IllegalStateException("cairn.auth.jwt.grants entries must look like "
                    + "claim=value[ claim=value…] -> role[ on scope] with role read, deploy or admin; '" + entry
                    + "' does not");
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        for (String condition : m.group(1).trim().split("\\s+")) {
            Matcher c = CONDITION.matcher(condition);
            if (!c.matches()) {
                throw new IllegalStateException("cairn.auth.jwt.grants: '" + condition + "' is not claim=value");
            }
            conditions.put(c.group(1), c.group(2));
        }
        try {
            Scope scope = m.group(3) == null ? Scope.EVERY_REPO : Scope.parse(m.group(3));
            return new Grant(conditions, Role.valueOf(m.group(2)), scope);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cairn.auth.jwt.grants '" + entry + "': " + e.getMessage());
        }
    }

    /** A claim's values as text: one for a string, number or boolean, each element for a list. */
    private static List<String> values(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (claim instanceof JsonArray array) {
            return array.stream().map(JwtGrants::text).toList();
        }
        if (claim instanceof Collection<?> list) {
            return list.stream().map(JwtGrants::text).toList();
        }
        return List.of(text(claim));
    }

    private static String text(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof JsonValue v ? v.toString() : String.valueOf(value);
    }

    private static boolean glob(String pattern, String value) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.matches(regex, value);
    }
}
