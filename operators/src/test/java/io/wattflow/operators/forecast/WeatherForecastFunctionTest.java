package io.wattflow.operators.forecast;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.Forecast;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.wattflow.operators.forecast.ForecastFunctionTest.DAY;
import static io.wattflow.operators.forecast.ForecastFunctionTest.HOUR;
import static io.wattflow.operators.forecast.ForecastFunctionTest.QUARTER;
import static io.wattflow.operators.forecast.ForecastFunctionTest.START;
import static org.assertj.core.api.Assertions.assertThat;

class WeatherForecastFunctionTest {
    /** Daily mean temperatures: mild and varied for two weeks, then a cold spell. */
    static final double[] CELSIUS = {9, 12, 7, 10, 13, 8, 11, 6, 12, 9, 10, 7, 13, 8, 0, 0, 0};

    /** A heat-pump home: every hour 0.2 kWh plus 0.1 kWh per degree below 14 degC of the day's mean temperature. */
    static double hourKwh(int day) {
        return 0.2 + 0.1 * (14 - CELSIUS[day]);
    }

    static List<IntervalReading> quarterHours(String meter) {
        List<IntervalReading> out = new ArrayList<>();
        for (int d = 0; d < CELSIUS.length; d++) {
            for (long t = START + d * DAY; t < START + (d + 1) * DAY; t += QUARTER) {
                out.add(IntervalReading.fromMeter(meter, t, t + QUARTER, hourKwh(d) / 4));
            }
        }
        return out;
    }

    static ForecastSettings settings() {
        ForecastSettings s = ForecastSettings.defaults();
        s.temperatureWeight = 1;
        return s;
    }

    static KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, Forecast> harness(OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.keyedBroadcast(new WeatherForecastFunction(settings(), Duration.ofDays(30), Map.of("far", "north"), "south"),
                WeatherForecastFunction.TEMPERATURES, (IntervalReading r) -> r.meterId, restore);
    }

    /** The south's hourly temperatures, a day ahead of the meters (as a weather file read ahead would be), then the meters' day. */
    static void feed(KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, Forecast> h,
            List<IntervalReading> records, int fromDay, int toDay) throws Exception {
        for (int d = fromDay; d < toDay; d++) {
            if (d == fromDay) {
                temperatures(h, d);
            }
            if (d + 1 < CELSIUS.length) {
                temperatures(h, d + 1);
            }
            for (IntervalReading r : records) {
                if (r.startMs >= START + d * DAY && r.startMs < START + (d + 1) * DAY) {
                    h.processElement(new StreamRecord<>(r, r.startMs));
                    h.watermark(r.endMs - 1);
                }
            }
        }
    }

    static void temperatures(KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, Forecast> h, int day)
            throws Exception {
        for (int hour = 0; hour < 24; hour++) {
            long t = START + day * DAY + hour * HOUR;
            h.processBroadcastElement(new StreamRecord<>(new TemperatureReading("south", t, CELSIUS[day]), t));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Forecast> forecasts(KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, Forecast> h) {
        List<Forecast> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                out.add(((StreamRecord<Forecast>) o).getValue());
            }
        }
        return out;
    }

    static double noonP50(List<Forecast> all, int day) {
        return all.stream().filter(f -> f.horizon.equals(Forecast.HOUR) && f.targetStartMs == START + day * DAY + 12 * HOUR)
                .findFirst().orElseThrow().p50Kwh;
    }

    @Test
    void theDayAfterAColdDayIsForecastForTheColdNotFromTheMildWeeksBefore() throws Exception {
        var h = harness(null);
        List<IntervalReading> home = quarterHours("home");
        List<IntervalReading> far = quarterHours("far");  // in the north, which sent no temperatures: no rescaling
        List<IntervalReading> both = new ArrayList<>(home);
        both.addAll(far);
        both.sort((a, b) -> Long.compare(a.startMs, b.startMs));
        feed(h, both, 0, 16);

        double truth = hourKwh(15);
        double withWeather = noonP50(forecasts(h).stream().filter(f -> f.meterId.equals("home")).toList(), 15);
        double without = noonP50(forecasts(h).stream().filter(f -> f.meterId.equals("far")).toList(), 15);
        // Without the temperature the forecast is the recent days' median, mild ones included.
        assertThat(without).isLessThan(truth - 0.3);
        // Rescaled to the day before's 0 degC (the day is as cold): within a few percent.
        assertThat(withWeather).isCloseTo(truth, org.assertj.core.data.Offset.offset(0.05 * truth));
    }

    @Test
    void aRestoreKeepsTheTemperaturesAndGivesTheSameForecastsAsUninterrupted() throws Exception {
        List<IntervalReading> home = quarterHours("home");
        var uninterrupted = harness(null);
        feed(uninterrupted, home, 0, CELSIUS.length);

        var first = harness(null);
        feed(first, home, 0, 10);
        OperatorSubtaskState snapshot = first.snapshot(1, START + 10 * DAY);
        List<String> actual = new ArrayList<>(forecasts(first).stream().map(Forecast::toString).toList());
        first.close();
        var restored = harness(snapshot);
        // The broadcast temperatures of day 10 came before the snapshot: not sent again.
        for (IntervalReading r : home) {
            if (r.startMs >= START + 10 * DAY) {
                int d = (int) ((r.startMs - START) / DAY);
                if (r.startMs == START + d * DAY && d + 1 < CELSIUS.length) {
                    temperatures(restored, d + 1);
                }
                restored.processElement(new StreamRecord<>(r, r.startMs));
                restored.watermark(r.endMs - 1);
            }
        }
        forecasts(restored).forEach(f -> actual.add(f.toString()));
        List<String> expected = forecasts(uninterrupted).stream().map(Forecast::toString).toList();
        assertThat(expected).hasSizeGreaterThan(200);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void temperaturesAddAFixedAmountToAMetersState() throws Exception {
        TypeSerializer<ForecastState> serializer = TypeInformation.of(ForecastState.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        ForecastState young = new ForecastState();
        ForecastState old = new ForecastState();
        for (int d = 0; d < 400; d++) {
            for (int hour = 0; hour < 24; hour++) {
                old.add(d, hour, 0.3, 60);
                old.addTemperature(d, 5.0 + d % 7);
                if (d == 0) {
                    young.add(d, hour, 0.3, 60);
                    young.addTemperature(d, 5.0);
                }
            }
        }
        DataOutputSerializer a = new DataOutputSerializer(8192);
        serializer.serialize(young, a);
        DataOutputSerializer b = new DataOutputSerializer(8192);
        serializer.serialize(old, b);
        assertThat(a.length()).as("a young meter writes only its days").isLessThan(b.length() / 10);
        assertThat(b.length()).as("bounded by the 42 days held").isLessThan(6_900);
        assertThat(old.celsius(399)).isCloseTo(5.0 + 399 % 7, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(old.celsius(399 - ForecastState.DAYS)).as("outside the window").isNaN();
    }
}
