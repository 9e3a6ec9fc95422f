package io.wattflow.ingest;

import io.wattflow.format.ParseResult;
import io.wattflow.format.ReadingFormat;
import io.wattflow.format.ReadingParser;
import io.wattflow.format.StrictUtf8;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.RawRecord;
import io.wattflow.record.SourcedReading;

import java.io.Serializable;

/**
 * Parses a raw record and applies the checks a reading passes on its own, the same for files and
 * Kafka. Never throws: a parser bug too becomes a dead letter. Make one per operator instance
 * ({@link #open()}); parsers keep small caches and are not thread-safe.
 */
public final class ReadingDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ReadingFormat format;
    private final ValidationConfig config;
    private final String csvHeader;
    private transient ReadingParser parser;

    public ReadingDecoder(ReadingFormat format, ValidationConfig config) {
        this(format, config, null);
    }

    /** @param csvHeader for CSV records that come without their file's header (Kafka); null otherwise */
    public ReadingDecoder(ReadingFormat format, ValidationConfig config, String csvHeader) {
        this.format = format;
        this.config = config;
        this.csvHeader = csvHeader;
    }

    public ReadingDecoder open() {
        parser = format.newParser(config.naiveTimestampZone(), csvHeader);
        return this;
    }

    public DecodedRecord decode(RawRecord raw) {
        ParseResult result;
        if (!StrictUtf8.isValid(raw.payload) || (raw.key != null && raw.key.indexOf('\uFFFD') >= 0)) {
            return DecodedRecord.of(refuse(DeadLetterReason.INVALID_ENCODING, "not valid UTF-8", raw, null));
        }
        try {
            result = parser.parse(raw);
        } catch (RuntimeException e) {
            result = ParseResult.refused(DeadLetterReason.UNPARSABLE, "parser failed: " + e);
        }
        if (!result.isOk()) {
            return DecodedRecord.of(refuse(result.reason(), result.detail(), raw, null));
        }
        MeterReading reading = result.reading();
        DeadLetterReason reason = ReadingChecks.check(reading, config, System.currentTimeMillis());
        if (reason != null) {
            return DecodedRecord.of(refuse(reason, ReadingChecks.explain(reason, reading, config), raw, reading.meterId));
        }
        return DecodedRecord.of(new SourcedReading(reading, raw.payload, raw.origin));
    }

    private static DeadLetter refuse(DeadLetterReason reason, String detail, RawRecord raw, String meterId) {
        return new DeadLetter(reason, detail, raw.origin, raw.payload, meterId, System.currentTimeMillis());
    }
}
