package io.wattflow.jobs.dashboard;

import io.wattflow.jobs.ingest.IngestOutputs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the dashboard's pages show, as SQL over the job's outputs ({@link DuckTables}). */
final class DashboardQueries {
    /** Buckets of the raw samples are used while a bucket is shorter than a minute; the 1-min intervals beyond. */
    private static final long MINUTE_MS = 60_000;
    static final int MAX_POINTS = 20_000;
    static final java.time.Duration EVENTS_UP_TO = java.time.Duration.ofDays(3);

    private final DuckTables tables;

    DashboardQueries(DuckTables tables) {
        this.tables = tables;
    }

    /** One row per meter: last reading, energy, open alerts, heat pump, Always-On and its largest recurring loads. */
    List<Map<String, Object>> meters(String search) {
        return meters(search, null);
    }

    /** As {@link #meters(String)}; with {@code only}, the queries read that meter's rows alone (the meter page polls it). */
    private List<Map<String, Object>> meters(String search, String only) {
        if (!tables.has(IngestOutputs.INTERVALS_1MIN)) {
            return List.of();
        }
        String and = only == null ? "" : " AND meterId = ?";
        Object[] meter = only == null ? new Object[0] : new Object[] {only};
        Map<String, Map<String, Object>> byMeter = new LinkedHashMap<>();
        for (Map<String, Object> row : tables.rows("SELECT meterId, min(startMs) AS firstMs, max(endMs) AS lastMs, "
                + "arg_max(meanPowerW, endMs) AS lastPowerW, sum(energyKwh) AS energyKwh FROM intervals_1min WHERE true" + and
                + " GROUP BY meterId ORDER BY meterId", meter)) {
            String id = (String) row.get("meterId");
            if (search == null || id.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
                row.put("openAlerts", 0L);
                row.put("topLoads", new ArrayList<>());
                byMeter.put(id, row);
            }
        }
        if (tables.has(IngestOutputs.ALERTS)) {
            for (Map<String, Object> row : tables.rows("SELECT meterId, count(*) AS open FROM (" + LATEST_ALERTS
                    + ") WHERE status = 'open'" + and + " GROUP BY meterId", meter)) {
                merge(byMeter, row, "open", "openAlerts");
            }
        }
        if (tables.has(IngestOutputs.HEATPUMP_DETECTIONS)) {
            for (Map<String, Object> row : tables.rows("SELECT meterId, arg_max(heatPump, windowEndMs) AS heatPump, "
                    + "arg_max(probability, windowEndMs) AS heatPumpProbability FROM heatpump_detections WHERE true" + and
                    + " GROUP BY meterId", meter)) {
                merge(byMeter, row, "heatPump", "heatPump");
                merge(byMeter, row, "heatPumpProbability", "heatPumpProbability");
            }
        }
        if (tables.has(IngestOutputs.DAILY_BASELINES)) {
            for (Map<String, Object> row : tables.rows("SELECT meterId, arg_max(alwaysOnW, dayStartMs) AS alwaysOnW, "
                    + "arg_max(alwaysOnCostPerYear, dayStartMs) AS alwaysOnCostPerYear FROM daily_baselines WHERE true" + and
                    + " GROUP BY meterId", meter)) {
                merge(byMeter, row, "alwaysOnW", "alwaysOnW");
                merge(byMeter, row, "alwaysOnCostPerYear", "alwaysOnCostPerYear");
            }
        }
        if (tables.has(IngestOutputs.APPLIANCE_RUNS)) {
            // Until appliances are named, a meter's largest consumers are its recurring run powers (to 100 W).
            for (Map<String, Object> row : tables.rows("SELECT meterId, round(meanPowerW / 100) * 100 AS powerW, count(*) AS runs, "
                    + "sum(energyKwh) AS energyKwh FROM appliance_runs WHERE status = 'matched'" + and + " GROUP BY meterId, powerW "
                    + "QUALIFY row_number() OVER (PARTITION BY meterId ORDER BY sum(energyKwh) DESC) <= 3 ORDER BY meterId, energyKwh DESC", meter)) {
                Map<String, Object> of = byMeter.get((String) row.get("meterId"));
                if (of != null) {
                    @SuppressWarnings("unchecked")
                    List<Object> top = (List<Object>) of.get("topLoads");
                    row.remove("meterId");
                    top.add(row);
                }
            }
        }
        return new ArrayList<>(byMeter.values());
    }

