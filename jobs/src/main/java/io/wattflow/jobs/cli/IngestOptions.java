package io.wattflow.jobs.cli;

import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.ingest.ValidationConfig;
import io.wattflow.operators.runs.RunPairing;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The ingest settings as command-line options, shared by {@code run} and {@code demo}. */
public final class IngestOptions {
    @Option(names = "--max-power-w", description = "Readings beyond +- this active power are refused (default: ${DEFAULT-VALUE}).")
    double maxPowerW = ValidationConfig.DEFAULT_MAX_ABS_POWER_W;

    @Option(names = "--out-of-orderness", converter = DurationConverter.class,
            description = "How far readings may arrive out of time order (default: 10s).")
    Duration outOfOrderness = Duration.ofSeconds(10);

    @Option(names = "--max-future", converter = DurationConverter.class,
            description = "Readings further ahead of the wall clock are refused (default: 1h).")
    Duration maxFuture = Duration.ofHours(1);

    @Option(names = "--max-age", converter = DurationConverter.class,
            description = "Readings older than this are refused; 0 turns the check off, as replays need (default: 0).")
    Duration maxAge = Duration.ZERO;

    @Option(names = "--earliest", description = "Readings before this instant are refused (default: ${DEFAULT-VALUE}).")
    Instant earliest = Instant.parse("2000-01-01T00:00:00Z");

    @Option(names = "--power-samples", negatable = true,
            description = "Also write every accepted reading's power to power_samples, so that the dashboard zooms to "
                    + "seconds (86,400 rows per 1 Hz meter and day; default: off for run, on for the demo).")
    Boolean powerSamples;

    @Option(names = "--forecasts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Forecast consumption and cluster daily profiles (default: on; --no-forecasts leaves both out).")
    boolean forecasts = true;

