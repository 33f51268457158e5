package dev.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one set of migration scripts in the three shapes the benchmark feeds to the three contenders:
 *
 * <pre>
 *   OUT/cairn/&lt;v&gt;_&lt;name&gt;/up.sql, down.sql   Cairn's store layout (a repo folder)
 *   OUT/flyway/V&lt;v&gt;__&lt;name&gt;.sql              the same up scripts, named the Flyway way
 *   OUT/floor-up.sql                           the psql floor: every migration of 1..split in its own
 *   OUT/floor-down.sql                         transaction with its ledger insert (down: reverse order, ledger delete)
 *   OUT/floor-step-&lt;v&gt;.sql                    one file per migration above split (for single-step timings)
 *   OUT/seed-data.sql                          set-up shortcut: the up scripts 1..split in one transaction
 *   OUT/seed-ledger.sql                        and the matching schema_migrations rows (Cairn's and the floor's ledger)
 * </pre>
 *
 * Usage: {@code Generate KIND COUNT OUT [SPLIT]} with KIND one of {@code small}, {@code rows}, {@code realworld}.
 * The SQL is deterministic: the same arguments always give byte-identical files.
 */
public final class Generate {

    /** One generated migration. */
    record Script(long version, String name, String up, String down) {}

    private static final String LEDGER = "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, "
            + "inserted_at timestamp(0), name varchar(255), checksum varchar(64));\n";

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: Generate small|rows|realworld COUNT OUT [SPLIT]");
            System.exit(2);
        }
        String kind = args[0];
        int count = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        int split = args.length > 3 ? Integer.parseInt(args[3]) : count;
        List<Script> scripts = new ArrayList<>(count);
        for (int v = 1; v <= count; v++) {
            scripts.add(switch (kind) {
                case "small" -> small(v);
                case "rows" -> rows(v);
                case "realworld" -> RealWorld.script(v);
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            });
        }
        write(scripts, out, split);
    }

    /** Scenario 1: a table with an index, dropped again by the down script. */
    static Script small(int v) {
        String t = "item_" + v;
        String up = "CREATE TABLE " + t + " (\n"
                + "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                + "    code text NOT NULL,\n"
                + "    qty integer NOT NULL DEFAULT 0,\n"
                + "    created_at timestamptz NOT NULL DEFAULT now()\n"
                + ");\n"
                + "CREATE INDEX " + t + "_code_idx ON " + t + " (code);\n";
        String down = "DROP INDEX " + t + "_code_idx;\nDROP TABLE " + t + ";\n";
        return new Script(v, "create_" + t, up, down);
    }

    /**
     * Scenario 2: the first migration creates a table, every later one is a one-row data migration, so the time
     * per migration is mostly the tool's own bookkeeping, which is what history growth would inflate.
     */
    static Script rows(int v) {
        if (v == 1) {
            return new Script(v, "create_counter_log",
                    "CREATE TABLE counter_log (n bigint PRIMARY KEY, note text NOT NULL);\n",
                    "DROP TABLE counter_log;\n");
        }
        return new Script(v, "log_" + v,
                "INSERT INTO counter_log (n, note) VALUES (" + v + ", 'migration " + v + "');\n",
                "DELETE FROM counter_log WHERE n = " + v + ";\n");
    }

    static void write(List<Script> scripts, Path out, int split) throws IOException {
        Path cairn = out.resolve("cairn"), flyway = out.resolve("flyway");
        Files.createDirectories(cairn);
        Files.createDirectories(flyway);
        StringBuilder floorUp = new StringBuilder("\\set ON_ERROR_STOP on\n").append(LEDGER);
        StringBuilder seedData = new StringBuilder("\\set ON_ERROR_STOP on\nBEGIN;\n");
        StringBuilder seedLedger = new StringBuilder("\\set ON_ERROR_STOP on\nBEGIN;\n").append(LEDGER);
        for (Script s : scripts) {
            Path folder = cairn.resolve(s.version() + "_" + s.name());
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("up.sql"), s.up(), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("down.sql"), s.down(), StandardCharsets.UTF_8);
            Files.writeString(flyway.resolve("V" + s.version() + "__" + s.name() + ".sql"), s.up(),
                    StandardCharsets.UTF_8);
            if (s.version() <= split) {
                floorUp.append(floorUp(s));
                seedData.append(s.up());
                seedLedger.append(ledgerInsert(s));
            } else {
                Files.writeString(out.resolve("floor-step-" + s.version() + ".sql"),
                        "\\set ON_ERROR_STOP on\n" + floorUp(s), StandardCharsets.UTF_8);
            }
        }
        StringBuilder floorDown = new StringBuilder("\\set ON_ERROR_STOP on\n");
        for (int i = scripts.size() - 1; i >= 0; i--) {
            Script s = scripts.get(i);
            floorDown.append("BEGIN;\n").append(s.down())
                    .append("DELETE FROM schema_migrations WHERE version = ").append(s.version()).append(";\n")
                    .append("COMMIT;\n");
        }
        Files.writeString(out.resolve("floor-up.sql"), floorUp, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("seed-data.sql"), seedData.append("COMMIT;\n"), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("seed-ledger.sql"), seedLedger.append("COMMIT;\n"), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("floor-down.sql"), floorDown, StandardCharsets.UTF_8);
    }

    /** The floor's transaction: the script, then the same ledger row Cairn writes, then commit. */
    private static String floorUp(Script s) {
        return "BEGIN;\n" + s.up() + ledgerInsert(s) + "COMMIT;\n";
    }

    private static String ledgerInsert(Script s) {
        return "INSERT INTO schema_migrations (version, inserted_at, name, checksum) VALUES (" + s.version()
                + ", (now() AT TIME ZONE 'UTC')::timestamp(0), '" + s.name() + "', '" + sha256(s.up()) + "');\n";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
