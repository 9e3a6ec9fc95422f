package io.wattflow.jobs.cli;

import io.wattflow.format.MeterRegions;
import io.wattflow.jobs.heatpump.HeatPumpSettings;
import io.wattflow.models.ModelSource;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The heat-pump models' options: where the weather and the models come from, and inference batching. */
public final class HeatPumpOptions {
    @Option(names = "--weather", description = "Weather CSV (region,timestamp,temperature_c): turns the heat-pump models on.")
    String weather;

    @Option(names = "--meter-regions", description = "CSV meter_id,region: each meter's weather region (default: every meter in --default-region).")
    Path meterRegions;

    @Option(names = "--default-region", description = "Weather region of meters not in --meter-regions (default: ${DEFAULT-VALUE}).")
    String defaultRegion = "default";

    @Option(names = "--models", description = "Where the ONNX models and manifests are: 'classpath' (the jar's) or a directory or URI (default: ${DEFAULT-VALUE}).")
    String models = ModelSource.CLASSPATH;

    @Option(names = "--inference-batch", description = "Windows per ONNX Runtime call at most (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--inference-delay", converter = DurationConverter.class,
            description = "A part-filled batch runs after this long (default: 200ms).")
    Duration delay = Duration.ofMillis(200);

    boolean enabled() {
        return weather != null;
    }

    /** The settings, or null when no weather was given. */
    HeatPumpSettings toSettings(Duration stateTtl) throws IOException {
        if (!enabled()) {
            return null;
        }
        if (batch < 1 || delay.isNegative()) {
            throw new IllegalArgumentException("--inference-batch must be at least 1 and --inference-delay at least 0ms.");
        }
        HeatPumpSettings s = HeatPumpSettings.defaults();
        s.models = ModelSource.of(models);
        s.maxBatch = batch;
        s.maxDelay = delay;
        s.defaultRegion = defaultRegion;
        if (meterRegions != null) {
            s.meterRegions.putAll(MeterRegions.load(meterRegions));
        }
        // Detection reads 7 days: a meter's windows must outlive a week of silence no longer than that.
        s.stateTtl = stateTtl.compareTo(Duration.ofDays(8)) < 0 ? Duration.ofDays(8) : stateTtl;
        return s;
    }
}
