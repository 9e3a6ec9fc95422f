package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

/**
 * A recurring cycling device of a meter (a fridge, a freezer, a heat pump) behaving worse than it did:
 * its last 7 days against the 3 weeks before, explained in one sentence.
 */
public class DeviceHealthAlert {
    public static final String DUTY_CYCLE_UP = "duty_cycle_up";
    public static final String ON_POWER_UP = "on_power_up";
    public static final String SHORT_CYCLING = "short_cycling";

    public String meterId;
    public String kind;
    /** The last day (UTC) of the 7 judged. */
    public String day;
    public long dayStartMs;
    /** The device's name where the household gave one, else null. */
    @Nullable public String appliance;
    /** The device's power when it runs, when it was first tracked, W. */
    public double typicalPowerW;
    /** The last 7 days' and the reference's value: share of time on (0..1), W, or minutes per cycle. */
    public double observed;
    public double expected;
    public String unit;
    public String explanation;

    public DeviceHealthAlert() {}

    @Override
    public String toString() {
        return "DeviceHealthAlert{" + meterId + " " + kind + " " + day + ": " + explanation + '}';
    }
}
