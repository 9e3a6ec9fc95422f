package io.wattflow.jobs.ingest;

import io.wattflow.kafka.KafkaConnectors;
import io.wattflow.kafka.KafkaSettings;
import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceMinute;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.ControlError;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.Forecast;
import io.wattflow.record.ForecastError;
import io.wattflow.record.GapRecord;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterProfile;
import io.wattflow.record.NewDevice;
import io.wattflow.record.DeviceHealthAlert;
import io.wattflow.record.ProfileDay;
import io.wattflow.record.PowerSample;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.List;

/** Where the pipeline writes: for each output, any number of sinks (Parquet, Kafka). */
public final class IngestOutputs {
    public static final String INTERVALS_1MIN = "intervals_1min";
    public static final String INTERVALS_15MIN = "intervals_15min";
    public static final String GAPS = "gaps";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String EVENTS = "events";
    public static final String APPLIANCE_RUNS = "appliance_runs";
    public static final String ANOMALIES = "anomalies";
    public static final String ALERTS = "alerts";
    public static final String DAILY_BASELINES = "daily_baselines";
    public static final String HEATPUMP_DETECTIONS = "heatpump_detections";
    public static final String HEATPUMP_ENERGY = "heatpump_energy";
    public static final String POWER_SAMPLES = "power_samples";
    public static final String FORECASTS = "forecasts";
    public static final String FORECAST_ERRORS = "forecast_errors";
    public static final String PROFILE_DAYS = "profile_days";
    public static final String METER_PROFILES = "meter_profiles";
    public static final String APPLIANCE_ACTIVATIONS = "appliance_activations";
    public static final String APPLIANCE_ENERGY_DAILY = "appliance_energy_daily";
    public static final String APPLIANCE_MINUTES = "appliance_minutes";
    public static final String NEW_DEVICES = "new_devices";
    public static final String DEVICE_HEALTH = "device_health";
    public static final String CONTROL_ERRORS = "control_errors";
    /** Every output, in the order summaries list them. */
    public static final List<String> ALL = List.of(INTERVALS_1MIN, INTERVALS_15MIN, GAPS, EVENTS, APPLIANCE_RUNS, NEW_DEVICES, DEVICE_HEALTH,
            DAILY_BASELINES, ANOMALIES, ALERTS, HEATPUMP_DETECTIONS, HEATPUMP_ENERGY, APPLIANCE_ACTIVATIONS,
            APPLIANCE_ENERGY_DAILY, APPLIANCE_MINUTES, FORECASTS, FORECAST_ERRORS, PROFILE_DAYS, METER_PROFILES, POWER_SAMPLES, DEAD_LETTERS, CONTROL_ERRORS);

    final OutputSinks<IntervalReading> minuteIntervals = new OutputSinks<>();
    final OutputSinks<IntervalReading> quarterHourIntervals = new OutputSinks<>();
    final OutputSinks<GapRecord> gaps = new OutputSinks<>();
    final OutputSinks<DeadLetter> deadLetters = new OutputSinks<>();
    final OutputSinks<LoadEvent> events = new OutputSinks<>();
    final OutputSinks<ApplianceRun> runs = new OutputSinks<>();
    final OutputSinks<Anomaly> anomalies = new OutputSinks<>();
    final OutputSinks<AnomalyAlert> alerts = new OutputSinks<>();
    final OutputSinks<DailyBaseline> baselines = new OutputSinks<>();
    final OutputSinks<HeatPumpDetection> heatPumpDetections = new OutputSinks<>();
    final OutputSinks<HeatPumpEnergy> heatPumpEnergy = new OutputSinks<>();
    final OutputSinks<PowerSample> powerSamples = new OutputSinks<>();
    final OutputSinks<Forecast> forecasts = new OutputSinks<>();
    final OutputSinks<ForecastError> forecastErrors = new OutputSinks<>();
    final OutputSinks<ProfileDay> profileDays = new OutputSinks<>();
    final OutputSinks<MeterProfile> meterProfiles = new OutputSinks<>();
    final OutputSinks<ApplianceActivation> applianceActivations = new OutputSinks<>();
    final OutputSinks<ApplianceEnergyDaily> applianceEnergyDaily = new OutputSinks<>();
    final OutputSinks<ApplianceMinute> applianceMinutes = new OutputSinks<>();
    final OutputSinks<NewDevice> newDevices = new OutputSinks<>();
    final OutputSinks<DeviceHealthAlert> deviceHealth = new OutputSinks<>();
    final OutputSinks<ControlError> controlErrors = new OutputSinks<>();

