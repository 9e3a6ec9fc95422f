package io.wattflow.format;

import io.wattflow.record.RawRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain lines read straight from their bytes give what the general path gives, and the rest are left to it. */
class PlainCsvLineTest {
    private static final String[] HEADERS = {"meter_id,timestamp,active_power_w", "timestamp,active_power_w,meter_id",
        "Active_Power_W,Meter_ID,Timestamp"};
    private static final String[] ODD_CELLS = {"", " 12", "12 ", "\"12\"", "1e3", "+5", "5.", ".5", "-.5", "-0", "-0.0", "NaN",
        "-Infinity", "0x1p3", "12d", "1.2.3", "-", ".", "1234567890123456", "123456789012345", "0.000000000000001",
        "99999999999999.9", "12,5", "2024-03-01T12:00:00Z", "1709294400", "1709294400000", "17092944000000000", "\u00e9", "m\r"};

    @Test
    void everyLineParsesAsTheGeneralPathParsesIt() {
        SplittableRandom rng = new SplittableRandom(23);
        CsvReadingParser parser = new CsvReadingParser(ZoneOffset.UTC, null);
        int plain = 0;
        for (int n = 0; n < 200_000; n++) {
            String header = HEADERS[rng.nextInt(HEADERS.length)];
            String[] names = header.toLowerCase().split(",");
            String[] cells = new String[3];
            for (int c = 0; c < 3; c++) {
                cells[c] = rng.nextInt(8) == 0 ? ODD_CELLS[rng.nextInt(ODD_CELLS.length)] : switch (names[c]) {
                    case "meter_id" -> "m-" + rng.nextInt(1000);
                    case "timestamp" -> Long.toString(rng.nextBoolean() ? 1_700_000_000L + rng.nextInt(1_000_000)
                            : 1_700_000_000_000L + rng.nextLong(1_000_000_000L));
                    default -> decimal(rng);
                };
            }
            String line = String.join(",", cells);
            RawRecord raw = new RawRecord(line.getBytes(StandardCharsets.UTF_8), "f.csv:" + n);
            raw.csvHeader = header;
            raw.key = "k";
            ParseResult fast = parser.parse(raw);
            ParseResult general = parser.parseGeneral(raw);
            assertThat(fast.toString()).as(line).isEqualTo(general.toString());
            if (general.isOk()) {
                assertThat(fast.reading()).as(line).isEqualTo(general.reading());
                assertThat(Double.doubleToRawLongBits(fast.reading().activePowerW)).as(line)
                        .isEqualTo(Double.doubleToRawLongBits(general.reading().activePowerW));
            }
            int[] at = {indexOf(names, "meter_id"), indexOf(names, "timestamp"), indexOf(names, "active_power_w")};
            if (PlainCsvLine.read(raw.payload, at[0], at[1], at[2]) != null) {
                plain++;
            }
        }
        assertThat(plain).as("most lines take the plain path").isGreaterThan(100_000);
    }

    /** Decimals as meters write them, and longer ones than the plain path reads. */
    private static String decimal(SplittableRandom rng) {
        String all = Long.toString(rng.nextLong(1, 1_000_000_000_000_000L));
        String digits = all.substring(0, Math.min(all.length(), 1 + rng.nextInt(17)));
        int point = rng.nextInt(digits.length() + 1);
        String d = point == digits.length() ? digits : digits.substring(0, point) + "." + digits.substring(point);
        return (rng.nextInt(5) == 0 ? "-" : "") + d;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
