package io.wattflow.operators.ingest;

import io.wattflow.ingest.DecodedRecord;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * After a source that decodes in its deserializer (Kafka, for per-partition watermarks): readings go
 * on, dead letters to {@link DeadLetters#TAG}, counted per reason like {@link ParseReadings} counts them.
 */
public final class SplitDecoded extends ProcessFunction<DecodedRecord, SourcedReading> {
    private static final long serialVersionUID = 1L;

    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext());
    }

    @Override
    public void processElement(DecodedRecord decoded, Context ctx, Collector<SourcedReading> out) {
        if (decoded.deadLetter != null) {
            ctx.output(DeadLetters.TAG, deadLetters.count(decoded.deadLetter));
        } else {
            out.collect(decoded.reading);
        }
    }
}
