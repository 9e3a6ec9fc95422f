package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EventSignaturesTest {
    private static List<LoadEvent> run(double[] watts) {
        ChangepointPipeline<EdgeState>.Meter meter =
                new ChangepointPipeline<>(SteadyStateEdgeDetector.defaults(), EventSignatures.defaults()).new Meter("m");
        List<LoadEvent> events = new ArrayList<>();
        for (int s = 0; s < watts.length; s++) {
            LoadEvent e = meter.add(s * 1000L, watts[s], null);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    @Test
    void measuresInrushPeakAndSettlingTime() {
        double[] w = new double[120];
        for (int s = 0; s < w.length; s++) {
            w[s] = s < 40 ? 50 : s == 40 ? 600 : s == 41 ? 350 : s == 42 ? 220 : 170; // a motor's inrush
        }
        List<LoadEvent> events = run(w);
        assertThat(events).hasSize(1);
        LoadEvent e = events.get(0);
        assertThat(e.timestampMs).as("where the power left the steady level").isEqualTo(40_000L);
        assertThat(e.transientPeakW).isEqualTo(600.0);
        assertThat(e.levelAfterW).isCloseTo(170, within(1.0));
        assertThat(e.deltaActivePowerW).isCloseTo(120, within(1.0));
        assertThat(e.deltaReactivePowerVar).as("no reactive power measured").isNull();
        assertThat(e.settlingMs).isEqualTo(3_000L);
    }

    @Test
    void aSpikeThatComesBackIsNoEvent() {
        double[] w = new double[100];
        for (int s = 0; s < w.length; s++) {
            w[s] = s >= 30 && s < 33 ? 3000 : 80;
        }
        assertThat(run(w)).isEmpty();
    }

    @Test
    void refusesNonsenseParameters() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EventSignatures(0, 1, 1, 30, 0, false))
                .hasMessageContaining("positive settle window");
    }
}
