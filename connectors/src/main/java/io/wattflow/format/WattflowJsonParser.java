package io.wattflow.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;
import io.wattflow.record.RawRecord;

import java.time.ZoneId;

import static io.wattflow.format.FieldNames.*;
import static io.wattflow.format.JsonFields.optionalNumber;

/**
 * The wattflow JSON reading, schema version 1 (documented in the README):
 * <pre>{"v":1,"meter_id":"m-1","ts":"2024-03-01T12:00:00Z","active_power_w":950.2,
 *  "reactive_power_var":-12.0,"voltage_v":231.2,"phases":{"a":{"active_power_w":400.1}}}</pre>
 * {@code ts} is an ISO-8601 string or epoch seconds/milliseconds; {@code meter_id} falls back to the
 * record key. Every field but v, meter_id, ts and active_power_w is optional.
 */
public final class WattflowJsonParser implements ReadingParser {
    public static final int VERSION_1 = 1;

    private final ObjectMapper mapper = JsonFields.lenientNumbersMapper();
    private final ZoneId naiveZone;

    public WattflowJsonParser(ZoneId naiveZone) {
        this.naiveZone = naiveZone;
    }

    @Override
    public ParseResult parse(RawRecord raw) {
        return JsonFields.parseObject(mapper, raw, (root, r) -> read(root, r.key));
    }

    private MeterReading read(JsonNode root, String key) {
        JsonNode version = root.get(VERSION);
        // An integer, not 1.9 or "1": a number that only rounds to 1 is another writer's idea of the schema.
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != VERSION_1) {
            throw new MalformedFieldException(DeadLetterReason.UNSUPPORTED_VERSION,
                    "schema version 'v' must be the integer " + VERSION_1 + ", was " + version);
        }
        String meterId = JsonFields.optionalText(root, METER_ID);
        if (meterId == null) {
            meterId = key;
        }
        if (meterId == null || meterId.isBlank()) {
            throw new MalformedFieldException(DeadLetterReason.MISSING_METER_ID, "no meter_id and no record key");
        }
        Long ts = JsonFields.optionalTimestamp(root, TS, naiveZone);
        if (ts == null) {
            ts = JsonFields.optionalTimestamp(root, TIMESTAMP, naiveZone);
        }
        if (ts == null) {
            throw new MalformedFieldException(DeadLetterReason.MISSING_TIMESTAMP, "no ts");
        }
        Double activePower = optionalNumber(root, ACTIVE_POWER);
        if (activePower == null) {
            throw new MalformedFieldException(DeadLetterReason.MISSING_POWER, "no active_power_w");
        }
        MeterReading r = new MeterReading(meterId, ts, activePower);
        r.reactivePowerVar = optionalNumber(root, REACTIVE_POWER);
        r.apparentPowerVa = optionalNumber(root, APPARENT_POWER);
        r.voltageV = optionalNumber(root, VOLTAGE);
        r.currentA = optionalNumber(root, CURRENT);
        r.powerFactor = optionalNumber(root, POWER_FACTOR);
        r.frequencyHz = optionalNumber(root, FREQUENCY);
        JsonNode phases = root.get(PHASES);
        if (phases != null && !phases.isNull()) {
            if (!phases.isObject()) {
                throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "'phases' is not an object");
            }
            r.phaseA = phase(phases.get("a"));
            r.phaseB = phase(phases.get("b"));
            r.phaseC = phase(phases.get("c"));
        }
        return r;
    }

    private static PhaseValues phase(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "a phase is not an object: " + node);
        }
        PhaseValues p = new PhaseValues();
        p.activePowerW = optionalNumber(node, ACTIVE_POWER);
        p.reactivePowerVar = optionalNumber(node, REACTIVE_POWER);
        p.apparentPowerVa = optionalNumber(node, APPARENT_POWER);
        p.voltageV = optionalNumber(node, VOLTAGE);
        p.currentA = optionalNumber(node, CURRENT);
        p.powerFactor = optionalNumber(node, POWER_FACTOR);
        return p.isEmpty() ? null : p;
    }
}
