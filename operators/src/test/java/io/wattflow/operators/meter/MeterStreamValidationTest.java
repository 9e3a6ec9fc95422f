package io.wattflow.operators.meter;

import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.interval.IntervalAccumulator;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import io.wattflow.operators.ingest.RecentTimestamps;
import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.SourcedReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.wattflow.operators.meter.MeterStreams.deadLetters;
import static org.assertj.core.api.Assertions.assertThat;

/** Duplicates and late readings refused by {@link MeterStreamFunction}, the accepted ones counted in the 1-min intervals. */
class MeterStreamValidationTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(OperatorSubtaskState restore)
            throws Exception {
        return MeterStreams.harness(restore);
    }

    private static StreamRecord<SourcedReading> reading(String meter, long seconds, double watts) {
        return MeterStreams.reading(meter, seconds * 1000, watts);
    }

    /** The accepted readings, as meter:minute=count of the intervals once the watermark passed them all. */
    private static List<String> acceptedPerMinute(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h)
            throws Exception {
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        return Harnesses.<IntervalReading>records(h).stream().map(r -> r.meterId + ":" + r.startMs / 60_000 + "=" + r.sampleCount)
                .collect(Collectors.toList());
    }

    @Test
    void acceptsOutOfOrderReadingsWithinTheBoundAndRefusesDuplicatesAndLateOnes() throws Exception {
        var h = harness(null);
        h.processElement(reading("m", 100, 1));
        h.processElement(reading("m", 102, 2));
        h.processElement(reading("m", 101, 3));   // out of order by 1 s: fine
        h.processElement(reading("m", 102, 9));   // same second again: duplicate
        h.processElement(reading("m", 91, 4));    // 11 s behind the newest: late
        h.processElement(reading("m", 92, 5));    // exactly 10 s behind: still fine
        h.processElement(reading("other", 50, 6)); // other meters have their own clock
        assertThat(acceptedPerMinute(h)).as("m: 100, 102, 101, 92; other: 50")
                .containsExactlyInAnyOrder("m:1=4", "other:0=1");
        assertThat(deadLetters(h)).containsExactly("DUPLICATE_TIMESTAMP@f:102", "LATE@f:91");
        DeadLetter duplicate = h.getSideOutput(DeadLetters.TAG).peek().getValue();
        assertThat(duplicate.rawAsText()).as("the original bytes").isEqualTo("m,102,9.0");
        assertThat(duplicate.meterId).isEqualTo("m");
        assertThat(h.numKeyedStateEntries()).as("one entry per meter").isEqualTo(2);
        assertThat(h.numEventTimeTimers()).as("every minute emitted").isZero();
    }

    @Test
    void readingsBehindTheWatermarkAreLate() throws Exception {
        var h = harness(null);
        h.processElement(reading("m", 100, 1));
        h.processWatermark(new Watermark(200_000));
        h.processElement(reading("n", 150, 1)); // a new meter, but event time has passed it
        h.processElement(reading("m", 201, 1));
        assertThat(deadLetters(h)).containsExactly("LATE@f:150");
        assertThat(acceptedPerMinute(h)).containsExactlyInAnyOrder("m:1=1", "m:3=1");
    }

    @Test
    void statePerMeterStaysBoundedWhateverTheStreamLength() throws Exception {
        var h = harness(null);
        for (long s = 0; s < 10_000; s++) {
            h.processElement(reading("m", s, s));
        }
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        RecentTimestamps state = new RecentTimestamps();
        for (long s = 0; s < 10_000; s++) {
            state.add(s);
        }
        assertThat(state.ring).hasSize(RecentTimestamps.CAPACITY);
        assertThat(state.max).isEqualTo(9_999);
    }

    @Test
    void theMetersStateIsWrittenByItsOwnSerializerInAboutTwoHundredThirtyBytes() throws Exception {
        TypeInformation<MeterStreamState> info = TypeInformation.of(MeterStreamState.class);
        assertThat(info.createSerializer(new ExecutionConfig().getSerializerConfig()))
                .as("not the POJO serializer's reflection on every reading").isInstanceOf(MeterStreamStateSerializer.class);
        MeterStreamState m = new MeterStreamState();
        for (long s = 0; s < 100; s++) {
            m.recent.add(s * 1000);
        }
        m.gaps = new long[] {1_000, 60_000};
        m.openStarts = new long[] {0, 60_000};
        m.open = new IntervalAccumulator[] {new IntervalAccumulator(), new IntervalAccumulator()};
        m.open[0].add(100);
        m.open[1].add(200);
        m.recent.add(98_500); // out of order
        TypeSerializer<MeterStreamState> serializer = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        byte[] written = serialized(serializer, m);
        assertThat(written.length).as("the worst case in practice: two open minutes and a candidate gap").isBetween(210, 250);
        MeterStreamState back = serializer.deserialize(new DataInputDeserializer(written));
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        assertThat(serializer.copy(m)).usingRecursiveComparison().isEqualTo(m);
        assertThat(serializer.copy(m).recent.ring).as("a deep copy").isNotSameAs(m.recent.ring);
        assertThat(serializer.deserialize(new DataInputDeserializer(serialized(serializer, new MeterStreamState()))))
                .as("a new meter's empty ring").usingRecursiveComparison().isEqualTo(new MeterStreamState());
    }

    @Test
    void aRestoredOperatorStillKnowsWhatItSaw() throws Exception {
        var first = harness(null);
        first.processElement(reading("m", 100, 1));
        first.processElement(reading("m", 101, 1));
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        first.close();

        var restored = harness(snapshot);
        restored.processElement(reading("m", 101, 2)); // duplicate of a reading before the snapshot
        restored.processElement(reading("m", 80, 2));  // late against the restored newest timestamp
        restored.processElement(reading("m", 102, 2));
        assertThat(deadLetters(restored)).containsExactly("DUPLICATE_TIMESTAMP@f:101", "LATE@f:80");
        assertThat(acceptedPerMinute(restored)).as("100 and 101 before the snapshot, 102 after").containsExactly("m:1=3");
    }

    @Test
    void aSilentMetersStateExpires() throws Exception {
        var h = harness(null);
        h.setStateTtlProcessingTime(0);
        h.processElement(reading("m", 100, 1));
        h.setStateTtlProcessingTime(Duration.ofDays(8).toMillis());
        h.processElement(reading("m", 100, 1)); // the meter's history has expired: not a duplicate any more
        assertThat(deadLetters(h)).isEmpty();
        // The open minute expired with the rest: only when the watermark stood still for the whole time-to-live.
        assertThat(acceptedPerMinute(h)).containsExactly("m:1=1");
    }

    private static byte[] serialized(TypeSerializer<MeterStreamState> serializer, MeterStreamState m) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(m, out);
        return out.getCopyOfBuffer();
    }
}