    /** The meter's own row of {@link #meters}, with its heat-pump share and its days; 404 for a meter not in the outputs. */
    Map<String, Object> meter(String id) {
        Map<String, Object> meter = meters(null, id).stream().findFirst().orElseThrow(() -> unknownMeter(id));
        if (tables.has(IngestOutputs.HEATPUMP_ENERGY) && tables.has(IngestOutputs.INTERVALS_15MIN)) {
            Map<String, Object> share = tables.rows("SELECT sum(h.heatPumpKwh) AS heatPumpKwh, sum(i.energyKwh) AS energyKwh "
                    + "FROM heatpump_energy h JOIN intervals_15min i USING (meterId, startMs) WHERE meterId = ?", id).get(0);
            meter.put("heatPumpKwh", share.get("heatPumpKwh"));
            meter.put("heatPumpPeriodKwh", share.get("energyKwh"));
        }
        if (tables.has(IngestOutputs.FORECASTS)) {
            meter.put("nextDays", tables.rows("SELECT targetStartMs, p10Kwh, p50Kwh, p90Kwh FROM forecasts WHERE meterId = ? "
                    + "AND horizon = 'day' AND issuedAtMs = (SELECT max(issuedAtMs) FROM forecasts WHERE meterId = ?) ORDER BY step", id, id));
        }
        if (tables.has(IngestOutputs.FORECAST_ERRORS)) {
            meter.put("forecastErrors", tables.rows("SELECT day, hours, maeKwh, biasKwh, actualKwh, forecastKwh, bandCoverage "
                    + "FROM forecast_errors WHERE meterId = ? ORDER BY dayStartMs", id));
        }
        if (tables.has(IngestOutputs.APPLIANCE_ENERGY_DAILY)) {
            // Each day's rows add up to its measured energy, so summing over days keeps appliances + other = measured.
            meter.put("appliances", tables.rows("SELECT appliance, sum(kwh) AS kwh, sum(kwh) / nullif(sum(measuredKwh), 0) AS share, "
                    + "count(*) AS days FROM appliance_energy_daily WHERE meterId = ? GROUP BY appliance ORDER BY kwh DESC", id));
        }
        if (tables.has(IngestOutputs.APPLIANCE_ACTIVATIONS)) {
            meter.put("activations", tables.rows("SELECT appliance, startMs, endMs, energyWh, peakW, confidence, modelVersion "
                    + "FROM appliance_activations WHERE meterId = ? ORDER BY startMs DESC LIMIT 30", id));
        }
        meter.put("newDevices", tables.has(IngestOutputs.NEW_DEVICES)
                ? tables.rows("SELECT deviceCluster, detectedAtMs, runs, days, typicalPowerW, description FROM new_devices "
                        + "WHERE meterId = ? ORDER BY detectedAtMs", id) : List.of());
        meter.put("deviceHealth", tables.has(IngestOutputs.DEVICE_HEALTH)
                ? tables.rows("SELECT day, kind, appliance, observed, expected, unit, explanation FROM device_health "
                        + "WHERE meterId = ? ORDER BY dayStartMs", id) : List.of());
        meter.put("profileDays", tables.has(IngestOutputs.PROFILE_DAYS)
                ? tables.rows("SELECT day, cluster, distance FROM profile_days WHERE meterId = ? ORDER BY dayStartMs", id) : List.of());
        meter.put("weeks", tables.has(IngestOutputs.METER_PROFILES)
                ? tables.rows("SELECT weekStart, days, dominantCluster, share, previousCluster, changed FROM meter_profiles "
                        + "WHERE meterId = ? ORDER BY weekStartMs", id) : List.of());
        meter.put("days", tables.has(IngestOutputs.DAILY_BASELINES)
                ? tables.rows("SELECT day, dayStartMs, energyKwh, coverage, baseloadW, alwaysOnW, alwaysOnKwhPerYear, "
                        + "alwaysOnCostPerYear, periodMin FROM daily_baselines WHERE meterId = ? ORDER BY dayStartMs", id)
                : List.of());
        return meter;
    }

