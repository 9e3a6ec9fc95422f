package io.wattflow.format;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The input formats wattflow reads, by the names the CLI and config files use. */
public enum ReadingFormat {
    WATTFLOW_JSON("wattflow-json"),
    SHELLY_JSON("shelly-json"),
    CSV("csv");

    private final String cliName;

    ReadingFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * A fresh parser; parsers keep small caches and are not shared between threads. {@code csvHeader}
     * is the header of CSV records that come without one (Kafka), else null.
     */
    public ReadingParser newParser(ZoneId naiveZone, String csvHeader) {
        switch (this) {
            case WATTFLOW_JSON:
                return new WattflowJsonParser(naiveZone);
            case SHELLY_JSON:
                return new ShellyEmParser();
            case CSV:
                return new CsvReadingParser(naiveZone, csvHeader);
            default:
                throw new IllegalStateException("unknown format " + this);
        }
    }

    /** Whether files of this format start with a header line that belongs to every later line. */
    public boolean hasHeaderLine() {
        return this == CSV;
    }

    public static ReadingFormat fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ReadingFormat f : values()) {
            if (f.cliName.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown input format '" + name + "': use one of "
                + Arrays.stream(values()).map(ReadingFormat::cliName).collect(Collectors.joining(", ")) + ".");
    }

    /** Guesses the format from a file name: .csv(.gz) is CSV, .json/.jsonl/.ndjson is wattflow JSON. */
    public static ReadingFormat fromFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return WATTFLOW_JSON;
        }
        throw new IllegalArgumentException("Cannot tell the format of '" + fileName
                + "' from its name: pass --format (csv, wattflow-json or shelly-json).");
    }
}
