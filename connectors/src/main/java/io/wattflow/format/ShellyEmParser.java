package io.wattflow.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;
import io.wattflow.record.RawRecord;


import static io.wattflow.format.JsonFields.optionalNumber;

/**
 * The Shelly Pro 3EM {@code EM.GetStatus} result, in the three shapes a device or its gateway sends:
 * <ul>
 *   <li>a NotifyStatus frame {@code {"src":"shellypro3em-..","params":{"ts":1700000000.1,"em:0":{...}}}};</li>
 *   <li>an RPC response {@code {"src":"shellypro3em-..","result":{...}}};</li>
 *   <li>the bare status object {@code {"a_act_power":..,"total_act_power":..}}.</li>
 * </ul>
 * The meter id is {@code src}, else the record key; the time is {@code params.ts}, else the status's
 * own {@code ts}, else the source's timestamp (e.g. Kafka's). The device reports active and apparent
 * power, voltage, current, power factor and frequency per phase; it does not report reactive power,
 * so that stays null.
 */
public final class ShellyEmParser implements ReadingParser {
    private static final String[] PHASES = {"a", "b", "c"};

    private final ObjectMapper mapper = JsonFields.lenientNumbersMapper();

    @Override
    public ParseResult parse(RawRecord raw) {
        return JsonFields.parseObject(mapper, raw, ShellyEmParser::read);
    }

    private static MeterReading read(JsonNode root, RawRecord raw) {
        JsonNode status = root;
        Long ts = null;
        JsonNode params = root.get("params");
        if (params != null && params.isObject()) {
            ts = JsonFields.optionalTimestamp(params, "ts", java.time.ZoneOffset.UTC);
            status = params.get("em:0");
            if (status == null || !status.isObject()) {
                throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "NotifyStatus without an 'em:0' object");
            }
        } else if (root.has("result")) {
            status = root.get("result");
            if (!status.isObject()) {
                throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "'result' is not an object");
            }
        }
        if (ts == null) {
            ts = JsonFields.optionalTimestamp(status, "ts", java.time.ZoneOffset.UTC);
        }
        if (ts == null) {
            ts = raw.sourceTimestampMs;
        }
        if (ts == null) {
            throw new MalformedFieldException(DeadLetterReason.MISSING_TIMESTAMP, "no params.ts and no source timestamp");
        }
        String meterId = JsonFields.optionalText(root, "src");
        if (meterId == null) {
            meterId = raw.key;
        }
        if (meterId == null || meterId.isBlank()) {
            throw new MalformedFieldException(DeadLetterReason.MISSING_METER_ID, "no 'src' and no record key");
        }
        Double total = optionalNumber(status, "total_act_power");
        PhaseValues[] phases = new PhaseValues[3];
        double phaseSum = 0;
        boolean anyPhasePower = false;
        for (int i = 0; i < 3; i++) {
            phases[i] = phase(status, PHASES[i]);
            if (phases[i] != null && phases[i].activePowerW != null) {
                phaseSum += phases[i].activePowerW;
                anyPhasePower = true;
            }
        }
        if (total == null && !anyPhasePower) {
            throw new MalformedFieldException(DeadLetterReason.MISSING_POWER, "no total_act_power and no phase power");
        }
        MeterReading r = new MeterReading(meterId, ts, total != null ? total : phaseSum);
        r.apparentPowerVa = optionalNumber(status, "total_aprt_power");
        r.currentA = optionalNumber(status, "total_current");
        r.frequencyHz = firstPresent(status, "a_freq", "b_freq", "c_freq");
        r.phaseA = phases[0];
        r.phaseB = phases[1];
        r.phaseC = phases[2];
        return r;
    }

    private static PhaseValues phase(JsonNode status, String letter) {
        PhaseValues p = new PhaseValues();
        p.activePowerW = optionalNumber(status, letter + "_act_power");
        p.apparentPowerVa = optionalNumber(status, letter + "_aprt_power");
        p.voltageV = optionalNumber(status, letter + "_voltage");
        p.currentA = optionalNumber(status, letter + "_current");
        p.powerFactor = optionalNumber(status, letter + "_pf");
        return p.isEmpty() ? null : p;
    }

    private static Double firstPresent(JsonNode status, String... fields) {
        for (String f : fields) {
            Double v = optionalNumber(status, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