    /**
     * First and last instant of the meter's intervals; refuses (404) a meter not in the outputs. The
     * trace and markers take a range made from it, so they are never asked about an unknown meter.
     */
    TimeRange extent(String id) {
        Map<String, Object> m = tables.has(IngestOutputs.INTERVALS_1MIN)
                ? tables.rows("SELECT min(startMs) AS firstMs, max(endMs) AS lastMs FROM intervals_1min WHERE meterId = ?", id).get(0)
                : Map.of();
        if (m.get("firstMs") == null) {
            throw unknownMeter(id);
        }
        return new TimeRange(((Number) m.get("firstMs")).longValue(), ((Number) m.get("lastMs")).longValue());
    }

    /**
     * The power trace over {@code range} in at most {@code points} buckets, each with its min, max and
     * mean: the 1 Hz samples while a bucket is under a minute and the job wrote them, else the 1-min
     * intervals. A bucket with no data after data breaks the line (a null point) instead of bridging it.
     */
    Map<String, Object> trace(String id, TimeRange range, int points) {
        if (points < 10 || points > MAX_POINTS) {
            throw new BadRequest(400, "'points' must be between 10 and " + MAX_POINTS + ", not " + points + ".");
        }
        long wanted = Math.max(1, range.spanMs() / points);
        boolean samples = wanted < MINUTE_MS && tables.has(IngestOutputs.POWER_SAMPLES);
        long step = samples ? 1_000 : MINUTE_MS;
        long bucket = Math.max(step, (wanted + step - 1) / step * step);
        List<Map<String, Object>> rows = samples
                ? tables.rows("SELECT (timestampMs // ?) * ? AS t, min(activePowerW) AS lo, max(activePowerW) AS hi, "
                        + "avg(activePowerW) AS mean FROM power_samples WHERE meterId = ? AND timestampMs >= ? AND timestampMs < ? "
                        + "GROUP BY 1 ORDER BY 1", bucket, bucket, id, range.fromMs(), range.toMs())
                : tables.rows("SELECT (startMs // ?) * ? AS t, min(minPowerW) AS lo, max(maxPowerW) AS hi, "
                        + "avg(meanPowerW) AS mean FROM intervals_1min WHERE meterId = ? AND startMs >= ? AND startMs < ? "
                        + "GROUP BY 1 ORDER BY 1", bucket, bucket, id, range.fromMs(), range.toMs());
        List<Long> t = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (Map<String, Object> row : rows) {
            long at = ((Number) row.get("t")).longValue();
            if (previous != Long.MIN_VALUE && at - previous > 2 * Math.max(bucket, 3 * step)) {
                t.add(previous + bucket);
                lo.add(null);
                hi.add(null);
                mean.add(null);
            }
            t.add(at);
            lo.add(((Number) row.get("lo")).doubleValue());
            hi.add(((Number) row.get("hi")).doubleValue());
            mean.add(((Number) row.get("mean")).doubleValue());
            previous = at;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meterId", id);
        out.put("fromMs", range.fromMs());
        out.put("toMs", range.toMs());
        out.put("source", samples ? IngestOutputs.POWER_SAMPLES : IngestOutputs.INTERVALS_1MIN);
        out.put("bucketMs", bucket);
        out.put("buckets", rows.size());
        out.put("t", t);
        out.put("lo", lo);
        out.put("hi", hi);
        out.put("mean", mean);
        return out;
    }

    /**
     * Load events, appliance runs, anomalies and alert episodes of a meter that touch {@code range};
     * load events only over at most {@link #EVENTS_UP_TO} (a month of a busy home has ~10,000 of them,
     * too many to tell apart on a screen; the page asks to zoom in).
     */
    Map<String, Object> markers(String id, TimeRange range) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean events = range.spanMs() <= EVENTS_UP_TO.toMillis();
        out.put("eventsShown", events);
        // An event carries the name of the run it switched on or off (runs are named after their events are written).
        String appliance = tables.has(IngestOutputs.APPLIANCE_RUNS)
                ? "(SELECT any_value(r.appliance) FROM appliance_runs r WHERE r.meterId = e.meterId AND r.status = 'matched' "
                        + "AND r.appliance <> 'unknown' AND (r.startMs = e.timestampMs OR r.endMs = e.timestampMs))"
                : "CAST(NULL AS VARCHAR)";
        out.put("events", events && tables.has(IngestOutputs.EVENTS)
                ? tables.rows("SELECT timestampMs, detector, deltaActivePowerW, levelBeforeW, levelAfterW, transientPeakW, settlingMs, "
                        + appliance + " AS appliance FROM events e WHERE meterId = ? AND timestampMs >= ? AND timestampMs < ? ORDER BY timestampMs",
                        id, range.fromMs(), range.toMs())
                : List.of());
        out.put("runs", tables.has(IngestOutputs.APPLIANCE_RUNS)
                ? tables.rows("SELECT startMs, endMs, durationMs, meanPowerW, energyKwh, onDeltaW, offDeltaW, status, appliance, "
                        + "confidence, deviceCluster "
                        + "FROM appliance_runs WHERE meterId = ? AND startMs < ? AND endMs > ? ORDER BY startMs",
                        id, range.toMs(), range.fromMs())
                : List.of());
        out.put("anomalies", tables.has(IngestOutputs.ANOMALIES)
                ? tables.rows("SELECT kind, startMs, endMs, detectedMs, observed, expected, unit, score, severity, explanation "
                        + "FROM anomalies WHERE meterId = ? AND startMs < ? AND endMs > ? ORDER BY startMs",
                        id, range.toMs(), range.fromMs())
                : List.of());
        out.put("alerts", tables.has(IngestOutputs.ALERTS)
                ? tables.rows("SELECT * FROM (" + LATEST_ALERTS + ") WHERE meterId = ? AND startMs < ? AND endMs > ? ORDER BY startMs",
                        id, range.toMs(), range.fromMs())
                : List.of());
        // The hourly forecasts of the hours in view, each from its latest issue (the one made at its day's midnight).
        out.put("forecasts", tables.has(IngestOutputs.FORECASTS) && range.spanMs() <= EVENTS_UP_TO.toMillis() * 5
                ? tables.rows("SELECT targetStartMs, targetEndMs, arg_max(p10Kwh, issuedAtMs) AS p10Kwh, arg_max(p50Kwh, issuedAtMs) AS p50Kwh, "
                        + "arg_max(p90Kwh, issuedAtMs) AS p90Kwh FROM forecasts WHERE meterId = ? AND horizon = 'hour' "
                        + "AND targetStartMs < ? AND targetEndMs > ? GROUP BY targetStartMs, targetEndMs ORDER BY targetStartMs",
                        id, range.toMs(), range.fromMs())
                : List.of());
        return out;
    }