    /** Parquet under {@code base}: one folder per output, partitioned by event date. */
    public static IngestOutputs parquet(Path base) {
        IngestOutputs o = new IngestOutputs();
        o.minuteIntervals.add("parquet", ParquetSinks.forRecords(IntervalReading.class, new Path(base, INTERVALS_1MIN), r -> r.startMs));
        o.quarterHourIntervals.add("parquet", ParquetSinks.forRecords(IntervalReading.class, new Path(base, INTERVALS_15MIN), r -> r.startMs));
        o.gaps.add("parquet", ParquetSinks.forRecords(GapRecord.class, new Path(base, GAPS), g -> g.startMs));
        o.deadLetters.add("parquet", ParquetSinks.forRecords(DeadLetter.class, new Path(base, DEAD_LETTERS), d -> d.refusedAtMs));
        o.events.add("parquet", ParquetSinks.forRecords(LoadEvent.class, new Path(base, EVENTS), e -> e.timestampMs));
        o.runs.add("parquet", ParquetSinks.forRecords(ApplianceRun.class, new Path(base, APPLIANCE_RUNS), r -> r.startMs));
        o.anomalies.add("parquet", ParquetSinks.forRecords(Anomaly.class, new Path(base, ANOMALIES), a -> a.startMs));
        o.alerts.add("parquet", ParquetSinks.forRecords(AnomalyAlert.class, new Path(base, ALERTS), a -> a.emittedMs));
        o.baselines.add("parquet", ParquetSinks.forRecords(DailyBaseline.class, new Path(base, DAILY_BASELINES), d -> d.dayStartMs));
        o.heatPumpDetections.add("parquet", ParquetSinks.forRecords(HeatPumpDetection.class, new Path(base, HEATPUMP_DETECTIONS),
                d -> d.windowEndMs));
        o.heatPumpEnergy.add("parquet", ParquetSinks.forRecords(HeatPumpEnergy.class, new Path(base, HEATPUMP_ENERGY), e -> e.startMs));
        o.powerSamples.add("parquet", ParquetSinks.forRecords(PowerSample.class, new Path(base, POWER_SAMPLES), p -> p.timestampMs));
        o.forecasts.add("parquet", ParquetSinks.forRecords(Forecast.class, new Path(base, FORECASTS), f -> f.issuedAtMs));
        o.forecastErrors.add("parquet", ParquetSinks.forRecords(ForecastError.class, new Path(base, FORECAST_ERRORS), e -> e.dayStartMs));
        o.profileDays.add("parquet", ParquetSinks.forRecords(ProfileDay.class, new Path(base, PROFILE_DAYS), d -> d.dayStartMs));
        o.meterProfiles.add("parquet", ParquetSinks.forRecords(MeterProfile.class, new Path(base, METER_PROFILES), p -> p.weekStartMs));
        o.applianceActivations.add("parquet", ParquetSinks.forRecords(ApplianceActivation.class,
                new Path(base, APPLIANCE_ACTIVATIONS), a -> a.startMs));
        o.applianceEnergyDaily.add("parquet", ParquetSinks.forRecords(ApplianceEnergyDaily.class,
                new Path(base, APPLIANCE_ENERGY_DAILY), d -> d.dayStartMs));
        o.applianceMinutes.add("parquet", ParquetSinks.forRecords(ApplianceMinute.class, new Path(base, APPLIANCE_MINUTES), m -> m.startMs));
        o.newDevices.add("parquet", ParquetSinks.forRecords(NewDevice.class, new Path(base, NEW_DEVICES), d -> d.detectedAtMs));
        o.deviceHealth.add("parquet", ParquetSinks.forRecords(DeviceHealthAlert.class, new Path(base, DEVICE_HEALTH), a -> a.dayStartMs));
        o.controlErrors.add("parquet", ParquetSinks.forRecords(ControlError.class, new Path(base, CONTROL_ERRORS), e -> e.refusedAtMs));
        return o;
    }

