package io.wattflow.format;

import io.wattflow.record.RawRecord;

/**
 * Turns the bytes of one record into a reading. Implementations never throw on bad input: every
 * problem becomes a {@link ParseResult#refused refusal} with a reason code, so a bad record can never
 * take a job down. Not thread-safe; an operator makes one per instance in {@code open()}.
 */
public interface ReadingParser {
    ParseResult parse(RawRecord raw);
}
