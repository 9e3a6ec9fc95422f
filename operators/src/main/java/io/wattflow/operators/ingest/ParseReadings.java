package io.wattflow.operators.ingest;

import io.wattflow.format.ReadingFormat;
import io.wattflow.ingest.DecodedRecord;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.ingest.ValidationConfig;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw records and applies the checks a reading passes on its own. Valid readings go on with
 * their raw bytes (for the keyed checks after); everything else goes to {@link DeadLetters#TAG}.
 * Stateless. Nothing a record contains can make it throw.
 */
public final class ParseReadings extends ProcessFunction<RawRecord, SourcedReading> {
    private static final long serialVersionUID = 1L;

    private final ReadingDecoder decoder;
    private transient DeadLetters deadLetters;

    public ParseReadings(ReadingFormat format, ValidationConfig config) {
        this.decoder = new ReadingDecoder(format, config);
    }

    @Override
    public void open(OpenContext openContext) {
        decoder.open();
        deadLetters = new DeadLetters(getRuntimeContext());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<SourcedReading> out) {
        DecodedRecord decoded = decoder.decode(raw);
        if (decoded.deadLetter != null) {
            ctx.output(DeadLetters.TAG, deadLetters.count(decoded.deadLetter));
        } else {
            out.collect(decoded.reading);
        }
    }

    /** The dead-letter metric of {@code reason} in this instance. */
    long refused(DeadLetterReason reason) {
        return deadLetters.countOf(reason);
    }
}