    /** One Kafka topic per output ({@code <prefix><output>}), exactly once, keyed by meter id. */
    public static IngestOutputs kafka(KafkaSettings kafka) {
        IngestOutputs o = new IngestOutputs();
        o.minuteIntervals.add("kafka", KafkaConnectors.output(kafka, INTERVALS_1MIN, r -> r.meterId));
        o.quarterHourIntervals.add("kafka", KafkaConnectors.output(kafka, INTERVALS_15MIN, r -> r.meterId));
        o.gaps.add("kafka", KafkaConnectors.output(kafka, GAPS, g -> g.meterId));
        o.deadLetters.add("kafka", KafkaConnectors.output(kafka, DEAD_LETTERS, d -> d.meterId));
        o.events.add("kafka", KafkaConnectors.output(kafka, EVENTS, e -> e.meterId));
        o.runs.add("kafka", KafkaConnectors.output(kafka, APPLIANCE_RUNS, r -> r.meterId));
        o.anomalies.add("kafka", KafkaConnectors.output(kafka, ANOMALIES, a -> a.meterId));
        o.alerts.add("kafka", KafkaConnectors.output(kafka, ALERTS, a -> a.meterId));
        o.baselines.add("kafka", KafkaConnectors.output(kafka, DAILY_BASELINES, d -> d.meterId));
        o.heatPumpDetections.add("kafka", KafkaConnectors.output(kafka, HEATPUMP_DETECTIONS, d -> d.meterId));
        o.heatPumpEnergy.add("kafka", KafkaConnectors.output(kafka, HEATPUMP_ENERGY, e -> e.meterId));
        o.powerSamples.add("kafka", KafkaConnectors.output(kafka, POWER_SAMPLES, p -> p.meterId));
        o.forecasts.add("kafka", KafkaConnectors.output(kafka, FORECASTS, f -> f.meterId));
        o.forecastErrors.add("kafka", KafkaConnectors.output(kafka, FORECAST_ERRORS, e -> e.meterId));
        o.profileDays.add("kafka", KafkaConnectors.output(kafka, PROFILE_DAYS, d -> d.meterId));
        o.meterProfiles.add("kafka", KafkaConnectors.output(kafka, METER_PROFILES, p -> p.meterId));
        o.applianceActivations.add("kafka", KafkaConnectors.output(kafka, APPLIANCE_ACTIVATIONS, a -> a.meterId));
        o.applianceEnergyDaily.add("kafka", KafkaConnectors.output(kafka, APPLIANCE_ENERGY_DAILY, d -> d.meterId));
        o.applianceMinutes.add("kafka", KafkaConnectors.output(kafka, APPLIANCE_MINUTES, m -> m.meterId));
        o.newDevices.add("kafka", KafkaConnectors.output(kafka, NEW_DEVICES, d -> d.meterId));
        o.deviceHealth.add("kafka", KafkaConnectors.output(kafka, DEVICE_HEALTH, a -> a.meterId));
        o.controlErrors.add("kafka", KafkaConnectors.output(kafka, CONTROL_ERRORS, e -> e.model));
        return o;
    }

    /** Every output thrown away, for benchmarks. */
    public static IngestOutputs discarding() {
        IngestOutputs o = new IngestOutputs();
        o.minuteIntervals.add("discard", new DiscardingSink<>());
        o.quarterHourIntervals.add("discard", new DiscardingSink<>());
        o.gaps.add("discard", new DiscardingSink<>());
        o.deadLetters.add("discard", new DiscardingSink<>());
        o.events.add("discard", new DiscardingSink<>());
        o.runs.add("discard", new DiscardingSink<>());
        o.anomalies.add("discard", new DiscardingSink<>());
        o.alerts.add("discard", new DiscardingSink<>());
        o.baselines.add("discard", new DiscardingSink<>());
        o.heatPumpDetections.add("discard", new DiscardingSink<>());
        o.heatPumpEnergy.add("discard", new DiscardingSink<>());
        o.powerSamples.add("discard", new DiscardingSink<>());
        o.forecasts.add("discard", new DiscardingSink<>());
        o.forecastErrors.add("discard", new DiscardingSink<>());
        o.profileDays.add("discard", new DiscardingSink<>());
        o.meterProfiles.add("discard", new DiscardingSink<>());
        o.applianceActivations.add("discard", new DiscardingSink<>());
        o.applianceEnergyDaily.add("discard", new DiscardingSink<>());
        o.applianceMinutes.add("discard", new DiscardingSink<>());
        o.newDevices.add("discard", new DiscardingSink<>());
        o.deviceHealth.add("discard", new DiscardingSink<>());
        o.controlErrors.add("discard", new DiscardingSink<>());
        return o;
    }

    /** Both: every output to this one's sinks and to {@code other}'s. */
    public IngestOutputs and(IngestOutputs other) {
        minuteIntervals.addAll(other.minuteIntervals);
        quarterHourIntervals.addAll(other.quarterHourIntervals);
        gaps.addAll(other.gaps);
        deadLetters.addAll(other.deadLetters);
        events.addAll(other.events);
        runs.addAll(other.runs);
        anomalies.addAll(other.anomalies);
        alerts.addAll(other.alerts);
        baselines.addAll(other.baselines);
        heatPumpDetections.addAll(other.heatPumpDetections);
        heatPumpEnergy.addAll(other.heatPumpEnergy);
        powerSamples.addAll(other.powerSamples);
        forecasts.addAll(other.forecasts);
        forecastErrors.addAll(other.forecastErrors);
        profileDays.addAll(other.profileDays);
        meterProfiles.addAll(other.meterProfiles);
        applianceActivations.addAll(other.applianceActivations);
        applianceEnergyDaily.addAll(other.applianceEnergyDaily);
        applianceMinutes.addAll(other.applianceMinutes);
        newDevices.addAll(other.newDevices);
        deviceHealth.addAll(other.deviceHealth);
        controlErrors.addAll(other.controlErrors);
        return this;
    }
}
