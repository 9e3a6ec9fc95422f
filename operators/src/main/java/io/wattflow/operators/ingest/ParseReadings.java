package io.wattflow.operators.ingest;

import io.wattflow.format.ParseResult;
import io.wattflow.format.ReadingFormat;
import io.wattflow.format.ReadingParser;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.RawRecord;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw records and applies the checks a reading passes on its own. Valid readings go on with
 * their raw bytes (for the keyed checks after); everything else goes to {@link DeadLetters#TAG}.
 * Stateless. Nothing a record contains can make it throw: even a parser bug becomes a dead letter.
 */
public final class ParseReadings extends ProcessFunction<RawRecord, SourcedReading> {
    private static final long serialVersionUID = 1L;

    private final ReadingFormat format;
    private final ValidationConfig config;
    private transient ReadingParser parser;
    private transient DeadLetters deadLetters;

    public ParseReadings(ReadingFormat format, ValidationConfig config) {
        this.format = format;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = format.newParser(config.naiveTimestampZone());
        deadLetters = new DeadLetters(getRuntimeContext());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<SourcedReading> out) {
        ParseResult result;
        try {
            result = parser.parse(raw);
        } catch (RuntimeException e) {
            result = ParseResult.refused(DeadLetterReason.UNPARSABLE, "parser failed: " + e);
        }
        if (!result.isOk()) {
            ctx.output(DeadLetters.TAG, deadLetters.refuse(result.reason(), result.detail(), raw.origin, raw.payload, null));
            return;
        }
        MeterReading reading = result.reading();
        DeadLetterReason reason = ReadingChecks.check(reading, config, System.currentTimeMillis());
        if (reason != null) {
            ctx.output(DeadLetters.TAG, deadLetters.refuse(reason, ReadingChecks.explain(reason, reading, config),
                    raw.origin, raw.payload, reading.meterId));
            return;
        }
        out.collect(new SourcedReading(reading, raw.payload, raw.origin));
    }

    /** The dead-letter metric of {@code reason} in this instance. */
    long refused(DeadLetterReason reason) {
        return deadLetters.count(reason);
    }
}
