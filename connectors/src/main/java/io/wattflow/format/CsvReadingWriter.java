package io.wattflow.format;

import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;

import java.time.Instant;

import static io.wattflow.format.FieldNames.*;

/** Writes readings in the CSV format {@link CsvReadingParser} reads, with every column it knows. */
public final class CsvReadingWriter {
    public static final String HEADER = String.join(",", METER_ID, TIMESTAMP, ACTIVE_POWER, REACTIVE_POWER,
            APPARENT_POWER, CURRENT, POWER_FACTOR, FREQUENCY,
            phaseColumns("a"), phaseColumns("b"), phaseColumns("c"));

    private CsvReadingWriter() {}

    private static String phaseColumns(String p) {
        return String.join(",", p + "_" + ACTIVE_POWER, p + "_" + REACTIVE_POWER, p + "_" + APPARENT_POWER,
                p + "_" + VOLTAGE, p + "_" + CURRENT, p + "_" + POWER_FACTOR);
    }

    public static String line(MeterReading r) {
        StringBuilder b = new StringBuilder(200);
        b.append(r.meterId).append(',').append(Instant.ofEpochMilli(r.timestampMs)).append(',').append(r.activePowerW);
        cell(b, r.reactivePowerVar);
        cell(b, r.apparentPowerVa);
        cell(b, r.currentA);
        cell(b, r.powerFactor);
        cell(b, r.frequencyHz);
        for (PhaseValues p : new PhaseValues[] {r.phaseA, r.phaseB, r.phaseC}) {
            PhaseValues v = p == null ? new PhaseValues() : p;
            cell(b, v.activePowerW);
            cell(b, v.reactivePowerVar);
            cell(b, v.apparentPowerVa);
            cell(b, v.voltageV);
            cell(b, v.currentA);
            cell(b, v.powerFactor);
        }
        return b.toString();
    }

    private static void cell(StringBuilder b, Double v) {
        b.append(',');
        if (v != null) {
            b.append(v.doubleValue());
        }
    }
}
