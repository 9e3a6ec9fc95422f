package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The same values stamped 1 s, 10 s, a minute or 14 days apart: the windows of the event signatures
 * stretch with the meter's cadence, so each switching is one event of its own size at any cadence
 * (at 1 s, two switchings 2 s apart are one, as a 1 Hz meter cannot tell them from a soft start).
 */
class CadenceTest {
    static final long T0 = 1_700_000_000_000L;

    /** 150 W; +800 at sample 30, +2000 at 60, -800 at 100, -2000 at 140, +1000 at 180 and +1500 at 182, -2500 at 230. */
    static double[] levels() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] w = new double[260];
        for (int s = 0; s < w.length; s++) {
            double v = 150;
            v += s >= 30 && s < 100 ? 800 : 0;
            v += s >= 60 && s < 140 ? 2000 : 0;
            v += s >= 180 && s < 230 ? 1000 : 0;
            v += s >= 182 && s < 230 ? 1500 : 0;
            w[s] = v + rng.nextGaussian() * 4;
        }
        return w;
    }

    static List<LoadEvent> detect(String detector, long stepMs) {
        double[] w = levels();
        return detect(detector, times(w.length, stepMs), w);
    }

    /** {@code n} sample times {@code stepMs} apart from {@link #T0}. */
    static long[] times(int n, long stepMs) {
        long[] t = new long[n];
        for (int s = 0; s < n; s++) {
            t[s] = T0 + s * stepMs;
        }
        return t;
    }

    /** The events a detector (30 W minimum step) finds in one meter's samples, the last one flushed at the end. */
    static List<LoadEvent> detect(String detector, long[] times, double[] watts) {
        ChangepointPipeline<?>.Meter meter = ChangeDetectors.pipeline(detector, 30).new Meter("m");
        List<LoadEvent> out = new ArrayList<>();
        for (int s = 0; s < times.length; s++) {
            LoadEvent e = meter.add(times[s], watts[s], null);
            if (e != null) {
                out.add(e);
            }
        }
        LoadEvent last = meter.flush();
        if (last != null) {
            out.add(last);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} every {1} ms")
    @CsvSource({"edge, 60000", "edge, 1209600000", "cusum, 60000", "cusum, 1209600000",
            "bocpd, 10000", "bocpd, 60000", "bocpd, 1209600000"})
    void eachSwitchingIsOneEventOfItsSizeAtASlowCadence(String detector, long stepMs) {
        List<LoadEvent> events = detect(detector, stepMs);
        assertThat(events).extracting(e -> (e.timestampMs - T0) / stepMs).containsExactly(30L, 60L, 100L, 140L, 180L, 182L, 230L);
        double[] deltas = {800, 2000, -800, -2000, 1000, 1500, -2500};
        for (int i = 0; i < deltas.length; i++) {
            assertThat(events.get(i).deltaActivePowerW).as("event %d", i).isCloseTo(deltas[i], within(20.0));
        }
    }

    /**
     * The edge detector's level is steady after three readings (the independent truth's rule), or two
     * 12 s apart or more (a minute meter's readings are means of a minute), and CUSUM holds a change for
     * two observations or one 12 s later: every 10 s, the 1,150 W held for two readings between the
     * +1,000 and the +1,500 is no level of its own.
     */
    @ParameterizedTest(name = "{0} every {1} ms")
    @CsvSource({"edge, 3000", "edge, 10000", "cusum, 3000", "cusum, 10000"})
    void aLevelOfTwoReadingsLessThan12SecondsApartIsNoSwitching(String detector, long stepMs) {
        List<LoadEvent> events = detect(detector, stepMs);
        assertThat(events).extracting(e -> (e.timestampMs - T0) / stepMs).containsExactly(30L, 60L, 100L, 140L, 180L, 230L);
        double[] deltas = {800, 2000, -800, -2000, 2500, -2500};
        for (int i = 0; i < deltas.length; i++) {
            assertThat(events.get(i).deltaActivePowerW).as("event %d", i).isCloseTo(deltas[i], within(20.0));
        }
    }

    @ParameterizedTest(name = "{0} every second")
    @CsvSource({"edge", "cusum", "bocpd"})
    void atOneSecondTwoSwitchingsTwoSecondsApartAreOne(String detector) {
        List<LoadEvent> events = detect(detector, 1000);
        double[] deltas = {800, 2000, -800, -2000, 2500, -2500};
        assertThat(events).hasSize(deltas.length);
        for (int i = 0; i < deltas.length; i++) {
            assertThat(events.get(i).deltaActivePowerW).as("event %d", i).isCloseTo(deltas[i], within(20.0));
        }
    }
}
