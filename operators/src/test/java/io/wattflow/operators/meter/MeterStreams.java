package io.wattflow.operators.meter;

import io.wattflow.ingest.ValidationConfig;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.MeterReading;
import io.wattflow.record.SourcedReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/** Harnesses of {@link MeterStreamFunction} and its outputs, for the tests of each of its jobs. */
final class MeterStreams {
    static final ValidationConfig VALIDATION = ValidationConfig.defaults().withOutOfOrderness(Duration.ofSeconds(10));

    private MeterStreams() {}

    static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(
            String detector, Duration interval, OperatorSubtaskState restore) throws Exception {
        return Harnesses.keyed(new MeterStreamFunction<>(VALIDATION, Duration.ofSeconds(30), interval, Duration.ofSeconds(1),
                ChangeDetectors.pipeline(detector, 30), Duration.ofDays(7)), r -> r.reading.meterId, restore);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(OperatorSubtaskState restore)
            throws Exception {
        return harness("edge", Duration.ofMinutes(1), restore);
    }

    /** A reading as it comes from the decoder, its raw bytes "meter,seconds,watts" and origin "f:seconds". */
    static StreamRecord<SourcedReading> sourced(MeterReading r) {
        String raw = r.meterId + "," + r.timestampMs / 1000 + "," + r.activePowerW;
        return new StreamRecord<>(new SourcedReading(r, raw.getBytes(StandardCharsets.UTF_8), "f:" + r.timestampMs / 1000), r.timestampMs);
    }

    static StreamRecord<SourcedReading> reading(String meter, long ms, double watts) {
        return sourced(new MeterReading(meter, ms, watts));
    }

    static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h, OutputTag<T> tag) {
        ConcurrentLinkedQueue<StreamRecord<T>> out = h.getSideOutput(tag);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    static List<String> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h) {
        return side(h, DeadLetters.TAG).stream().map(d -> d.reason + "@" + d.origin).collect(Collectors.toList());
    }
}
