package io.wattflow.models;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * Where model files are read from: the jar's classpath ({@code models/} inside it) by default, or
 * any directory a Flink file system can read ({@code file:///opt/models}, {@code s3://bucket/models},
 * {@code hdfs://...}), so a cluster can switch model versions without rebuilding the jar.
 */
public final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String CLASSPATH = "classpath";
    private static final String CLASSPATH_FOLDER = "models/";

    /** {@code classpath}, or a directory path or URI. */
    private final String location;

    private ModelSource(String location) {
        this.location = location;
    }

    public static ModelSource classpath() {
        return new ModelSource(CLASSPATH);
    }

    /** {@code "classpath"} or a directory (path or URI). */
    public static ModelSource of(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("Give a model location: 'classpath' or a directory such as file:///opt/wattflow/models.");
        }
        return new ModelSource(location.trim());
    }

    /** {@code classpath} or the directory as given: {@link #of} of it is this source again. */
    public String location() {
        return location;
    }

    public boolean isClasspath() {
        return CLASSPATH.equals(location);
    }

    /** Reads {@code fileName} from this location. */
    public byte[] read(String fileName) throws IOException {
        if (isClasspath()) {
            try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(CLASSPATH_FOLDER + fileName)) {
                if (in == null) {
                    throw new FileNotFoundException(CLASSPATH_FOLDER + fileName + " is not on the classpath");
                }
                return in.readAllBytes();
            }
        }
        Path path = new Path(new Path(location), fileName);
        FileSystem fs = path.getFileSystem();
        try (FSDataInputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    public String describe(String fileName) {
        return isClasspath() ? "classpath:" + CLASSPATH_FOLDER + fileName : new Path(new Path(location), fileName).toString();
    }

    @Override
    public String toString() {
        return isClasspath() ? "classpath:" + CLASSPATH_FOLDER : location;
    }
}
