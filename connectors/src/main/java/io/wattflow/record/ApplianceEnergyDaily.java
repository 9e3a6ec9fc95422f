package io.wattflow.record;

/**
 * One appliance's estimated energy in one local day of a meter, and its share of the energy the
 * meter measured over the same estimated minutes. Each day has a row per appliance and one for
 * {@link #OTHER}, the rest of the load; their kWh add up to {@code measuredKwh}.
 */
public class ApplianceEnergyDaily {
    public static final String OTHER = "other";

    public String meterId;
    /** Local midnight the day starts at (the meters' zone). */
    public long dayStartMs;
    public String appliance;
    public double kwh;
    /** kwh / measuredKwh; 0 for a day with no measured energy. */
    public double share;
    /** The meter's energy over the day's estimated minutes. */
    public double measuredKwh;
    /** Minutes of the day the model estimated (1,440 for a whole day with no hole). */
    public int minutes;
    public String model;
    public String modelVersion;

    public ApplianceEnergyDaily() {}

    @Override
    public String toString() {
        return "ApplianceEnergyDaily{" + meterId + " " + java.time.Instant.ofEpochMilli(dayStartMs) + " " + appliance + " "
                + String.format("%.3f kWh (%.0f %% of %.3f, %d min)", kwh, share * 100, measuredKwh, minutes) + '}';
    }
}
