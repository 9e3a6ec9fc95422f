package io.wattflow.operators.anomaly;

import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.wattflow.operators.anomaly.MinuteHouse.DAY;
import static io.wattflow.operators.anomaly.MinuteHouse.START;
import static io.wattflow.operators.anomaly.MinuteHouse.minutes;
import static org.assertj.core.api.Assertions.assertThat;

/** The meter baseline's layout 3 (with the held levels), and the migrations from layouts 2 (with the last hours' baseloads) and 1. */
class MeterBaselineLayoutTest {
    private static MeterBaseline afterDays(int days) {
        MeterBaseline b = new MeterBaseline();
        AnomalySettings settings = AnomalySettings.defaults();
        settings.baseloadStep = BaseloadStepRule.WITHIN_A_DAY; // the rule that keeps the hours
        AnomalyDetector detector = new AnomalyDetector(settings);
        for (IntervalReading r : minutes("m", START, START + days * DAY + 7 * MinuteHouse.HOUR)) {
            detector.onInterval("m", b, r, new AnomalyDetector.Output() {
                @Override
                public void anomaly(io.wattflow.record.Anomaly a) {}

                @Override
                public void dailyBaseline(io.wattflow.record.DailyBaseline d) {}
            });
        }
        return b;
    }

    private static byte[] framed(MeterBaseline b) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(8_192);
        MeterBaselineSerializer.INSTANCE.serialize(b, out);
        return out.getCopyOfBuffer();
    }

    /** The framed value without its last {@code tail} bytes, its length prefix mended: an older layout. */
    private static byte[] without(byte[] current, int tail) {
        byte[] older = Arrays.copyOf(current, current.length - tail);
        int length = older.length - 4;
        older[0] = (byte) (length >>> 24);
        older[1] = (byte) (length >>> 16);
        older[2] = (byte) (length >>> 8);
        older[3] = (byte) length;
        return older;
    }

    @Test
    void theLastHoursBaseloadsAndTheHeldLevelsSurviveAndOlderLayoutsAreMigratedWithoutThem() throws Exception {
        MeterBaseline b = afterDays(3);
        long held = 0;
        for (float low : b.hourLows) {
            held += Float.isNaN(low) ? 0 : 1;
        }
        assertThat(held).as("a full ring of hours after three days").isEqualTo(MeterBaseline.HOUR_LOWS);
        int heldSlots = 0;
        for (short n : b.heldN) {
            heldSlots += n > 0 ? 1 : 0;
        }
        assertThat(heldSlots).as("every hour of the day has held a level").isEqualTo(24);
        b.heldExcursionMs = START + 2 * DAY;
        b.heldExcursionReported = true;
        byte[] current = framed(b);
        MeterBaseline back = MeterBaselineSerializer.INSTANCE.deserialize(new DataInputDeserializer(current));
        assertThat(back.hourLows).isEqualTo(b.hourLows);
        assertThat(back.hourLowNext).isEqualTo(b.hourLowNext);
        assertThat(back.heldMean).isEqualTo(b.heldMean);
        assertThat(back.heldVar).isEqualTo(b.heldVar);
        assertThat(back.heldN).isEqualTo(b.heldN);
        assertThat(back.heldExcursionMs).isEqualTo(b.heldExcursionMs);
        assertThat(back.heldExcursionReported).isTrue();
        assertThat(back.periodStrengths).isEqualTo(b.periodStrengths);

        int strengthDays = 0;
        for (float strength : b.periodStrengths) {
            strengthDays += Float.isNaN(strength) ? 0 : 1;
        }
        assertThat(strengthDays).as("the house's fridge cycles clearly every day").isGreaterThanOrEqualTo(2);
        // Layout 2 is layout 3 without its tail: the held profile (mask, 24 slots), the last excursion, the cycles' strengths.
        int heldTail = 8 + 24 * (2 + 4 + 4) + 8 + 1 + 4 + 4 * strengthDays;
        byte[] second = without(current, heldTail);
        MeterBaseline fromSecond = MeterBaselineSerializer.SECOND_LAYOUT_READER.deserialize(new DataInputDeserializer(second));
        assertThat(fromSecond.heldN).containsOnly((short) 0);
        assertThat(fromSecond.heldExcursionMs).isEqualTo(Long.MIN_VALUE);
        assertThat(fromSecond.hourLows).isEqualTo(b.hourLows);

        // Layout 1 is layout 2 without its tail: the ring's position, its mask and its 25 values.
        byte[] first = without(second, 1 + 4 + 4 * MeterBaseline.HOUR_LOWS);
        MeterBaseline migrated = MeterBaselineSerializer.FIRST_LAYOUT_READER.deserialize(new DataInputDeserializer(first));
        assertThat(migrated.hourLows).containsOnly(Float.NaN);
        b.hourLows = MeterBaseline.nanRing(MeterBaseline.HOUR_LOWS);
        b.hourLowNext = 0;
        b.heldMean = new float[24];
        b.heldVar = new float[24];
        b.heldN = new short[24];
        b.heldExcursionMs = Long.MIN_VALUE;
        b.heldExcursionReported = false;
        b.periodStrengths = MeterBaseline.nanRing(MeterBaseline.HISTORY_DAYS);
        assertThat(framed(migrated)).as("everything else as it was").isEqualTo(framed(b));

        for (int layout : new int[] {MeterBaselineSerializer.FIRST_LAYOUT, MeterBaselineSerializer.SECOND_LAYOUT}) {
            var old = new MeterBaselineSerializer.Snapshot(layout);
            assertThat(old.restoreSerializer()).isSameAs(layout == MeterBaselineSerializer.FIRST_LAYOUT
                    ? MeterBaselineSerializer.FIRST_LAYOUT_READER : MeterBaselineSerializer.SECOND_LAYOUT_READER);
            TypeSerializerSchemaCompatibility<MeterBaseline> c = new MeterBaselineSerializer.Snapshot().resolveSchemaCompatibility(old);
            assertThat(c.isCompatibleAfterMigration()).isTrue();
        }
        assertThat(new MeterBaselineSerializer.Snapshot().resolveSchemaCompatibility(new MeterBaselineSerializer.Snapshot()).isCompatibleAsIs())
                .isTrue();
    }
}