    @Option(names = "--profiles", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Cluster daily load profiles (default: on; --no-profiles keeps the forecasts without them).")
    boolean profiles = true;

    @Option(names = "--nilm", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Disaggregate appliances (kettle, microwave, dishwasher, washing machine) from the 1-min intervals "
                    + "with the NILM model (default: on; --no-nilm leaves it out).")
    boolean nilm = true;

    @Option(names = "--appliance-classifier", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Name appliance runs with the global classifier before the household labels any (default: on; "
                    + "--no-appliance-classifier names them from the labels alone).")
    boolean applianceClassifier = true;

    @Option(names = "--nilm-minutes",
            description = "Also write every meter-minute's appliance split to appliance_minutes (a row per appliance and minute).")
    boolean nilmMinutes;

    @Option(names = "--nilm-stride", description = "Minutes between a meter's NILM windows (default: the model's, 32; "
            + "shorter runs the model more often and estimates each minute sooner).")
    Integer nilmStride;

    @Option(names = "--profile-centroids", description = "Daily-profile centroids written by 'wattflow cluster --write-centroids' "
            + "(default: the shipped ones, from the recordings).")
    Path profileCentroids;

    @Option(names = "--timezone", description = "Zone of timestamps written without an offset (default: ${DEFAULT-VALUE}).")
    ZoneId timezone = ZoneId.of("UTC");

    @Option(names = "--idleness", converter = DurationConverter.class,
            description = "A source partition silent this long stops holding event time back (default: 30s).")
    Duration idleness = Duration.ofSeconds(30);

    @Option(names = "--gap-threshold", converter = DurationConverter.class,
            description = "Stretches without readings longer than this become gap records (default: 30s).")
    Duration gapThreshold = Duration.ofSeconds(30);

    @Option(names = "--bundle-readings", description = "Readings the per-reading operator collects per task and then runs "
            + "meter by meter, one state read and write per meter and bundle; 0 runs each reading alone (default: ${DEFAULT-VALUE}).")
    int bundleReadings = IngestSettings.defaults().bundleReadings;

    @Option(names = "--bundle-wait", converter = DurationConverter.class,
            description = "The longest a bundle of readings waits for more, so outputs are this much later at most (default: 5s).")
    Duration bundleWait = IngestSettings.defaults().bundleWait;

    @Option(names = "--sample-period", converter = DurationConverter.class,
            description = "The meters' nominal reading period, for interval coverage (default: 1s).")
    Duration samplePeriod = Duration.ofSeconds(1);

    @Option(names = "--state-ttl", converter = DurationConverter.class,
            description = "State of a meter silent this long is dropped (default: 7d).")
    Duration stateTtl = Duration.ofDays(7);

    @Option(names = "--detector", description = "Changepoint detector of the events output: edge, cusum or bocpd (default: ${DEFAULT-VALUE}).")
    String detector = "edge";

    @Option(names = "--min-step-w", description = "Smallest load change reported as an event (default: ${DEFAULT-VALUE}).")
    double minStepW = io.wattflow.operators.changepoint.ChangeDetectors.DEFAULT_MIN_STEP_W;

    @Option(names = "--max-run", converter = DurationConverter.class,
            description = "An ON event without a matching OFF within this is an unmatched run (default: 6h).")
    Duration maxRun = RunPairing.DEFAULT_MAX_RUN;

    @picocli.CommandLine.Mixin
    AnomalyOptions anomaly = new AnomalyOptions();

    @picocli.CommandLine.Mixin
    HeatPumpOptions heatPump = new HeatPumpOptions();

    @Option(names = "--labels", description = "CSV of the households' appliance labels (meter_id,timestamp,run_start,device,appliance): "
            + "names runs and new devices of their meters from then on.")
    String labels;

    /** The label lines, or null when --labels was not given. */
    org.apache.flink.connector.file.src.FileSource<io.wattflow.record.RawRecord> labelsSource() {
        if (labels == null) {
            return null;
        }
        PathChecks.inputsExist(java.util.List.of(labels));
        return io.wattflow.source.FileSources.csvLines(new org.apache.flink.core.fs.Path(labels));
    }

    @Option(names = "--model-control", description = "File or directory of model-control commands "
            + "(timestamp,command,model,version,location,sha256): serve another version of a model, or roll one back.")
    String modelControl;

    @Option(names = "--model-control-watch", converter = DurationConverter.class,
            description = "Watch the --model-control directory for new files this often (e.g. 10s); the job then runs until cancelled.")
    java.time.Duration modelControlWatch;

    /** The model-control lines, or null when --model-control was not given. */
    org.apache.flink.connector.file.src.FileSource<io.wattflow.record.RawRecord> modelControlSource() {
        if (modelControl == null) {
            if (modelControlWatch != null) {
                throw new IllegalArgumentException("--model-control-watch watches the --model-control directory: give that too.");
            }
            return null;
        }
        PathChecks.inputsExist(java.util.List.of(modelControl));
        var path = new org.apache.flink.core.fs.Path(modelControl);
        return modelControlWatch == null ? io.wattflow.source.FileSources.csvLines(path)
                : io.wattflow.source.FileSources.watchedCsvLines(modelControlWatch, path);
    }

    /** The weather lines for the heat-pump models, or null when --weather was not given. */
    org.apache.flink.connector.file.src.FileSource<io.wattflow.record.RawRecord> weatherSource() {
        return heatPump.enabled() ? io.wattflow.source.FileSources.csvLines(new org.apache.flink.core.fs.Path(heatPump.weather)) : null;
    }

    IngestSettings toSettings() {
        IngestSettings s = IngestSettings.defaults();
        s.validation = ValidationConfig.defaults()
                .withMaxAbsActivePowerW(maxPowerW)
                .withOutOfOrderness(outOfOrderness)
                .withMaxFuture(maxFuture)
                .withMaxAge(maxAge)
                .withEarliestTimestamp(earliest)
                .withNaiveTimestampZone(timezone);
        s.idleness = positive(idleness, "--idleness");
        s.gapThreshold = positive(gapThreshold, "--gap-threshold");
        s.samplePeriod = positive(samplePeriod, "--sample-period");
        s.bundleReadings = bundleReadings(bundleReadings);
        s.bundleWait = positive(bundleWait, "--bundle-wait");
        s.stateTtl = positive(stateTtl, "--state-ttl");
        io.wattflow.operators.changepoint.ChangeDetectors.create(detector, minStepW); // fails here, with its message
        s.detector = detector;
        s.minStepW = minStepW;
        s.runPairing = RunPairing.defaults(positive(maxRun, "--max-run"));
        s.powerSamples = Boolean.TRUE.equals(powerSamples);
        s.anomaly = anomaly.toSettings();
        s.forecasts = forecasts;
        s.profiles = profiles;
        s.nilm = nilm ? io.wattflow.jobs.nilm.NilmSettings.defaults() : null;
        if (s.nilm != null) {
            s.nilm.minutes = nilmMinutes;
            s.nilm.stride = nilmStride;
            if (nilmStride != null) {  // refused now, with the model's limits, not when the job is built
                io.wattflow.operators.nilm.NilmModelSpec.of(io.wattflow.models.ModelFiles.load(s.nilm.models, s.nilm.model).manifest,
                        nilmStride);
            }
        }
        s.forecast.zone = s.anomaly.zone;
        s.forecast.holidays = s.anomaly.holidays;
        if (profileCentroids != null) {
            s.profileCentroids = io.wattflow.operators.profile.ProfileCentroids.read(profileCentroids);
        }
        try {
            s.heatPump = heatPump.toSettings(s.stateTtl);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot read --meter-regions " + heatPump.meterRegions + " (" + e.getMessage()
                    + "); give a readable meter_id,region CSV.", e);
        }
        // From the same --models as the heat-pump models; opened now, so a missing or wrong model is refused here.
        s.applianceClassifier = applianceClassifier ? new io.wattflow.operators.recognition.ClassifierSettings(
                io.wattflow.models.ModelSource.of(heatPump.models), io.wattflow.operators.recognition.ApplianceClassifier.MODEL) : null;
        if (s.applianceClassifier != null) {
            s.applianceClassifier.open(s.anomaly.zone).close();
        }
        return s;
    }

    /** {@code --bundle-readings}, checked: 0 (no bundles) or more. */
    static int bundleReadings(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("--bundle-readings must be 0 (no bundles) or more, was " + n + ".");
        }
        return n;
    }

    static Duration positive(Duration d, String option) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be a positive duration such as 30s, was " + d + ".");
        }
        return d;
    }
}
