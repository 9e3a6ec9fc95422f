package io.wattflow.jobs.local;

import io.wattflow.jobs.dashboard.OutputTables;
import io.wattflow.jobs.ingest.IngestOutputs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each output of a local run found, one line each, for the demo's summary: a SQL query per output
 * over its committed Parquet files (DuckDB, as the dashboard reads them).
 */
public final class OutputFindings {
    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put(IngestOutputs.INTERVALS_1MIN, "SELECT count(DISTINCT meterId) || ' meters, ' || count(*) || ' minutes, '"
                + " || round(sum(energyKwh), 1) || ' kWh' FROM intervals_1min");
        QUERIES.put(IngestOutputs.GAPS, "SELECT count(*) || ' gaps, the longest ' || round(max(endMs - startMs) / 60000) || ' min' FROM gaps");
        QUERIES.put(IngestOutputs.EVENTS, "SELECT count_if(deltaActivePowerW > 0) || ' ON and ' || count_if(deltaActivePowerW < 0)"
                + " || ' OFF load events, median step ' || round(median(abs(deltaActivePowerW))) || ' W' FROM events");
        QUERIES.put(IngestOutputs.APPLIANCE_RUNS, "SELECT count_if(status = 'matched') || ' runs, median ' || round(median(meanPowerW))"
                + " || ' W for ' || round(median(durationMs) / 60000, 1) || ' min; ' || count_if(status = 'unmatched') || ' ON without OFF; named: '"
                + " || coalesce((SELECT string_agg(appliance || ' x' || n, ', ') FROM (SELECT appliance, count(*) AS n FROM appliance_runs"
                + " WHERE appliance IS NOT NULL AND appliance <> 'unknown' GROUP BY appliance ORDER BY n DESC)), 'none')"
                + " FROM appliance_runs");
        QUERIES.put(IngestOutputs.NEW_DEVICES, "SELECT count(*) || ' recurring loads nobody named, e.g. ' || arg_max(description, runs)"
                + " FROM new_devices");
        QUERIES.put(IngestOutputs.DEVICE_HEALTH, "SELECT count(*) || ' device health alerts: ' || string_agg(DISTINCT kind, ', ')"
                + " FROM device_health");
        QUERIES.put(IngestOutputs.DAILY_BASELINES, "SELECT count(*) || ' meter-days, median Always-On ' || round(median(alwaysOnW)) || ' W'"
                + " FROM daily_baselines");
        QUERIES.put(IngestOutputs.ANOMALIES, "SELECT string_agg(kind || ' x' || n, ', ') FROM (SELECT kind, count(*) AS n FROM anomalies"
                + " GROUP BY kind ORDER BY n DESC)");
        QUERIES.put(IngestOutputs.ALERTS, "SELECT string_agg(kind || ' on ' || meterId, ', ') FROM (SELECT DISTINCT kind, meterId"
                + " FROM alerts ORDER BY meterId, kind)");
        QUERIES.put(IngestOutputs.HEATPUMP_DETECTIONS, "SELECT count(*) || ' windows; a heat pump at ' || coalesce(string_agg(DISTINCT"
                + " CASE WHEN heatPump THEN meterId END, ', '), 'no meter') FROM heatpump_detections");
        QUERIES.put(IngestOutputs.HEATPUMP_ENERGY, "SELECT round(sum(heatPumpKwh), 1) || ' kWh of heat pump on meters that have one ('"
                + " || round(sum(estimatedKwh), 1) || ' kWh estimated before the detection''s gate)' FROM heatpump_energy");
        QUERIES.put(IngestOutputs.APPLIANCE_ACTIVATIONS, "SELECT string_agg(appliance || ' x' || n, ', ') FROM (SELECT appliance,"
                + " count(*) AS n FROM appliance_activations GROUP BY appliance ORDER BY n DESC)");
        QUERIES.put(IngestOutputs.APPLIANCE_ENERGY_DAILY, "SELECT string_agg(appliance || ' ' || round(100 * share) || ' %', ', ')"
                + " FROM (SELECT appliance, sum(kwh) / sum(measuredKwh) AS share FROM appliance_energy_daily GROUP BY appliance"
                + " ORDER BY share DESC)");
        QUERIES.put(IngestOutputs.FORECASTS, "SELECT count(DISTINCT meterId || '@' || issuedAtMs) || ' forecasts issued' FROM forecasts");
        QUERIES.put(IngestOutputs.FORECAST_ERRORS, "SELECT count(*) || ' days scored, median MAE ' || round(median(maeKwh), 3)"
                + " || ' kWh an hour, ' || round(100 * avg(bandCoverage)) || ' % of hours inside p10-p90' FROM forecast_errors");
        QUERIES.put(IngestOutputs.PROFILE_DAYS, "SELECT count(*) || ' days in ' || count(DISTINCT cluster) || ' profile clusters'"
                + " FROM profile_days");
        QUERIES.put(IngestOutputs.METER_PROFILES, "SELECT count(*) || ' meter-weeks, ' || count_if(changed) || ' with a changed routine'"
                + " FROM meter_profiles");
        QUERIES.put(IngestOutputs.DEAD_LETTERS, "SELECT string_agg(reason || ' x' || n, ', ') FROM (SELECT reason, count(*) AS n"
                + " FROM dead_letters GROUP BY reason ORDER BY n DESC)");
        QUERIES.put(IngestOutputs.CONTROL_ERRORS, "SELECT count(*) || ' model-control commands refused, e.g. ' || arg_min(reason, refusedAtMs)"
                + " FROM control_errors");
    }

    private OutputFindings() {}

    /** Prints a line per output that has a query and rows; an output without rows says so. */
    public static void print(Path outputBase, PrintStream out) {
        out.println("  what they found:");
        try (OutputTables tables = new OutputTables(outputBase, IngestOutputs.ALL)) {
            for (Map.Entry<String, String> q : QUERIES.entrySet()) {
                String finding;
                if (!tables.has(q.getKey())) {
                    finding = "nothing";
                } else {
                    List<Map<String, Object>> rows = tables.rows(q.getValue());
                    Object first = rows.isEmpty() ? null : rows.get(0).values().iterator().next();
                    finding = first == null ? "nothing" : first.toString();
                }
                out.printf("    %-22s %s%n", q.getKey(), finding);
            }
        } catch (Exception e) {
            out.println("    (not summarised: " + e.getMessage() + ")");
        }
    }
}
