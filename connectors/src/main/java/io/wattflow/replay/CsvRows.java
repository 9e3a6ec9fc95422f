package io.wattflow.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The rows of a headed CSV file as cells, for readers that turn rows into records. A subclass says
 * how a row becomes a record, or that it has none (null: the row is skipped and counted).
 */
abstract class CsvRows<T> implements ReplayReader<T> {
    protected final Path file;
    protected final String[] header;
    private final BufferedReader reader;
    private T pending;
    private long skipped;

    CsvRows(Path file) throws IOException {
        this(file, true);
    }

    /** For files without a header line, {@code header} is empty and every line is a row. */
    CsvRows(Path file, boolean hasHeader) throws IOException {
        this.file = file;
        this.reader = TextFiles.open(file);
        if (!hasHeader) {
            this.header = new String[0];
            return;
        }
        String first = reader.readLine();
        if (first == null) {
            throw new IllegalArgumentException(file + " is empty: expected a CSV header line.");
        }
        this.header = first.split(",", -1);
    }

    /** The record of this row, or null to skip it. */
    protected abstract T toRecord(String[] cells);

    protected int column(String name) {
        return TextFiles.column(header, name, file);
    }

    /** Rows that had no record (missing values), for readers that report it. */
    public long skippedRows() {
        return skipped;
    }

    @Override
    public boolean hasNext() {
        while (pending == null) {
            String line = TextFiles.readLine(reader);
            if (line == null) {
                return false;
            }
            if (line.isBlank()) {
                continue;
            }
            pending = toRecord(line.split(",", -1));
            if (pending == null) {
                skipped++;
            }
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = pending;
        pending = null;
        return t;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    static Double number(String cell) {
        String c = cell.trim();
        if (c.isEmpty()) {
            return null;
        }
        double v = Double.parseDouble(c);
        return Double.isFinite(v) ? v : null;
    }
}
