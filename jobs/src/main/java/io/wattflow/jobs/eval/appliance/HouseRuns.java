package io.wattflow.jobs.eval.appliance;

import io.wattflow.jobs.eval.EventEvaluation;
import io.wattflow.jobs.eval.EventReport;
import io.wattflow.jobs.eval.TruthEvent;
import io.wattflow.jobs.eval.nilm.NilmHouse;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.runs.RunPairing;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.LoadEvent;
import io.wattflow.replay.ChannelSample;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A house's appliance runs as the stream finds them (the default edge detector with signatures on
 * the aggregate, ON and OFF paired as the CEP pairing does: an OFF closes the latest open ON of
 * matching size within 6 h), each with the appliance that truly made it, from the house's own
 * appliance channels: never seen by the detector or the recognizer.
 */
public final class HouseRuns {
    static final String REDD = "redd-house5";
    final String house;
    /** The house's local time: the hours of day its runs start at. */
    final ZoneId zone;
    final List<LabelledRun> runs;
    /** The house's minutes (what a NILM model reads: the house's own, or REDD's readings averaged per minute); may be null. */
    @Nullable final NilmHouse minutes;

    HouseRuns(String house, ZoneId zone, List<LabelledRun> runs, @Nullable NilmHouse minutes) {
        this.house = house;
        this.zone = zone;
        this.runs = runs;
        this.minutes = minutes;
    }

    /**
     * REDD house 5 at its own 3-4 s readings: a run is the circuit whose own ON transition is within 10 s of the run's ON.
     * {@code minutes}: the house's readings averaged per minute (what a NILM model reads), may be null.
     */
    static Optional<HouseRuns> redd(@Nullable NilmHouse minutes) throws IOException {
        Optional<EventReport.Recording> r = EventReport.redd();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        List<ChannelSample> samples = r.get().sessions.get(0);
        List<TruthEvent> truth = r.get().truth;
        List<LoadEvent> events = EventEvaluation.detect(ChangeDetectors.pipeline("edge", ChangeDetectors.DEFAULT_MIN_STEP_W), samples);
        List<LabelledRun> out = new ArrayList<>();
        for (ApplianceRun run : pair(events)) {
            String label = LabelledRun.OTHER;
            long best = Long.MAX_VALUE;
            for (TruthEvent t : truth) {
                long d = Math.abs(t.timeMs - run.startMs);
                if (t.deltaW > 0 && d <= 10_000 && d < best) {
                    best = d;
                    label = circuitName(t.circuit);
                }
            }
            out.add(new LabelledRun(run, label));
        }
        // REDD stamps UTC; house 5 is near Boston.
        return Optional.of(new HouseRuns(REDD, ZoneId.of("America/New_York"), out, minutes));
    }

    /** "3: microwave" to "microwave"; REDD's two legs of a 240 V circuit share a name. */
    private static String circuitName(String circuit) {
        int colon = circuit.indexOf(':');
        return (colon < 0 ? circuit : circuit.substring(colon + 1)).trim();
    }

    /** A 1-min house: a run is the appliance whose own channel rose by at least half the run's step at its start (else "other"). */
    static HouseRuns minutes(NilmHouse h, List<String> appliances) {
        ChangepointPipeline<?>.Meter meter = ChangeDetectors.pipeline("edge", ChangeDetectors.DEFAULT_MIN_STEP_W).new Meter(h.name);
        List<LoadEvent> events = new ArrayList<>();
        for (int m = 0; m < h.minutes(); m++) {
            if (!Float.isNaN(h.aggregateW[m])) {
                LoadEvent e = meter.add(h.startMs + m * 60_000L, h.aggregateW[m], null);
                if (e != null) {
                    events.add(e);
                }
            }
        }
        // A change still settling at the end of the recording is measured from the minutes there are, as the job does.
        LoadEvent last = meter.flush();
        if (last != null) {
            events.add(last);
        }
        List<LabelledRun> out = new ArrayList<>();
        for (ApplianceRun run : pair(events)) {
            int m = (int) ((run.startMs - h.startMs) / 60_000L);
            String label = LabelledRun.OTHER;
            double bestRise = 0.5 * run.onDeltaW;
            for (int a = 0; a < appliances.size(); a++) {
                float[] w = h.truthW[a];
                if (w == null || m < 2 || m + 2 >= w.length) {
                    continue;
                }
                double before = Math.min(nz(w[m - 1]), nz(w[m - 2]));
                double after = Math.max(nz(w[m]), Math.max(nz(w[m + 1]), nz(w[m + 2])));
                if (after - before >= bestRise) {
                    bestRise = after - before;
                    label = appliances.get(a);
                }
            }
            out.add(new LabelledRun(run, label));
        }
        // The UK files give local time without an offset, read as UTC: their hours are local already.
        return new HouseRuns(h.name, ZoneOffset.UTC, out, h);
    }

    private static double nz(float v) {
        return Float.isNaN(v) ? 0 : v;
    }

    /** ON and OFF events paired as the stream's CEP pairing does; ONs without an OFF within 6 h are left out. */
    static List<ApplianceRun> pair(List<LoadEvent> events) {
        RunPairing pairing = RunPairing.defaults();
        long maxMs = pairing.maxDuration().toMillis();
        List<LoadEvent> open = new ArrayList<>();
        List<ApplianceRun> runs = new ArrayList<>();
        for (LoadEvent e : events) {
            open.removeIf(on -> e.timestampMs - on.timestampMs > maxMs);
            if (e.switchesOn()) {
                open.add(e);
                continue;
            }
            for (int i = open.size() - 1; i >= 0; i--) {
                if (pairing.closes(open.get(i), e)) {
                    runs.add(RunPairing.matched(open.remove(i), e));
                    break;
                }
            }
        }
        // In the order the stream emits them: when their OFF comes.
        runs.sort((a, b) -> Long.compare(a.endMs, b.endMs));
        return runs;
    }
}
