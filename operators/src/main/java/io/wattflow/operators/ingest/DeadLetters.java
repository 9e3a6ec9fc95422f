package io.wattflow.operators.ingest;

import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeadLetterReason;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.Map;

/**
 * Builds dead letters and counts them: a Flink metric per reason for operations
 * ({@code wattflow.dead_letters.<REASON>}), and an accumulator per reason for a job's summary.
 */
public final class DeadLetters {
    /** The side output every refusing operator writes to. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Accumulator names are this prefix plus the reason code. */
    public static final String ACCUMULATOR_PREFIX = "dead-letters.";

    private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);
    private final Map<DeadLetterReason, LongCounter> accumulators = new EnumMap<>(DeadLetterReason.class);

    public DeadLetters(RuntimeContext context) {
        MetricGroup group = context.getMetricGroup().addGroup("wattflow").addGroup("dead_letters");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, group.counter(reason.name()));
            LongCounter acc = new LongCounter();
            context.addAccumulator(ACCUMULATOR_PREFIX + reason.name(), acc);
            accumulators.put(reason, acc);
        }
    }

    public DeadLetter refuse(DeadLetterReason reason, String detail, String origin, byte[] raw, String meterId) {
        return count(new DeadLetter(reason, detail, origin, raw, meterId, System.currentTimeMillis()));
    }

    /** Counts a dead letter made elsewhere (by a decoder in a source) and returns it. */
    public DeadLetter count(DeadLetter deadLetter) {
        DeadLetterReason reason = DeadLetterReason.valueOf(deadLetter.reason);
        counters.get(reason).inc();
        accumulators.get(reason).add(1L);
        return deadLetter;
    }

    /** How many dead letters of {@code reason} this instance has counted. */
    public long countOf(DeadLetterReason reason) {
        return counters.get(reason).getCount();
    }
}
