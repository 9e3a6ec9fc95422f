package io.wattflow.format;

/**
 * Field names shared by the wattflow JSON and CSV formats, so one spelling serves both. Per-phase
 * fields in CSV are these names prefixed with the phase letter and an underscore ("a_voltage_v").
 */
public final class FieldNames {
    public static final String VERSION = "v";
    public static final String METER_ID = "meter_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String TS = "ts";
    public static final String ACTIVE_POWER = "active_power_w";
    public static final String REACTIVE_POWER = "reactive_power_var";
    public static final String APPARENT_POWER = "apparent_power_va";
    public static final String VOLTAGE = "voltage_v";
    public static final String CURRENT = "current_a";
    public static final String POWER_FACTOR = "power_factor";
    public static final String FREQUENCY = "frequency_hz";
    public static final String PHASES = "phases";
    public static final String[] PHASE_LETTERS = {"a", "b", "c"};

    private FieldNames() {}
}
