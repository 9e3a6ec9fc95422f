package io.wattflow.jobs.eval.generic;

import io.wattflow.jobs.eval.EventEvaluation;
import io.wattflow.jobs.eval.EventReport;
import io.wattflow.jobs.eval.EventScore;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.GenericChangepoints;
import io.wattflow.replay.ChannelSample;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generic configurations on public recordings whose changes are annotated (the strict event truth of
 * {@code eval events}: REDD house 5 and the four lab sessions), beside the detectors' power settings: how
 * much a configuration that knows nothing of watts gives up on the series it was not made for.
 */
final class RealSeriesCheck {
    private RealSeriesCheck() {}

    static void print(PrintStream out) throws IOException {
        List<EventReport.Recording> recordings = new ArrayList<>();
        Optional<EventReport.Recording> redd = EventReport.redd();
        Optional<EventReport.Recording> lab = EventReport.lab();
        redd.map(EventReport::strict).ifPresent(recordings::add);
        lab.map(EventReport::strict).ifPresent(recordings::add);
        if (recordings.isEmpty()) {
            out.println("\n(Real series skipped: ../shared/datasets/redd-house5 and lab-1hz not found.)");
            return;
        }
        out.printf("%nPublic recordings, strict event truth (+-%d s): F1 (false events / h)%n%n", EventEvaluation.MATCH_TOLERANCE_MS / 1000);
        StringBuilder header = new StringBuilder("| detector");
        for (EventReport.Recording r : recordings) {
            header.append(" | ").append(r.name).append(": power settings (30 W) | generic configuration");
        }
        out.println(header.append(" |"));
        out.println("|---".repeat(1 + 2 * recordings.size()) + "|");
        for (String name : ChangeDetectors.NAMES) {
            StringBuilder row = new StringBuilder("| " + name);
            for (EventReport.Recording r : recordings) {
                List<EventScore> power = new ArrayList<>();
                List<EventScore> generic = new ArrayList<>();
                for (int i = 0; i < r.sessions.size(); i++) {
                    List<ChannelSample> s = r.sessions.get(i);
                    power.add(EventEvaluation.score(ChangeDetectors.pipeline(name, ChangeDetectors.DEFAULT_MIN_STEP_W), s,
                            r.truthBySession.get(i)));
                    generic.add(generic(name, s, r.truthBySession.get(i)));
                }
                EventScore p = EventScore.sum(power);
                EventScore g = EventScore.sum(generic);
                row.append(String.format(" | %.3f (%.1f) | %.3f (%.1f)", p.f1(), p.falsePerHour(), g.f1(), g.falsePerHour()));
            }
            out.println(row.append(" |"));
        }
    }

    /** The generic configuration on one session's aggregate power, its changes at the samples' times. */
    private static EventScore generic(String name, List<ChannelSample> samples, List<io.wattflow.jobs.eval.TruthEvent> truth) {
        double[] watts = samples.stream().mapToDouble(s -> s.aggregate.activePowerW).toArray();
        List<Long> times = new ArrayList<>();
        for (int i : GenericChangepoints.changes(GenericChangepoints.detector(name), watts)) {
            times.add(samples.get(i).aggregate.timestampMs);
        }
        return EventScore.match(times, truth, EventEvaluation.MATCH_TOLERANCE_MS, EventEvaluation.hours(samples));
    }
}
