package dev.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One migration of a test fixture laid out as Go projects keep them for golang-migrate:
 * {@code <version>_<name>.up.sql} with an optional {@code .down.sql}, in a folder of the test resources.
 */
public record GoMigration(long version, String name, String up, String down) {

    private static final Pattern UP = Pattern.compile("(\\d+)_(\\w+)\\.up\\.sql");

    /** The migrations of {@code resource} (a folder under src/test/resources), by version. */
    public static List<GoMigration> folder(String resource) {
        URL url = GoMigration.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource folder " + resource);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<GoMigration> migrations = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                Matcher m = UP.matcher(file.getFileName().toString());
                if (m.matches()) {
                    Path down = file.resolveSibling(m.group(1) + "_" + m.group(2) + ".down.sql");
                    migrations.add(new GoMigration(Long.parseLong(m.group(1)), m.group(2), Files.readString(file),
                            Files.exists(down) ? Files.readString(down) : null));
                }
            }
            return migrations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
