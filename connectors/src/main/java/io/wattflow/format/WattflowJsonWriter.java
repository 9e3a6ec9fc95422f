package io.wattflow.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;

import java.time.Instant;

import static io.wattflow.format.FieldNames.*;

/** Writes readings in the wattflow JSON format (schema version 1) that {@link WattflowJsonParser} reads. */
public final class WattflowJsonWriter {
    private final ObjectMapper mapper = new ObjectMapper();

    public String toJson(MeterReading r) {
        ObjectNode o = mapper.createObjectNode();
        o.put(VERSION, WattflowJsonParser.VERSION_1);
        o.put(METER_ID, r.meterId);
        o.put(TS, Instant.ofEpochMilli(r.timestampMs).toString());
        o.put(ACTIVE_POWER, r.activePowerW);
        putIfPresent(o, REACTIVE_POWER, r.reactivePowerVar);
        putIfPresent(o, APPARENT_POWER, r.apparentPowerVa);
        putIfPresent(o, VOLTAGE, r.voltageV);
        putIfPresent(o, CURRENT, r.currentA);
        putIfPresent(o, POWER_FACTOR, r.powerFactor);
        putIfPresent(o, FREQUENCY, r.frequencyHz);
        PhaseValues[] phases = {r.phaseA, r.phaseB, r.phaseC};
        ObjectNode phasesNode = null;
        for (int i = 0; i < 3; i++) {
            if (phases[i] == null) {
                continue;
            }
            phasesNode = phasesNode == null ? o.putObject(PHASES) : phasesNode;
            ObjectNode p = phasesNode.putObject(PHASE_LETTERS[i]);
            putIfPresent(p, ACTIVE_POWER, phases[i].activePowerW);
            putIfPresent(p, REACTIVE_POWER, phases[i].reactivePowerVar);
            putIfPresent(p, APPARENT_POWER, phases[i].apparentPowerVa);
            putIfPresent(p, VOLTAGE, phases[i].voltageV);
            putIfPresent(p, CURRENT, phases[i].currentA);
            putIfPresent(p, POWER_FACTOR, phases[i].powerFactor);
        }
        return o.toString();
    }

    private static void putIfPresent(ObjectNode o, String field, Double value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
