package io.wattflow.jobs.ingest;

import io.wattflow.jobs.control.ModelControlLines;
import io.wattflow.jobs.heatpump.HeatPumpStage;
import io.wattflow.jobs.heatpump.WeatherLines;
import io.wattflow.jobs.lines.CsvLines;
import io.wattflow.jobs.recognition.LabelLines;
import io.wattflow.jobs.recognition.RecognitionStage;
import io.wattflow.jobs.nilm.NilmStage;
import io.wattflow.operators.bundle.BundlingKeyedProcessOperator;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.forecast.ForecastFunction;
import io.wattflow.operators.forecast.WeatherForecastFunction;
import io.wattflow.operators.profile.MeterProfileFunction;
import io.wattflow.operators.profile.ProfileAssigner;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.interval.IntervalRollup;
import io.wattflow.operators.meter.MeterStreamFunction;
import io.wattflow.operators.runs.ApplianceRuns;
import io.wattflow.operators.anomaly.AnomalyAlerts;
import io.wattflow.operators.anomaly.AnomalyFunction;
import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.ControlError;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.ModelControl;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.Forecast;
import io.wattflow.record.TemperatureReading;
import io.wattflow.record.MeterProfile;
import io.wattflow.record.ProfileDay;
import io.wattflow.record.GapRecord;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.RawRecord;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * The meter pipeline: raw records -> parse and check -> event time -> per-meter validation ->
 * gap records, 1-min and 15-min interval records, load events (changepoints with signatures) and
 * appliance runs (ON/OFF pairs, Flink CEP), daily baselines, anomalies and their alert episodes
 * (Flink CEP), consumption forecasts issued at local midnight with their errors, and, given weather, heat-pump detection and disaggregation (ONNX) on the 15-min
 * intervals; every refused record -> dead letters.
 *
 * <p>The job takes its source and outputs, so tests run the very pipeline production runs, with a
 * bounded source and real Parquet sinks. Every operator has a stable uid for savepoints.
 */
public final class MeterPipelineJob {
    private final ReadingsInput input;
    private final IngestOutputs outputs;
    private final IngestSettings settings;
    private Source<RawRecord, ?, ?> weather;
    private Source<RawRecord, ?, ?> labels;
    private Source<RawRecord, ?, ?> modelControl;

    public MeterPipelineJob(ReadingsInput input, IngestOutputs outputs, IngestSettings settings) {
        this.input = input;
        this.outputs = outputs;
        this.settings = settings;
    }

    /** A job over a source of raw records (files), decoded after the source. */
    public MeterPipelineJob(Source<RawRecord, ?, ?> source, IngestOutputs outputs, IngestSettings settings) {
        this(ReadingsInput.ofRaw(source), outputs, settings);
    }

    /** The households' appliance labels (CSV lines, see {@link LabelLines}); without them runs are still clustered into new devices. */
    public MeterPipelineJob withLabels(Source<RawRecord, ?, ?> labelLines) {
        this.labels = labelLines;
        return this;
    }

    /** Model-control commands (CSV lines, see {@link ModelControlLines}) for the heat-pump and NILM models. */
    public MeterPipelineJob withModelControl(Source<RawRecord, ?, ?> commandLines) {
        this.modelControl = commandLines;
        return this;
    }

