package dev.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the baselines' shapes of a real history that Cairn has imported: reads a repo folder of Cairn's store
 * ({@code <version>_<name>/up.sql}, {@code migration.json} saying {@code "transaction": false} for a migration
 * outside a transaction) and writes
 *
 * <pre>
 *   OUT/floor-up.sql            the psql floor: each migration in its own transaction with the ledger row Cairn
 *                               writes (a transaction: false migration without BEGIN and COMMIT, as Cairn runs it)
 *   OUT/flyway/V&lt;v&gt;__&lt;name&gt;.sql   the same up scripts, named the Flyway way
 *   OUT/count                   the number of migrations
 * </pre>
 *
 * Usage: {@code History REPO_FOLDER LEDGER_TABLE OUT}.
 */
public final class History {

    record Stored(long version, String name, String up, boolean transactional) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: History REPO_FOLDER LEDGER_TABLE OUT");
            System.exit(2);
        }
        Path repo = Path.of(args[0]), out = Path.of(args[2]);
        String ledger = args[1];
        List<Stored> history = read(repo);
        Files.createDirectories(out.resolve("flyway"));
        StringBuilder floor = new StringBuilder("\\set ON_ERROR_STOP on\n")
                .append("CREATE TABLE IF NOT EXISTS ").append(ledger).append(" (version bigint PRIMARY KEY, ")
                .append("inserted_at timestamp(0), name varchar(255), checksum varchar(64));\n");
        for (Stored s : history) {
            String row = "INSERT INTO " + ledger + " (version, inserted_at, name, checksum) VALUES (" + s.version()
                    + ", (now() AT TIME ZONE 'UTC')::timestamp(0), '" + s.name() + "', '" + Generate.sha256(s.up())
                    + "');\n";
            // psql would otherwise glue a script's last statement, left without its semicolon, to the next line.
            String up = s.up().stripTrailing() + "\n";
            String code = up.replaceAll("(?m)^\\s*--.*\\n", "").stripTrailing();
            up = code.isEmpty() || code.endsWith(";") ? up : up + ";\n";
            floor.append(s.transactional() ? "BEGIN;\n" + up + row + "COMMIT;\n" : up + row);
            Files.writeString(out.resolve("flyway/V" + s.version() + "__" + s.name() + ".sql"), s.up(),
                    StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("floor-up.sql"), floor, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("count"), history.size() + "\n", StandardCharsets.UTF_8);
    }

    private static List<Stored> read(Path repo) throws IOException {
        List<Stored> history = new ArrayList<>();
        try (Stream<Path> folders = Files.list(repo)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String base = folder.getFileName().toString();
                int cut = base.indexOf('_');
                if (cut < 1 || !Files.exists(folder.resolve("up.sql"))) {
                    continue;
                }
                Path settings = folder.resolve("migration.json");
                boolean transactional = !Files.exists(settings)
                        || !Files.readString(settings).replace(" ", "").contains("\"transaction\":false");
                history.add(new Stored(Long.parseLong(base.substring(0, cut)), base.substring(cut + 1),
                        Files.readString(folder.resolve("up.sql")), transactional));
            }
        }
        history.sort((a, b) -> Long.compare(a.version(), b.version()));
        return history;
    }
}
