package io.wattflow.jobs.lines;

import java.util.Arrays;
import java.util.List;

/**
 * The column names of a CSV line's header (lower case), worked out once per header: every line of a
 * file carries the same header, so the lines of one file split it once, not once each.
 */
public final class CsvHeader {
    private String header;
    private List<String> names = List.of();

    /** The columns of {@code csvHeader} (none for a line without a header). */
    public List<String> columns(String csvHeader) {
        if (csvHeader == null) {
            return List.of();
        }
        if (!csvHeader.equals(header)) {
            header = csvHeader;
            names = Arrays.asList(csvHeader.trim().toLowerCase().split(","));
        }
        return names;
    }

    /** The first of {@code candidates} that is a column, its position; -1 when none is. */
    public static int indexOf(List<String> columns, String... candidates) {
        for (String c : candidates) {
            int i = columns.indexOf(c);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** A line's cells, empty ones kept, to compare with the header's count. */
    public static String[] cells(byte[] payload) {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8).trim().split(",", -1);
    }
}
