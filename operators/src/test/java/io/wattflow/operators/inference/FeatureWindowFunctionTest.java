package io.wattflow.operators.inference;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.wattflow.operators.inference.TestPlans.SLOT;
import static io.wattflow.operators.inference.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeatureWindowFunctionTest {
    private static final long HOUR = 3_600_000L;
    /** A day boundary far from the epoch, so slot numbers are realistic. */
    private static final long T0 = 20_000 * 24 * HOUR;

    private static KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, ModelWindow> harness(
            List<WindowPlan> plans, OperatorSubtaskState restore) throws Exception {
        return Harnesses.keyedBroadcast(new FeatureWindowFunction(plans, Map.of("b", "north"), "south", Duration.ofDays(30)),
                FeatureWindowFunction.TEMPERATURES, (IntervalReading r) -> r.meterId, restore);
    }

    /** Energy of slot i of meter m: a value that tells meter and slot apart. */
    private static double kwh(String meter, long slot) {
        return (meter.equals("a") ? 0.1 : 0.2) + 0.001 * (slot % 100);
    }

    private static void quarterHours(KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, ModelWindow> h,
            String meter, long fromSlot, long toSlot) throws Exception {
        for (long s = fromSlot; s < toSlot; s++) {
            long start = T0 + s * SLOT;
            h.processElement(IntervalReading.fromMeter(meter, start, start + SLOT, kwh(meter, s)), start + SLOT);
        }
    }

    private static void temperatures(KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, ModelWindow> h,
            String region, long fromHour, long toHour, double offset) throws Exception {
        for (long hour = fromHour; hour < toHour; hour++) {
            h.processBroadcastElement(new TemperatureReading(region, T0 + hour * HOUR, offset + hour), T0 + hour * HOUR);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ModelWindow> windows(KeyedBroadcastOperatorTestHarness<String, IntervalReading, TemperatureReading, ModelWindow> h) {
        List<ModelWindow> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                out.add(((StreamRecord<ModelWindow>) o).getValue());
            }
        }
        return out;
    }

    @Test
    void cutsWindowsAtStrideBoundariesOnceTheWatermarkPassesWithTheRegionsTemperature() throws Exception {
        var h = harness(List.of(plan("m", 8, 4, true)), null);
        temperatures(h, "south", 0, 4, 0);
        temperatures(h, "north", 0, 4, 10);
        quarterHours(h, "a", 0, 12);
        quarterHours(h, "b", 0, 12);
        assertThat(windows(h)).as("nothing before the watermark").isEmpty();

        h.watermark(T0 + 12 * SLOT);
        List<ModelWindow> out = windows(h);
        // Windows end at slots 8 and 12 (slot 4 is too young for 8 steps), for both meters.
        assertThat(out).extracting(w -> w.meterId + "@" + (w.endMs - T0) / SLOT)
                .containsExactlyInAnyOrder("a@8", "b@8", "a@12", "b@12");
        ModelWindow a12 = out.stream().filter(w -> w.meterId.equals("a") && w.endMs == T0 + 12 * SLOT).findFirst().orElseThrow();
        assertThat(a12.startMs).isEqualTo(T0 + 4 * SLOT);
        for (int i = 0; i < 8; i++) {
            long slot = 4 + i;
            assertThat(a12.values[i]).isCloseTo((float) (kwh("a", slot) / 0.25), within(1e-6f));
            double celsius = slot / 4;   // the hour's temperature, region "south" (offset 0)
            assertThat(a12.values[8 + i]).isCloseTo((float) ((celsius - 5) / 5), within(1e-6f));
        }
        ModelWindow b12 = out.stream().filter(w -> w.meterId.equals("b") && w.endMs == T0 + 12 * SLOT).findFirst().orElseThrow();
        assertThat(b12.values[8]).as("meter b is in region north").isCloseTo((float) ((10 + 1 - 5) / 5.0), within(1e-6f));
    }

    @Test
    void fillsSmallHolesCarryingForwardAndSkipsWindowsWithLargeOnes() throws Exception {
        var h = harness(List.of(plan("m", 40, 40, false)), null);
        quarterHours(h, "a", 0, 20);
        quarterHours(h, "a", 21, 40);            // one slot of 40 missing: 2.5 %, filled
        quarterHours(h, "a", 40, 60);
        quarterHours(h, "a", 63, 80);            // three missing: 7.5 %, skipped
        h.watermark(T0 + 80 * SLOT);
        List<ModelWindow> out = windows(h);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).values[20]).as("slot 20 carries slot 19").isEqualTo(out.get(0).values[19]);
    }

    @Test
    void waitsForTheWatermarkSoLateTemperaturesAreJoinedAndSkipsMetersWithoutWeather() throws Exception {
        var h = harness(List.of(plan("m", 8, 8, true)), null);
        quarterHours(h, "a", 0, 8);
        quarterHours(h, "b", 0, 8);
        temperatures(h, "south", 0, 2, 0);       // arrives after the energy, before the watermark
        h.watermark(T0 + 8 * SLOT);
        List<ModelWindow> out = windows(h);
        assertThat(out).extracting(w -> w.meterId).containsExactly("a");
        assertThat(out.get(0).values[15]).isCloseTo((1 - 5) / 5f, within(1e-6f));
    }

    @Test
    void aWatermarkDaysBehindTheMetersStillGetsEveryWindow() throws Exception {
        var h = harness(List.of(plan("m", 8, 4, false)), null);
        quarterHours(h, "a", 0, 4 * 96);
        h.watermark(T0 + 4 * 96 * SLOT);
        assertThat(windows(h)).hasSize(4 * 96 / 4 - 1);
    }

    @Test
    void weatherAMonthAheadOfTheMetersIsStillJoined() throws Exception {
        var h = harness(List.of(plan("m", 8, 8, true)), null);
        temperatures(h, "south", 0, 30 * 24, 0);   // a replayed weather file, read before the readings
        quarterHours(h, "a", 0, 8);
        h.watermark(T0 + 8 * SLOT);
        assertThat(windows(h)).hasSize(1);
        assertThat(windows(h).get(0).values[8]).isCloseTo((0 - 5) / 5f, within(1e-6f));
    }

    @Test
    void oneSeriesServesModelsOfDifferentLengthsAndStrides() throws Exception {
        var h = harness(List.of(plan("long", 12, 4, false), plan("short", 4, 4, false)), null);
        quarterHours(h, "a", 0, 16);
        h.watermark(T0 + 16 * SLOT);
        assertThat(windows(h)).extracting(w -> w.model + "@" + (w.endMs - T0) / SLOT)
                .containsExactlyInAnyOrder("short@4", "short@8", "short@12", "short@16", "long@12", "long@16");
    }

    @Test
    void aRestoredOperatorCutsTheSameWindowsAsAnUninterruptedOne() throws Exception {
        List<WindowPlan> plans = List.of(plan("m", 8, 4, true));
        var whole = harness(plans, null);
        temperatures(whole, "south", 0, 6, 0);
        quarterHours(whole, "a", 0, 20);
        whole.watermark(T0 + 20 * SLOT);

        var first = harness(plans, null);
        temperatures(first, "south", 0, 3, 0);
        quarterHours(first, "a", 0, 10);
        first.watermark(T0 + 9 * SLOT);
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        List<ModelWindow> before = windows(first);
        first.close();

        var second = harness(plans, snapshot);
        temperatures(second, "south", 3, 6, 0);
        quarterHours(second, "a", 10, 20);
        second.watermark(T0 + 20 * SLOT);
        List<ModelWindow> resumed = new ArrayList<>(before);
        resumed.addAll(windows(second));

        assertThat(resumed).usingRecursiveFieldByFieldElementComparatorIgnoringFields("cutMs").containsExactlyElementsOf(windows(whole));
        assertThat(resumed).hasSize(4);
        assertThat(resumed).as("each cut by a watermark at or past its end").allSatisfy(w -> assertThat(w.cutMs).isGreaterThanOrEqualTo(w.endMs));
    }
}
