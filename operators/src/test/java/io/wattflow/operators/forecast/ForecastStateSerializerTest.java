package io.wattflow.operators.forecast;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import io.wattflow.operators.testing.StateSerializers;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast history written with only the days it holds reads back exactly, at any age, and a POJO-written one migrates. */
class ForecastStateSerializerTest {
    private static final long FIRST_DAY = 19_723; // 2024-01-01

    /** A meter's history after {@code days} days of 15-min intervals, a few hours missing, temperatures and forecasts as the job books them. */
    static ForecastState history(int days, boolean weather) {
        Random random = new Random(days);
        ForecastState s = new ForecastState();
        for (long day = FIRST_DAY; day < FIRST_DAY + days; day++) {
            for (int hour = 0; hour < ForecastState.HOURS; hour++) {
                if (random.nextInt(20) == 0) {
                    continue; // an hour without data
                }
                for (int q = 0; q < 4; q++) {
                    s.add(day, hour, 0.05 + random.nextDouble() * 0.3, 15);
                }
                if (weather) {
                    s.addTemperature(day, random.nextGaussian() * 5);
                }
            }
            if (day > FIRST_DAY + 1) {
                s.issuedDay = day;
                for (int h = 0; h < ForecastState.HOURS; h++) {
                    s.p10[h] = h % 7 == 0 ? Float.NaN : random.nextFloat();
                    s.p50[h] = random.nextFloat();
                    s.p90[h] = random.nextFloat();
                }
            }
        }
        return s;
    }


    private static void assertSameState(ForecastState expected, ForecastState actual) {
        assertThat(actual.newestDay).isEqualTo(expected.newestDay);
        assertThat(actual.firstDay).isEqualTo(expected.firstDay);
        assertThat(actual.issuedDay).isEqualTo(expected.issuedDay);
        assertThat(Arrays.equals(actual.kwh, expected.kwh)).as("kwh").isTrue();
        assertThat(Arrays.equals(actual.minutes, expected.minutes)).as("minutes").isTrue();
        assertThat(Arrays.equals(actual.celsiusSum, expected.celsiusSum)).as("temperatures").isTrue();
        assertThat(Arrays.equals(actual.celsiusCount, expected.celsiusCount)).as("temperature counts").isTrue();
        assertThat(Arrays.equals(actual.p10, expected.p10) && Arrays.equals(actual.p50, expected.p50)
                && Arrays.equals(actual.p90, expected.p90)).as("the last forecast").isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 10, 41, 42, 43, 400})
    void everyAgeReadsBackExactly(int days) throws Exception {
        for (boolean weather : new boolean[] {false, true}) {
            ForecastState s = history(days, weather);
            ForecastState back = ForecastStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(StateSerializers.written(ForecastStateSerializer.INSTANCE, s)));
            assertSameState(s, back);
            assertSameState(s, ForecastStateSerializer.INSTANCE.copy(s));
        }
    }

    @Test
    void aNewMeterIsSmallAndAFullHistoryStaysAbout6Kb() throws Exception {
        assertThat(StateSerializers.written(ForecastStateSerializer.INSTANCE, history(1, false)).length).isLessThan(200);
        assertThat(StateSerializers.written(ForecastStateSerializer.INSTANCE, history(400, false)).length).isBetween(5_500, 6_600);
    }

    @Test
    void aHistorySavedWithThePojoSerializerIsMigrated() throws Exception {
        TypeSerializer<ForecastState> pojo = StateSerializers.of(ForecastState.class);
        TypeSerializerSnapshot<ForecastState> old = StateSerializers.savedSnapshot(pojo);
        assertThat(ForecastStateSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old)
                .isCompatibleAfterMigration()).isTrue();

        ForecastState s = history(50, true);
        ForecastState restored = old.restoreSerializer().deserialize(new DataInputDeserializer(StateSerializers.written(pojo, s)));
        assertSameState(s, ForecastStateSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(StateSerializers.written(ForecastStateSerializer.INSTANCE, restored))));
    }
}
