package io.wattflow.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which weather region each meter is in ({@code meter_id,region} CSV), so that models can join the
 * outdoor temperature of the right place. Read once at job start; a bad file stops the job with a
 * message that says which line to fix.
 */
public final class MeterRegions {
    private MeterRegions() {}

    public static Map<String, String> load(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().equalsIgnoreCase("meter_id,region")) {
            throw new IllegalArgumentException(csv + " must start with the header line 'meter_id,region'.");
        }
        Map<String, String> regions = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2 || cells[0].isBlank() || cells[1].isBlank()) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + " must be 'meter_id,region', was '" + line + "'.");
            }
            String previous = regions.put(cells[0].trim(), cells[1].trim());
            if (previous != null && !previous.equals(cells[1].trim())) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + " puts meter " + cells[0].trim()
                        + " in a second region; give each meter one region.");
            }
        }
        return regions;
    }
}
