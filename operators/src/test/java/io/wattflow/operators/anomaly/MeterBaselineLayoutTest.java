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

/** The meter baseline's layout 2 (with the last hours' baseloads) and the migration from layout 1. */
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

    @Test
    void theLastHoursBaseloadsSurviveAndALayoutOneStateIsMigratedWithoutThem() throws Exception {
        MeterBaseline b = afterDays(3);
        long held = 0;
        for (float low : b.hourLows) {
            held += Float.isNaN(low) ? 0 : 1;
        }
        assertThat(held).as("a full ring of hours after three days").isEqualTo(MeterBaseline.HOUR_LOWS);
        byte[] current = framed(b);
        MeterBaseline back = MeterBaselineSerializer.INSTANCE.deserialize(new DataInputDeserializer(current));
        assertThat(back.hourLows).isEqualTo(b.hourLows);
        assertThat(back.hourLowNext).isEqualTo(b.hourLowNext);

        // Layout 1 is layout 2 without its tail: the ring's position, its mask and its 25 values.
        int tail = 1 + 4 + 4 * MeterBaseline.HOUR_LOWS;
        byte[] first = Arrays.copyOf(current, current.length - tail);
        int length = current.length - 4 - tail;
        first[0] = (byte) (length >>> 24);
        first[1] = (byte) (length >>> 16);
        first[2] = (byte) (length >>> 8);
        first[3] = (byte) length;
        MeterBaseline migrated = MeterBaselineSerializer.FIRST_LAYOUT_READER.deserialize(new DataInputDeserializer(first));
        assertThat(migrated.hourLows).containsOnly(Float.NaN);
        b.hourLows = MeterBaseline.nanRing(MeterBaseline.HOUR_LOWS);
        b.hourLowNext = 0;
        assertThat(framed(migrated)).as("everything else as it was").isEqualTo(framed(b));

        var old = new MeterBaselineSerializer.Snapshot(MeterBaselineSerializer.FIRST_LAYOUT);
        assertThat(old.restoreSerializer()).isSameAs(MeterBaselineSerializer.FIRST_LAYOUT_READER);
        TypeSerializerSchemaCompatibility<MeterBaseline> c = new MeterBaselineSerializer.Snapshot().resolveSchemaCompatibility(old);
        assertThat(c.isCompatibleAfterMigration()).isTrue();
        assertThat(new MeterBaselineSerializer.Snapshot().resolveSchemaCompatibility(new MeterBaselineSerializer.Snapshot()).isCompatibleAsIs())
                .isTrue();
    }
}