    /** Outdoor temperature lines for the heat-pump models (which run only with weather and {@code settings.heatPump}) and the forecasts. */
    public MeterPipelineJob withWeather(Source<RawRecord, ?, ?> weatherLines) {
        this.weather = weatherLines;
        return this;
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        ReadingsInput.Streams in = input.open(env, settings);
        DataStream<SourcedReading> timed = in.readings;

        MeterStreamFunction<?> meterStream = new MeterStreamFunction<>(settings.validation, settings.gapThreshold, Duration.ofMinutes(1),
                settings.samplePeriod, ChangeDetectors.pipeline(settings.detector, settings.minStepW), settings.stateTtl);
        if (settings.powerSamples) {
            meterStream.withPowerSamples();
        }
        KeyedStream<SourcedReading, String> byMeter = timed.keyBy(MeterKeys::ofSourced);
        String meterStreamName = "duplicates, late, gaps, 1-min intervals, load events (" + settings.detector + ")";
        SingleOutputStreamOperator<IntervalReading> minutes = (settings.bundleReadings > 0
                ? byMeter.transform(meterStreamName, TypeInformation.of(IntervalReading.class),
                        new BundlingKeyedProcessOperator<>(meterStream, settings.bundleReadings, settings.bundleWait))
                : byMeter.process(meterStream))
                .uid("meter-stream-" + settings.detector)
                .name(meterStreamName);
        DataStream<GapRecord> gaps = minutes.getSideOutput(MeterStreamFunction.GAPS);
        DataStream<LoadEvent> events = minutes.getSideOutput(MeterStreamFunction.EVENTS);

        // The 1-min intervals keep their input's partitioning by meter: no second shuffle.
        DataStream<IntervalReading> quarterHours = DataStreamUtils
                .reinterpretAsKeyedStream(minutes, MeterKeys::ofInterval)
                .process(new IntervalRollup(Duration.ofMinutes(15), settings.samplePeriod))
                .uid("intervals-15min").name("15-min intervals");

        DataStream<ApplianceRun> runs = ApplianceRuns.of(events.keyBy(MeterKeys::ofEvent), settings.runPairing, "appliance-runs");

        SingleOutputStreamOperator<Anomaly> anomalies = DataStreamUtils
                .reinterpretAsKeyedStream(minutes, MeterKeys::ofInterval)
                .process(new AnomalyFunction(settings.anomaly))
                .uid("anomalies").name("baselines and anomalies");
        DataStream<DailyBaseline> baselines = anomalies.getSideOutput(AnomalyFunction.DAILY_BASELINES);
        DataStream<AnomalyAlert> alerts = AnomalyAlerts.of(anomalies, "alerts");

        DataStream<DeadLetter> deadLetters = in.deadLetters.union(minutes.getSideOutput(DeadLetters.TAG));
        DataStream<TemperatureReading> temperatures = null;
        boolean heatPumpRuns = weather != null && settings.heatPump != null;
        DataStream<ModelControl> control = null;
        DataStream<ControlError> controlErrors = null;
        if (modelControl != null) {
            CsvLines.Timed<ModelControl> read = ModelControlLines.read(env, modelControl, settings.validation.naiveTimestampZone(),
                    servedModels(heatPumpRuns));
            control = read.records;
            deadLetters = deadLetters.union(read.deadLetters);
        }
        DataStream<HeatPumpDetection> heatPumpDetections = null;
        if (heatPumpRuns) {
            CsvLines.Timed<TemperatureReading> weatherIn = WeatherLines.read(env, weather, settings.heatPump.defaultRegion,
                    settings.validation.naiveTimestampZone(), settings.idleness);
            deadLetters = deadLetters.union(weatherIn.deadLetters);
            temperatures = weatherIn.records;
            HeatPumpStage heatPump = HeatPumpStage.attach(quarterHours, temperatures, settings.heatPump, control);
            heatPumpDetections = heatPump.detections;
            controlErrors = heatPump.controlErrors;
            outputs.heatPumpDetections.attach(heatPump.detections, "heatpump-detections");
            outputs.heatPumpEnergy.attach(heatPump.energy, "heatpump-energy");
        }

        outputs.minuteIntervals.attach(minutes, "intervals-1min");
        outputs.quarterHourIntervals.attach(quarterHours, "intervals-15min");
        outputs.gaps.attach(gaps, "gaps");
        outputs.events.attach(events, "events");
        DataStream<ApplianceLabel> labelsIn = null;
        if (labels != null) {
            CsvLines.Timed<ApplianceLabel> read = LabelLines.read(env, labels, settings.validation.naiveTimestampZone(), settings.idleness);
            labelsIn = read.records;
            deadLetters = deadLetters.union(read.deadLetters);
        }
        NilmStage nilm = settings.nilm == null ? null
                : NilmStage.attach(minutes, settings.nilm, settings.anomaly.zone, settings.stateTtl, control, settings.runPairing.maxDuration());
        // With NILM, runs are named from its estimates of their minutes (the classifier names the rest, and a heat-pump home's).
        RecognitionStage recognition = RecognitionStage.attach(runs, labelsIn, settings.stateTtl, settings.applianceClassifier,
                settings.anomaly.zone, nilm, heatPumpDetections);
        outputs.runs.attach(recognition.runs, "appliance-runs");
        outputs.newDevices.attach(recognition.newDevices, "new-devices");
        outputs.deviceHealth.attach(recognition.deviceHealth, "device-health");
        deadLetters = deadLetters.union(recognition.refusedLabels);
        outputs.anomalies.attach(anomalies, "anomalies");
        outputs.alerts.attach(alerts, "alerts");
        outputs.baselines.attach(baselines, "daily-baselines");
        if (settings.forecasts) {
            forecastsAndProfiles(quarterHours, temperatures);
        }
        if (nilm != null) {
            controlErrors = controlErrors == null ? nilm.controlErrors : controlErrors.union(nilm.controlErrors);
            outputs.applianceActivations.attach(nilm.activations, "appliance-activations");
            outputs.applianceEnergyDaily.attach(nilm.daily, "appliance-energy-daily");
            if (nilm.minutes != null) {
                outputs.applianceMinutes.attach(nilm.minutes, "appliance-minutes");
            }
        }
        outputs.deadLetters.attach(deadLetters, "dead-letters");
        if (controlErrors != null) {
            outputs.controlErrors.attach(controlErrors, "control-errors");
        }
        if (settings.powerSamples) {
            outputs.powerSamples.attach(minutes.getSideOutput(MeterStreamFunction.POWER_SAMPLES), "power-samples");
        }
    }

