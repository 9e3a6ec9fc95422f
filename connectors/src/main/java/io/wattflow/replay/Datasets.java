package io.wattflow.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the shared real recordings are: the system property or environment variable
 * {@code wattflow.datasets} / {@code WATTFLOW_DATASETS}, else {@code ../shared/datasets} seen from
 * the working directory or one of its parents (so it works from the repository root and from a module).
 */
public final class Datasets {
    private Datasets() {}

    public static Optional<Path> root() {
        String configured = System.getProperty("wattflow.datasets", System.getenv("WATTFLOW_DATASETS"));
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Optional.of(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/datasets").normalize();
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A data set's folder, if the recordings are here. */
    public static Optional<Path> dataset(String name) {
        return root().map(r -> r.resolve(name)).filter(Files::isDirectory);
    }
}
