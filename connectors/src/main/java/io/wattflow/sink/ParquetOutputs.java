package io.wattflow.sink;

import org.apache.avro.reflect.ReflectData;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads what the Parquet sinks committed: the files of an output folder (in-progress and pending
 * files, which FileSink hides behind a leading dot, are not output), their row counts, their rows.
 */
public final class ParquetOutputs {
    private ParquetOutputs() {}

    /** Committed Parquet files under {@code folder}, in all its date partitions, sorted. */
    public static List<Path> committedFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows in all committed files of {@code folder}, from the files' footers. */
    public static long rowCount(Path folder) throws IOException {
        long rows = 0;
        for (Path file : committedFiles(folder)) {
            try (ParquetFileReader reader = ParquetFileReader.open(inputFile(file))) {
                rows += reader.getRecordCount();
            }
        }
        return rows;
    }

    /** Every row of every committed file of {@code folder}, as instances of the record class written. */
    public static <T> List<T> readAll(Path folder, Class<T> type) throws IOException {
        List<T> rows = new ArrayList<>();
        for (Path file : committedFiles(folder)) {
            try (ParquetReader<T> reader = openReflect(inputFile(file))) {
                T row;
                while ((row = reader.read()) != null) {
                    rows.add(type.cast(row));
                }
            }
        }
        return rows;
    }

    private static HadoopInputFile inputFile(Path file) throws IOException {
        return inputFile(file.toUri());
    }

    static HadoopInputFile inputFile(java.net.URI file) throws IOException {
        return HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), new Configuration());
    }

    /** A reader of records written by the reflect-based Parquet writer of {@link ParquetSinks}. */
    static <T> ParquetReader<T> openReflect(HadoopInputFile file) throws IOException {
        return AvroParquetReader.<T>builder(file).withDataModel(ReflectData.get()).build();
    }
}