    /** The models this job runs: what model-control commands may name. */
    private java.util.Set<String> servedModels(boolean heatPumpRuns) {
        java.util.Set<String> models = new java.util.TreeSet<>();
        if (heatPumpRuns) {
            models.add(settings.heatPump.detectionModel);
            models.add(settings.heatPump.disaggregationModel);
        }
        if (settings.nilm != null) {
            models.add(settings.nilm.model);
        }
        return models;
    }

    /**
     * Consumption forecasts and their errors, and (unless left out) the daily profiles' clusters, from
     * the 15-min intervals; with weather, the forecasts follow the outdoor temperature too.
     */
    private void forecastsAndProfiles(DataStream<IntervalReading> quarterHours, DataStream<TemperatureReading> temperatures) {
        KeyedStream<IntervalReading, String> byMeter = DataStreamUtils.reinterpretAsKeyedStream(quarterHours, MeterKeys::ofInterval);
        SingleOutputStreamOperator<Forecast> forecasts = (temperatures == null
                ? byMeter.process(new ForecastFunction(settings.forecast, settings.stateTtl))
                : byMeter.connect(temperatures.broadcast(WeatherForecastFunction.TEMPERATURES)).process(new WeatherForecastFunction(
                        settings.forecast, settings.stateTtl, settings.heatPump.meterRegions, settings.heatPump.defaultRegion)))
                .uid("forecasts").name("consumption forecasts");
        outputs.forecasts.attach(forecasts, "forecasts");
        outputs.forecastErrors.attach(forecasts.getSideOutput(ForecastFunction.ERRORS), "forecast-errors");
        if (!settings.profiles) {
            return;
        }
        // Chained to the forecasts (each task its copy of the centroids) and still partitioned by meter:
        // no exchange. The uid is not the one of the parallelism-1 assigner this replaced, whose state
        // a restore drops (--allowNonRestoredState): the copies start again from the configured centroids.
        SingleOutputStreamOperator<ProfileDay> profileDays = forecasts.getSideOutput(ForecastFunction.DAY_PROFILES)
                .process(new ProfileAssigner(settings.profileCentroids, settings.profileMinRate))
                .uid("profile-centroids-per-task").name("daily profile clusters");
        DataStream<MeterProfile> meterProfiles = DataStreamUtils.reinterpretAsKeyedStream(profileDays, MeterKeys::ofProfileDay)
                .process(new MeterProfileFunction(settings.stateTtl)).uid("meter-profiles").name("weekly meter profiles");
        outputs.profileDays.attach(profileDays, "profile-days");
        outputs.meterProfiles.attach(meterProfiles, "meter-profiles");
    }
}
