package io.wattflow.jobs.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The job's Parquet outputs as SQL views in an embedded DuckDB, one view per output folder.
 *
 * <p>A view lists the committed files explicitly (visible names ending in {@code .parquet}), never
 * a glob: a running job's in-progress and compaction files are hidden and must not be read half
 * written. The lists are refreshed at most once a second, so rows committed by a running job show
 * up on the next request.
 */
public final class OutputTables extends DuckTables {
    private static final long REFRESH_EVERY_MS = 1_000;

    private final Path folder;
    private final Collection<String> names;
    private final Map<String, List<String>> viewFiles = new HashMap<>();
    private long refreshedAtMs;  // 0: never

    public OutputTables(Path folder, Collection<String> names) throws SQLException {
        this.folder = folder;
        this.names = names;
    }

    /** Whether the output has at least one committed file. */
    @Override
    public synchronized boolean has(String table) {
        refresh();
        return viewFiles.containsKey(table);
    }

    @Override
    public List<Map<String, Object>> rows(String sql, Object... params) {
        refresh();
        return super.rows(sql, params);
    }

    private synchronized void refresh() {
        long now = System.currentTimeMillis();
        if (now - refreshedAtMs < REFRESH_EVERY_MS) {
            return;
        }
        refreshedAtMs = now;
        try (Statement s = db.createStatement()) {
            for (String name : names) {
                List<String> files = committedFiles(folder.resolve(name));
                if (files == null || files.equals(viewFiles.getOrDefault(name, List.of()))) {
                    continue;
                }
                if (files.isEmpty()) {
                    s.execute("DROP VIEW IF EXISTS " + name);
                    viewFiles.remove(name);
                } else {
                    StringBuilder list = new StringBuilder();
                    for (String f : files) {
                        list.append(list.length() == 0 ? "" : ", ").append('\'').append(f.replace("'", "''")).append('\'');
                    }
                    s.execute("CREATE OR REPLACE VIEW " + name + " AS SELECT * FROM read_parquet([" + list
                            + "], union_by_name = true)");
                    viewFiles.put(name, files);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the outputs under " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The committed files, or null when the folder changed under the walk (a commit or compaction): next time. */
    private static List<String> committedFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                    .map(p -> p.toAbsolutePath().toString()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}