    /** Alert episodes across meters, newest first, each in its latest state (an episode is emitted open, then closed). */
    List<Map<String, Object>> alerts(String status, int limit) {
        if (status != null && !status.equals("open") && !status.equals("closed")) {
            throw new BadRequest(400, "'status' is open or closed, not '" + status + "'.");
        }
        if (!tables.has(IngestOutputs.ALERTS)) {
            return List.of();
        }
        List<Map<String, Object>> rows = tables.rows("SELECT * FROM (" + LATEST_ALERTS + ")"
                + (status == null ? "" : " WHERE status = ?") + " ORDER BY startMs DESC LIMIT " + Math.max(1, Math.min(limit, 10_000)),
                status == null ? new Object[0] : new Object[] {status});
        rows.sort(Comparator.comparing((Map<String, Object> r) -> ((Number) r.get("startMs")).longValue()).reversed());
        return rows;
    }

    private static final String LATEST_ALERTS = "SELECT meterId, kind, startMs, arg_max(status, emittedMs) AS status, "
            + "arg_max(endMs, emittedMs) AS endMs, max(emittedMs) AS emittedMs, arg_max(anomalies, emittedMs) AS anomalies, "
            + "arg_max(maxScore, emittedMs) AS maxScore, arg_max(severity, emittedMs) AS severity, "
            + "arg_max(explanation, emittedMs) AS explanation FROM alerts GROUP BY meterId, kind, startMs";

    private static void merge(Map<String, Map<String, Object>> byMeter, Map<String, Object> row, String from, String to) {
        Map<String, Object> meter = byMeter.get((String) row.get("meterId"));
        if (meter != null) {
            meter.put(to, row.get(from));
        }
    }

    private BadRequest unknownMeter(String id) {
        return new BadRequest(404, "No meter '" + id + "' in these outputs; the meter list at / shows the meters there are.");
    }
}
