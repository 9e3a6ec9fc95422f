package io.wattflow.operators.ingest;

import io.wattflow.ingest.ValidationConfig;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import io.wattflow.operators.SilentMeterTtl;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * The checks that need a meter's history, keyed by meter id: a second reading for a timestamp the
 * meter already sent is a duplicate; a reading older than the allowed out-of-orderness behind the
 * meter's newest one, or behind the watermark (where event-time operators have moved on), is late.
 * Both go to {@link DeadLetters#TAG} with their original bytes; accepted readings drop them.
 *
 * <p>State: one {@link RecentTimestamps} per meter (272 bytes), expired after {@code stateTtl}
 * without readings so silent meters do not keep state forever.
 */
public final class ValidateReadings extends KeyedProcessFunction<String, SourcedReading, MeterReading> {
    private static final long serialVersionUID = 1L;
    public static final String ACCEPTED_ACCUMULATOR = "readings.accepted";

    private final long outOfOrdernessMs;
    private final Duration stateTtl;
    private transient ValueState<RecentTimestamps> recent;
    private transient DeadLetters deadLetters;
    private transient Counter accepted;
    private transient LongCounter acceptedAccumulator;

    public ValidateReadings(ValidationConfig config, Duration stateTtl) {
        this.outOfOrdernessMs = config.outOfOrdernessMs();
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecentTimestamps> descriptor = new ValueStateDescriptor<>("recent-timestamps", RecentTimestamps.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        recent = getRuntimeContext().getState(descriptor);
        deadLetters = new DeadLetters(getRuntimeContext());
        accepted = getRuntimeContext().getMetricGroup().addGroup("wattflow").counter("readings_accepted");
        acceptedAccumulator = new LongCounter();
        getRuntimeContext().addAccumulator(ACCEPTED_ACCUMULATOR, acceptedAccumulator);
    }

    @Override
    public void processElement(SourcedReading in, Context ctx, Collector<MeterReading> out) throws Exception {
        long ts = in.reading.timestampMs;
        RecentTimestamps seen = recent.value();
        if (seen == null) {
            seen = new RecentTimestamps();
        }
        long watermark = ctx.timerService().currentWatermark();
        if (ts <= watermark || (seen.max != Long.MIN_VALUE && ts < seen.max - outOfOrdernessMs)) {
            refuse(ctx, in, DeadLetterReason.LATE, "behind the meter's newest reading or the watermark by more than "
                    + outOfOrdernessMs + " ms");
            return;
        }
        if (seen.contains(ts)) {
            refuse(ctx, in, DeadLetterReason.DUPLICATE_TIMESTAMP, "the meter already sent this timestamp");
            return;
        }
        seen.add(ts);
        recent.update(seen);
        accepted.inc();
        acceptedAccumulator.add(1L);
        out.collect(in.reading);
    }

    private void refuse(Context ctx, SourcedReading in, DeadLetterReason reason, String detail) {
        ctx.output(DeadLetters.TAG, deadLetters.refuse(reason, detail, in.origin, in.raw, in.reading.meterId));
    }
}
