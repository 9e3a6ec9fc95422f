package io.wattflow.jobs.ingest;

import io.wattflow.format.ReadingFormat;
import io.wattflow.ingest.ValidationConfig;

import java.io.Serializable;
import java.time.Duration;

/** Everything the ingest pipeline needs to know besides its sources and sinks. */
public final class IngestSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public ReadingFormat format = ReadingFormat.CSV;
    public ValidationConfig validation = ValidationConfig.defaults();
    /** A source partition without data for this long stops holding the watermark back. */
    public Duration idleness = Duration.ofSeconds(30);
    /** Stretches without readings longer than this become gap records. */
    public Duration gapThreshold = Duration.ofSeconds(30);
    /** The meters' nominal reading period, for the coverage of interval records. */
    public Duration samplePeriod = Duration.ofSeconds(1);
    /** Per-meter state of a meter silent for this long is dropped. */
    public Duration stateTtl = Duration.ofDays(7);

    /**
     * Readings the per-reading operator collects per task before it runs them meter by meter, reading and
     * writing each meter's state once per bundle (0: once per reading). See {@code BundlingKeyedProcessOperator}.
     */
    public int bundleReadings = 200_000;
    /** The longest a bundle waits for more readings (processing time); outputs are this much later at most. */
    public Duration bundleWait = Duration.ofSeconds(5);

    /** Also write every accepted reading's power ({@code power_samples}), for a dashboard to zoom to seconds. */
    public boolean powerSamples;

    /** The changepoint detector of the events output: edge, cusum or bocpd. */
    public String detector = "edge";
    /** The smallest load change reported as an event, W. */
    public double minStepW = io.wattflow.operators.changepoint.ChangeDetectors.DEFAULT_MIN_STEP_W;
    /** How ON and OFF events pair into appliance runs. */
    public io.wattflow.operators.runs.RunPairing runPairing = io.wattflow.operators.runs.RunPairing.defaults();

    /** Baselines and anomaly rules over the 1-min intervals. */
    public io.wattflow.operators.anomaly.AnomalySettings anomaly = io.wattflow.operators.anomaly.AnomalySettings.defaults();

    /** Whether the job forecasts consumption and clusters daily profiles (on by default). */
    public boolean forecasts = true;
    /** Whether, with the forecasts, daily profiles are clustered (on by default). */
    public boolean profiles = true;
    /** Consumption forecasts, issued at local midnight; zone and holidays are the anomaly settings'. */
    public io.wattflow.operators.forecast.ForecastSettings forecast = io.wattflow.operators.forecast.ForecastSettings.defaults();

    /** The daily-profile centroids the stream assigns days to (then learns from), and its slowest learning rate. */
    public io.wattflow.operators.profile.ProfileCentroids profileCentroids = io.wattflow.operators.profile.ProfileCentroids.shipped();
    public double profileMinRate = 0.001;

    /** The heat-pump models over the 15-min intervals; null leaves them out (they need a weather input). */
    public io.wattflow.jobs.heatpump.HeatPumpSettings heatPump;
    /** Appliance disaggregation on the 1-min intervals; null leaves it out. Days are local in the anomaly settings' zone. */
    public io.wattflow.jobs.nilm.NilmSettings nilm = io.wattflow.jobs.nilm.NilmSettings.defaults();
    /** The global appliance classifier that names runs before any household label (hours local in the anomaly settings' zone); null: named from labels alone. */
    public io.wattflow.operators.recognition.ClassifierSettings applianceClassifier = io.wattflow.operators.recognition.ClassifierSettings.shipped();

    public static IngestSettings defaults() {
        return new IngestSettings();
    }
}
