package io.wattflow.ingest;

import io.wattflow.format.CsvReadingWriter;
import io.wattflow.format.ReadingFormat;
import io.wattflow.format.WattflowJsonWriter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deterministic corpus of hostile input lines in the three formats, each labelled with what the
 * decoder must do with it: refuse it with one reason, accept it as the reading it was made from, or
 * (for random byte damage, whose effect nobody can label) either refuse it or accept a reading that
 * passes every check. The same seed gives the same lines.
 */
final class HostileCorpus {
    /**
     * What a line must become when {@code labelled}: refused for {@code reason}, or (reason null)
     * accepted, as {@code reading} when that is given.
     */
    static final class Line {
        final ReadingFormat format;
        final byte[] bytes;
        final DeadLetterReason reason;
        final MeterReading reading;
        final boolean labelled;
        final String kind;

        Line(ReadingFormat format, byte[] bytes, DeadLetterReason reason, MeterReading reading, boolean labelled, String kind) {
            this.format = format;
            this.bytes = bytes;
            this.reason = reason;
            this.reading = reading;
            this.labelled = labelled;
            this.kind = kind;
        }
    }

    static final long BASE_MS = 1_709_294_400_000L;  // 2024-03-01T12:00:00Z
    private static final String[] BAD_IDS = {"bad id", "quote\"id", "emoji-\uD83D\uDE00", "tab\tid", "caf\u00e9", "x".repeat(129),
        "semi;colon", "back\\slash", "new\u2028line", "angle<b>"};
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xff}, {(byte) 0x80}, {(byte) 0xc3}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xfe, (byte) 0xfe}};

    private final Random random;
    private final WattflowJsonWriter json = new WattflowJsonWriter();

    HostileCorpus(long seed) {
        random = new Random(seed);
    }

    List<Line> lines(int perFormat) {
        List<Line> out = new ArrayList<>(perFormat * 3);
        for (int i = 0; i < perFormat; i++) {
            out.add(jsonLine(i));
            out.add(csvLine(i));
            out.add(shellyLine(i));
        }
        return out;
    }

    MeterReading reading(int i) {
        MeterReading r = new MeterReading("m-" + (i % 500), BASE_MS + i * 1000L, round(random.nextDouble() * 9000 - 1000));
        r.reactivePowerVar = round(random.nextDouble() * 400 - 200);
        r.apparentPowerVa = round(Math.abs(r.activePowerW) + 10);
        r.currentA = round(random.nextDouble() * 40);
        r.powerFactor = round(random.nextDouble());
        r.frequencyHz = round(49.9 + random.nextDouble() * 0.2);
        r.phaseA = new PhaseValues();
        r.phaseA.activePowerW = round(r.activePowerW / 3);
        r.phaseA.voltageV = round(225 + random.nextDouble() * 10);
        r.phaseA.currentA = round(random.nextDouble() * 15);
        r.phaseA.powerFactor = round(random.nextDouble());
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    // ---- wattflow JSON ----

    private Line jsonLine(int i) {
        MeterReading r = reading(i);
        String ok = json.toJson(r);
        int kind = random.nextInt(16);
        switch (kind) {
            case 0:
                return accepted(ReadingFormat.WATTFLOW_JSON, ok, r, "valid");
            case 1:
                return refused(ReadingFormat.WATTFLOW_JSON, ok + ok, DeadLetterReason.UNPARSABLE, "two objects");
            case 2:
                return refused(ReadingFormat.WATTFLOW_JSON, ok + " " + pick("x", "]", "}", "garbage", "1", "null", ",{}"),
                        DeadLetterReason.UNPARSABLE, "trailing garbage");
            case 3:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replace("\"v\":1", "\"v\":" + pick("1.9", "1.0", "\"1\"", "2", "0", "null", "true", "1e0")),
                        DeadLetterReason.UNSUPPORTED_VERSION, "version");
            case 4:
                return withBytes(ReadingFormat.WATTFLOW_JSON, ok, "\"m-", DeadLetterReason.INVALID_ENCODING, "invalid UTF-8 in meter id");
            case 5:
                return refused(ReadingFormat.WATTFLOW_JSON, setJson(ok, pick("voltage_v", "current_a", "power_factor", "frequency_hz",
                        "reactive_power_var", "apparent_power_va"), outOfRangeNumber()), DeadLetterReason.VALUE_OUT_OF_RANGE, "total out of range");
            case 6:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replaceFirst("\"voltage_v\":[-0-9.E]+", "\"voltage_v\":" + pick("1e300", "-5", "1000.5", "99999")),
                        DeadLetterReason.VALUE_OUT_OF_RANGE, "phase voltage out of range");
            case 7:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replace("\"m-" + (i % 500) + "\"", "\"" + jsonEscape(pick(BAD_IDS)) + "\""),
                        DeadLetterReason.INVALID_METER_ID, "bad meter id");
            case 8:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":" + pick("NaN", "Infinity", "-Infinity")),
                        DeadLetterReason.INVALID_NUMBER, "NaN");
            case 9:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.substring(0, 1 + random.nextInt(ok.length() - 1)), DeadLetterReason.UNPARSABLE, "truncated");
            case 10:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":" + pick("1e7", "-250000", "1e300")),
                        DeadLetterReason.POWER_OUT_OF_RANGE, "power out of range");
            case 11:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replaceFirst("\"ts\":\"[^\"]+\",", ""), DeadLetterReason.MISSING_TIMESTAMP, "no ts");
            case 12:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replaceFirst("\"ts\":\"20", "\"ts\":\"21"), DeadLetterReason.TIMESTAMP_IN_FUTURE, "future");
            case 13:
                return refused(ReadingFormat.WATTFLOW_JSON, ok.replaceFirst("\"ts\":\"20", "\"ts\":\"19"), DeadLetterReason.TIMESTAMP_TOO_OLD, "too old");
            case 14:
                return refused(ReadingFormat.WATTFLOW_JSON, pick("", "[]", "[" + ok + "]", "\"text\"", "42", "null", "{", "}{"),
                        DeadLetterReason.UNPARSABLE, "not an object");
            default:
                return damaged(ReadingFormat.WATTFLOW_JSON, ok);
        }
    }

    private static String setJson(String line, String field, String value) {
        if (line.contains("\"" + field + "\":")) {
            return line.replaceFirst("\"" + field + "\":[-0-9.E]+", "\"" + field + "\":" + value);
        }
        return line.substring(0, line.length() - 1) + ",\"" + field + "\":" + value + "}";
    }

    // ---- CSV ----

    private Line csvLine(int i) {
        MeterReading r = reading(i);
        String ok = CsvReadingWriter.line(r);
        String[] cells = ok.split(",", -1);
        int kind = random.nextInt(12);
        switch (kind) {
            case 0:
                return accepted(ReadingFormat.CSV, ok, r, "valid");
            case 1:
                return refused(ReadingFormat.CSV, ok + "," + pick("1", "", "x"), DeadLetterReason.UNPARSABLE, "extra column");
            case 2:
                return withBytes(ReadingFormat.CSV, ok, "m-", DeadLetterReason.INVALID_ENCODING, "invalid UTF-8 in meter id");
            case 3:
                cells[2] = pick("0x1p3", "950d", "1.5f", "1_000", "\u0661\u0662", "9.5.1", "--1");
                return refused(ReadingFormat.CSV, String.join(",", cells), DeadLetterReason.UNPARSABLE, "odd number");
            case 4:
                cells[random.nextInt(2) == 0 ? 5 : 11] = outOfRangeNumber();  // current_a or a_reactive_power_var
                return refused(ReadingFormat.CSV, String.join(",", cells), DeadLetterReason.VALUE_OUT_OF_RANGE, "value out of range");
            case 5:
                cells[0] = pick("bad id", "caf\u00e9", "quote\"d", "x".repeat(200));
                return refused(ReadingFormat.CSV, String.join(",", cells), DeadLetterReason.INVALID_METER_ID, "bad meter id");
            case 6:
                cells[1] = pick("yesterday", "2024-13-01T00:00:00Z", "1709294400x", "2024-03-01 25:00:00");
                return refused(ReadingFormat.CSV, String.join(",", cells), DeadLetterReason.UNPARSABLE, "bad timestamp");
            case 7:
                cells[2] = "";
                return refused(ReadingFormat.CSV, String.join(",", cells), DeadLetterReason.MISSING_POWER, "no power");
            case 8:
                cells[2] = pick("NaN", "Infinity", "-Infinity");
                return refused(ReadingFormat.CSV, String.join(",", cells), DeadLetterReason.INVALID_NUMBER, "NaN");
            case 9:
                return refused(ReadingFormat.CSV, ok.substring(0, ok.indexOf(',') + random.nextInt(ok.indexOf(',', ok.indexOf(',') + 1) - ok.indexOf(','))),
                        DeadLetterReason.UNPARSABLE, "truncated");
            default:
                return damaged(ReadingFormat.CSV, ok);
        }
    }

    // ---- Shelly ----

    private Line shellyLine(int i) {
        MeterReading r = reading(i);
        String id = "shellypro3em-" + Integer.toHexString(0x100000 + i % 500);
        double a = round(r.activePowerW / 3);
        String status = String.format(Locale.ROOT, "{\"id\":0,\"a_current\":%s,\"a_voltage\":%s,\"a_act_power\":%s,\"a_aprt_power\":%s,"
                + "\"a_pf\":%s,\"a_freq\":50,\"b_act_power\":%s,\"c_act_power\":%s,\"total_current\":%s,\"total_act_power\":%s,"
                + "\"total_aprt_power\":%s}", r.phaseA.currentA, r.phaseA.voltageV, a, round(Math.abs(a) + 1), r.phaseA.powerFactor, a, a,
                r.currentA, r.activePowerW, r.apparentPowerVa);
        String ok = "{\"src\":\"" + id + "\",\"method\":\"NotifyStatus\",\"params\":{\"ts\":" + (r.timestampMs / 1000.0) + ",\"em:0\":" + status + "}}";
        int kind = random.nextInt(9);
        switch (kind) {
            case 0:
            case 1:
                return accepted(ReadingFormat.SHELLY_JSON, ok, null, "valid");
            case 2:
                return refused(ReadingFormat.SHELLY_JSON, ok + pick("{}", " x", "]"), DeadLetterReason.UNPARSABLE, "trailing garbage");
            case 3:
                return withBytes(ReadingFormat.SHELLY_JSON, ok, "shellypro3em-", DeadLetterReason.INVALID_ENCODING, "invalid UTF-8 in src");
            case 4:
                return refused(ReadingFormat.SHELLY_JSON, ok.replaceFirst("\"a_voltage\":[-0-9.E]+", "\"a_voltage\":" + pick("1e300", "-1", "5000")),
                        DeadLetterReason.VALUE_OUT_OF_RANGE, "voltage out of range");
            case 5:
                return refused(ReadingFormat.SHELLY_JSON, ok.replaceFirst("\"a_freq\":50", "\"a_freq\":" + pick("1e300", "-50", "500")),
                        DeadLetterReason.VALUE_OUT_OF_RANGE, "frequency out of range");
            case 6:
                return refused(ReadingFormat.SHELLY_JSON, ok.replace(id, jsonEscape(pick(BAD_IDS))), DeadLetterReason.INVALID_METER_ID, "bad src");
            case 7:
                return refused(ReadingFormat.SHELLY_JSON, ok.substring(0, 1 + random.nextInt(ok.length() - 1)), DeadLetterReason.UNPARSABLE, "truncated");
            default:
                return damaged(ReadingFormat.SHELLY_JSON, ok);
        }
    }

    // ---- helpers ----

    private String outOfRangeNumber() {
        return pick("1e300", "-1e300", "1e6", "-1e7", "123456789");
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code line} with invalid UTF-8 bytes right after the first {@code marker}. */
    private Line withBytes(ReadingFormat format, String line, String marker, DeadLetterReason reason, String kind) {
        int at = line.indexOf(marker) + marker.length();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        int byteAt = line.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        b.write(utf8, 0, byteAt);
        b.writeBytes(pick(INVALID_UTF8));
        b.write(utf8, byteAt, utf8.length - byteAt);
        return new Line(format, b.toByteArray(), reason, null, true, kind);
    }

    /** One to three random bytes of {@code line} replaced: refused, or accepted only if it passes every check. */
    private Line damaged(ReadingFormat format, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return new Line(format, bytes, null, null, false, "random damage");
    }

    private static Line accepted(ReadingFormat format, String line, MeterReading r, String kind) {
        return new Line(format, line.getBytes(StandardCharsets.UTF_8), null, r, true, kind);
    }

    private static Line refused(ReadingFormat format, String line, DeadLetterReason reason, String kind) {
        return new Line(format, line.getBytes(StandardCharsets.UTF_8), reason, null, reason != null, kind);
    }
}
