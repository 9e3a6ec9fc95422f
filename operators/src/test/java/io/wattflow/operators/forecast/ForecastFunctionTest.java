package io.wattflow.operators.forecast;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.Forecast;
import io.wattflow.record.ForecastError;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastFunctionTest {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final long QUARTER = 15 * 60_000L;
    static final long START = Instant.parse("2024-01-15T00:00:00Z").toEpochMilli();  // a Monday

    /** A home using 0.2 kWh an hour, 1.2 kWh from 18 to 20 h, every day; quarter-hour records. */
    static List<IntervalReading> days(String meter, long from, int days) {
        List<IntervalReading> out = new ArrayList<>();
        for (long t = from; t < from + days * DAY; t += QUARTER) {
            int hour = (int) ((t - START) % DAY / HOUR);
            IntervalReading r = new IntervalReading();
            r.meterId = meter;
            r.startMs = t;
            r.endMs = t + QUARTER;
            r.energyKwh = (hour >= 18 && hour < 20 ? 1.2 : 0.2) / 4;
            r.coverage = 1.0;
            r.sampleCount = 900;
            r.source = IntervalReading.SOURCE_AGGREGATED;
            out.add(r);
        }
        return out;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Forecast> harness(OperatorSubtaskState restore) throws Exception {
        return Harnesses.keyed(new ForecastFunction(ForecastSettings.defaults(), Duration.ofDays(7)), r -> r.meterId, restore);
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Forecast> h, List<IntervalReading> records)
            throws Exception {
        for (IntervalReading r : records) {
            h.processElement(new StreamRecord<>(r, r.startMs));
            h.processWatermark(new Watermark(r.endMs - 1));
        }
    }

    static List<ForecastError> errors(KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Forecast> h) {
        return h.getSideOutput(ForecastFunction.ERRORS) == null ? List.of()
                : h.getSideOutput(ForecastFunction.ERRORS).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void atEachMidnightTheDayIsForecastFromTheDaysBeforeAndYesterdaysForecastIsScored() throws Exception {
        var h = harness(null);
        feed(h, days("m", START, 3));
        assertThat(h.numEventTimeTimers()).as("the next midnight, once").isEqualTo(1);
        h.processWatermark(new Watermark(START + 3 * DAY));

        List<Forecast> all = Harnesses.records(h);
        // Issued at the 2nd, 3rd and 4th midnight: 24 hours and 7 days each.
        assertThat(all.stream().map(f -> f.issuedAtMs).distinct()).containsExactly(START + DAY, START + 2 * DAY, START + 3 * DAY);
        List<Forecast> day4 = all.stream().filter(f -> f.issuedAtMs == START + 3 * DAY).toList();
        List<Forecast> hours = day4.stream().filter(f -> f.horizon.equals(Forecast.HOUR)).toList();
        assertThat(hours).hasSize(24);
        assertThat(hours.get(19).targetStartMs).isEqualTo(START + 3 * DAY + 19 * HOUR);
        assertThat(hours.get(19).step).isEqualTo(20);
        assertThat(hours.get(19).p50Kwh).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hours.get(3).p50Kwh).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hours.get(3).p10Kwh).isLessThanOrEqualTo(hours.get(3).p50Kwh);
        List<Forecast> daily = day4.stream().filter(f -> f.horizon.equals(Forecast.DAY)).toList();
        assertThat(daily).hasSize(7);
        assertThat(daily.get(6).targetStartMs).isEqualTo(START + 9 * DAY);
        assertThat(daily.get(0).p50Kwh).isCloseTo(22 * 0.2 + 2 * 1.2, org.assertj.core.data.Offset.offset(1e-4));

        // Days 2 and 3 were forecast and are over: scored. Their p50 of the evening is off by the
        // neighbouring hours pooled at half weight, but the days are the same: small error, no bias on the day.
        List<ForecastError> e = errors(h);
        assertThat(e).extracting(x -> x.day).containsExactly("2024-01-16", "2024-01-17");
        assertThat(e.get(1).hours).isEqualTo(24);
        assertThat(e.get(1).actualKwh).isCloseTo(6.8, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(e.get(1).maeKwh).isLessThan(0.2);
    }

    @Test
    void aDayOfChangedHabitsShowsInItsErrorAndMovesTheNextForecast() throws Exception {
        var h = harness(null);
        List<IntervalReading> records = days("m", START, 14);
        for (IntervalReading r : records) {
            if (r.startMs >= START + 13 * DAY) {
                r.energyKwh += 0.5;  // an extra 2 kW all of day 14
            }
        }
        feed(h, records);
        h.processWatermark(new Watermark(START + 14 * DAY));
        ForecastError last = errors(h).get(errors(h).size() - 1);
        assertThat(last.day).isEqualTo("2024-01-28");
        assertThat(last.biasKwh).isCloseTo(-2.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(last.bandCoverage).isLessThan(0.2);
        Forecast next3am = Harnesses.records(h).stream()
                .filter(f -> f.issuedAtMs == START + 14 * DAY && f.horizon.equals(Forecast.HOUR) && f.step == 4).findFirst().orElseThrow();
        assertThat(next3am.p90Kwh).as("the changed day, the most recent, is in the band").isGreaterThan(0.5);
    }

    @Test
    void localMidnightInTheConfiguredZone() throws Exception {
        ForecastSettings berlin = ForecastSettings.defaults();
        berlin.zone = ZoneId.of("Europe/Berlin");
        var h = Harnesses.keyed(new ForecastFunction(berlin, Duration.ofDays(7)), (IntervalReading r) -> r.meterId, null);
        feed(h, days("m", START, 2));
        h.processWatermark(new Watermark(START + 2 * DAY));
        // Local midnight in Berlin in January is 23:00 UTC.
        assertThat(Harnesses.records(h).stream().map(f -> f.issuedAtMs).distinct())
                .containsExactly(START + DAY - HOUR, START + 2 * DAY - HOUR);
    }

    @Test
    void aRestoreMidStreamGivesTheSameForecastsAsUninterrupted() throws Exception {
        List<IntervalReading> all = days("m", START, 10);
        all.addAll(days("n", START + 2 * DAY, 8));
        all.sort((a, b) -> Long.compare(a.startMs, b.startMs));
        var uninterrupted = harness(null);
        feed(uninterrupted, all);

        int cut = all.size() / 2 + 7;
        var first = harness(null);
        feed(first, all.subList(0, cut));
        OperatorSubtaskState snapshot = first.snapshot(1, all.get(cut).startMs);
        List<String> actual = Harnesses.records(first).stream().map(Forecast::toString).collect(Collectors.toList());
        first.close();
        var restored = harness(snapshot);
        assertThat(restored.numEventTimeTimers()).as("the pending midnights of both meters").isEqualTo(2);
        feed(restored, all.subList(cut, all.size()));
        Harnesses.records(restored).forEach(f -> actual.add(f.toString()));

        List<String> expected = Harnesses.records(uninterrupted).stream().map(Forecast::toString).collect(Collectors.toList());
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(actual).isEqualTo(expected);
        assertThat(errors(restored)).isNotEmpty();
    }

    @Test
    void aMeterWithNothingToForecastFromIsLeftAsItWasAtMidnight() throws Exception {
        // A new meter's first seconds (a fleet starting, every meter at the same midnight): its hour is
        // not measured well enough to learn from, so nothing is issued and its state is not rewritten.
        var h = harness(null);
        IntervalReading seconds = days("m", START + 10 * HOUR, 1).get(0);
        seconds.coverage = 8 / 900.0;
        feed(h, List.of(seconds));
        h.processWatermark(new Watermark(START + DAY));

        assertThat(Harnesses.records(h)).as("no forecast without a measured hour").isEmpty();
        ForecastState held = stateOf(h, "m");
        assertThat(held.issuedDay).as("the state as the interval left it: no issue recorded").isEqualTo(Long.MIN_VALUE);
        assertThat(held.newestDay).isEqualTo(Math.floorDiv(START, DAY));

        // A day later the meter sends whole hours: the next midnight forecasts and records it.
        feed(h, days("m", START + DAY, 1));
        h.processWatermark(new Watermark(START + 2 * DAY));
        assertThat(Harnesses.records(h)).extracting(f -> f.issuedAtMs).containsOnly(START + 2 * DAY);
        assertThat(stateOf(h, "m").issuedDay).isEqualTo(Math.floorDiv(START, DAY) + 2);
    }

    private static ForecastState stateOf(KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Forecast> h, String meter)
            throws Exception {
        var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(meter);
        return backend.getPartitionedState(org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE, MidnightForecasts.stateDescriptor(Duration.ofDays(7))).value();
    }

    @Test
    void theStateOfAMeterIsBoundedWhateverItsAge() throws Exception {
        TypeSerializer<ForecastState> serializer = TypeInformation.of(ForecastState.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        ForecastState young = new ForecastState();
        ForecastState old = new ForecastState();
        for (IntervalReading r : days("m", START, 1)) {
            young.add((r.startMs - START) / DAY, (int) ((r.startMs - START) % DAY / HOUR), r.energyKwh, 15);
        }
        for (IntervalReading r : days("m", START, 400)) {
            old.add((r.startMs - START) / DAY, (int) ((r.startMs - START) % DAY / HOUR), r.energyKwh, 15);
        }
        DataOutputSerializer a = new DataOutputSerializer(8192);
        serializer.serialize(young, a);
        DataOutputSerializer b = new DataOutputSerializer(8192);
        serializer.serialize(old, b);
        assertThat(a.length()).as("a young meter writes only its days").isLessThan(b.length() / 10);
        assertThat(b.length()).as("bounded by the 42 days held").isLessThan(6_600);
        assertThat(old.hour(399, 19)).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(old.hour(399 - ForecastState.DAYS, 19)).as("outside the window").isNaN();
    }
}
