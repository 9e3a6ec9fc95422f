package io.wattflow.jobs.eval.nilm;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import io.wattflow.operators.inference.FeatureWindowFunction;
import io.wattflow.operators.nilm.ApplianceLedger;
import io.wattflow.operators.nilm.NilmModelSpec;
import io.wattflow.operators.nilm.NewlyEstimated;
import io.wattflow.operators.nilm.NilmState;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceEstimates;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NILM model run over a whole house as the stream runs it: windows ending at multiples of the
 * stride, holes filled the same way (and windows with too many skipped), the same split and the same
 * books; the minute estimates are kept for scoring.
 */
public final class NilmEstimates {
    private static final int BATCH = 64;

    public final NilmModelSpec spec;
    /** [appliance][minute] W; NaN where no window estimated the minute. */
    public final float[][] watts;
    public final List<ApplianceActivation> activations = new ArrayList<>();
    public final List<ApplianceEnergyDaily> days = new ArrayList<>();
    /** Each window's newly estimated minutes, as the stream sends them to the recognition, in order. */
    public final List<Arrival> estimates = new ArrayList<>();

    /** Estimates and when the stream has them: the end of the window that made them (its result's time). */
    public record Arrival(long atMs, ApplianceEstimates estimates) {}

    NilmEstimates(NilmModelSpec spec, int appliances, int minutes) {
        this.spec = spec;
        this.watts = new float[appliances][minutes];
        for (float[] w : watts) {
            Arrays.fill(w, Float.NaN);
        }
    }

    public static NilmEstimates run(NilmHouse house, ModelSource models, String modelName) {
        ModelFiles files = ModelFiles.load(models, modelName);
        NilmModelSpec spec = NilmModelSpec.of(files.manifest);
        int a = spec.applianceCount();
        NilmEstimates e = new NilmEstimates(spec, a, house.minutes());
        ApplianceLedger ledger = new ApplianceLedger(spec, ZoneOffset.UTC);
        NilmState state = new NilmState(a);
        ApplianceLedger.Books books = new ApplianceLedger.Books() {
            @Override
            public void activation(ApplianceActivation act) {
                e.activations.add(act);
            }

            @Override
            public void day(ApplianceEnergyDaily d) {
                e.days.add(d);
            }
        };
        long firstMinute = house.startMs / spec.periodMs;
        try (OnnxModel model = OnnxModel.open(files, BATCH)) {
            int per = model.outputValuesPerWindow();
            float[] output = new float[BATCH * per];
            int[] windowStart = new int[BATCH];
            float[] window = new float[spec.window];
            int size = 0;
            // Window ends at multiples of the stride from the epoch, as NilmWindowFunction cuts them.
            long firstEnd = Math.floorDiv(firstMinute + spec.window + spec.stride - 1, spec.stride) * spec.stride;
            for (long end = firstEnd; end <= firstMinute + house.minutes(); end += spec.stride) {
                int start = (int) (end - spec.window - firstMinute);
                for (int i = 0; i < spec.window; i++) {
                    window[i] = house.aggregateW[start + i];
                }
                if (!FeatureWindowFunction.fillHoles(window, 0.05)) {
                    continue;
                }
                for (int i = 0; i < spec.window; i++) {
                    model.input().put(size * spec.window + i, spec.scaled(window[i]));
                }
                windowStart[size++] = start;
                if (size == BATCH) {
                    e.book(house, model, size, output, windowStart, ledger, state, books);
                    size = 0;
                }
            }
            e.book(house, model, size, output, windowStart, ledger, state, books);
        }
        ledger.closeAll(house.name, state, books);
        return e;
    }

    private void book(NilmHouse house, OnnxModel model, int size, float[] output, int[] windowStart, ApplianceLedger ledger,
            NilmState state, ApplianceLedger.Books books) {
        if (size == 0) {
            return;
        }
        model.run(size, output);
        int per = model.outputValuesPerWindow();
        float[] measured = new float[spec.estimates];
        for (int w = 0; w < size; w++) {
            float[] values = Arrays.copyOfRange(output, w * per, (w + 1) * per);
            int first = windowStart[w] + spec.offset;
            long firstMinuteMs = house.startMs + first * spec.periodMs;
            NewlyEstimated fresh = new NewlyEstimated(spec.applianceCount(), spec.estimates);
            ApplianceLedger.MinuteBooked keep = (minuteMs, split, probability, otherW) -> {
                int minute = (int) ((minuteMs - house.startMs) / spec.periodMs);
                for (int i = 0; i < split.length; i++) {
                    watts[i][minute] = split[i];
                }
                fresh.add((int) ((minuteMs - firstMinuteMs) / spec.periodMs), split);
            };
            // NaN where the house sent nothing, as the stream's context carries it
            System.arraycopy(house.aggregateW, first, measured, 0, spec.estimates);
            ledger.window(house.name, state, firstMinuteMs, measured, values, spec.version, books, keep);
            if (!fresh.isEmpty()) {
                long endMs = house.startMs + (windowStart[w] + spec.window) * spec.periodMs;
                estimates.add(new Arrival(endMs, fresh.record(house.name, firstMinuteMs, spec, spec.version)));
            }
        }
    }
}
