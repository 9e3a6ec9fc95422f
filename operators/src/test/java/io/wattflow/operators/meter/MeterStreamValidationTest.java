package io.wattflow.operators.meter;

import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.interval.IntervalAccumulator;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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
    void aReadingAcceptedOutOfOrderIsADuplicateWhenItComesAgainUntilItIsLate() throws Exception {
        var h = harness(null);
        h.processElement(reading("m", 100, 1));
        h.processElement(reading("m", 103, 1));
        h.processElement(reading("m", 101, 1)); // out of order: not in the signature ring
        h.processElement(reading("m", 101, 2)); // duplicate of it
        h.processElement(reading("m", 100, 2)); // duplicate of one in time order
        h.processElement(reading("m", 102, 1)); // out of order too, not a duplicate
        h.processElement(reading("m", 112, 1));
        h.processElement(reading("m", 101, 3)); // now more than 10 s behind the newest: late, not a duplicate
        assertThat(deadLetters(h)).containsExactly("DUPLICATE_TIMESTAMP@f:101", "DUPLICATE_TIMESTAMP@f:100", "LATE@f:101");
        assertThat(acceptedPerMinute(h)).as("100, 101, 102, 103, 112").containsExactly("m:1=5");
    }

    @Test
    void statePerMeterStaysBoundedWhateverTheStreamLength() throws Exception {
        var h = harness(null);
        for (long s = 0; s < 10_000; s++) {
            h.processElement(reading("m", s, s));
        }
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        long[] outOfOrder = new long[0];
        for (long s = 0; s < 10_000; s++) {
            outOfOrder = OutOfOrderTimes.add(outOfOrder, s, 10_000, 20_000);
        }
        assertThat(outOfOrder).as("the newest 32 of a flood of out-of-order readings").hasSize(OutOfOrderTimes.CAPACITY)
                .startsWith(10_000 - OutOfOrderTimes.CAPACITY).endsWith(9_999);
        assertThat(OutOfOrderTimes.prune(outOfOrder, 19_990, 10_000)).as("only those a reading could still repeat")
                .containsExactly(9_990, 9_991, 9_992, 9_993, 9_994, 9_995, 9_996, 9_997, 9_998, 9_999);
    }

    @Test
    void theMetersStateIsWrittenByItsOwnSerializerInAboutSixtyBytes() throws Exception {
        TypeInformation<MeterStreamState> info = TypeInformation.of(MeterStreamState.class);
        assertThat(info.createSerializer(new ExecutionConfig().getSerializerConfig()))
                .as("not the POJO serializer's reflection on every reading").isInstanceOf(MeterStreamStateSerializer.class);
        MeterStreamState m = new MeterStreamState();
        m.gaps = new long[] {1_000, 60_000};
        m.openStarts = new long[] {0, 60_000};
        m.open = new IntervalAccumulator[] {new IntervalAccumulator(), new IntervalAccumulator()};
        m.open[0].add(100);
        m.open[1].add(200);
        TypeSerializer<MeterStreamState> serializer = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        assertThat(serialized(serializer, m).length).as("two open minutes, the most in practice").isBetween(40, 70);
        m.outOfOrder = new long[] {98_500};
        byte[] written = serialized(serializer, m);
        assertThat(written.length).as("the worst case in practice: and a candidate gap and a reading out of order")
                .isBetween(60, 90);
        MeterStreamState back = serializer.deserialize(new DataInputDeserializer(written));
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
        assertThat(serializer.copy(m)).usingRecursiveComparison().isEqualTo(m);
        assertThat(serializer.copy(m).outOfOrder).as("a deep copy").isNotSameAs(m.outOfOrder);
        assertThat(serializer.deserialize(new DataInputDeserializer(serialized(serializer, new MeterStreamState()))))
                .as("a new meter's").usingRecursiveComparison().isEqualTo(new MeterStreamState());
    }

    @Test
    void aRestoredOperatorStillKnowsWhatItSaw() throws Exception {
        var first = harness(null);
        first.processElement(reading("m", 100, 1));
        first.processElement(reading("m", 101, 1));
        first.processElement(reading("m", 99, 1)); // out of order
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        first.close();

        var restored = harness(snapshot);
        restored.processElement(reading("m", 101, 2)); // duplicate of a reading before the snapshot
        restored.processElement(reading("m", 99, 2));  // and of one that came out of order
        restored.processElement(reading("m", 80, 2));  // late against the restored newest timestamp
        restored.processElement(reading("m", 102, 2));
        assertThat(deadLetters(restored)).containsExactly("DUPLICATE_TIMESTAMP@f:101", "DUPLICATE_TIMESTAMP@f:99", "LATE@f:80");
        assertThat(acceptedPerMinute(restored)).as("100, 101 and 99 before the snapshot, 102 after").containsExactly("m:1=4");
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
