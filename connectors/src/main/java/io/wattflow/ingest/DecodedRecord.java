package io.wattflow.ingest;

import io.wattflow.record.DeadLetter;
import io.wattflow.record.SourcedReading;

/** A raw record after decoding: exactly one of a reading (with its raw bytes) or a dead letter. */
public class DecodedRecord {
    public SourcedReading reading;
    public DeadLetter deadLetter;

    public DecodedRecord() {}

    static DecodedRecord of(SourcedReading reading) {
        DecodedRecord d = new DecodedRecord();
        d.reading = reading;
        return d;
    }

    static DecodedRecord of(DeadLetter deadLetter) {
        DecodedRecord d = new DecodedRecord();
        d.deadLetter = deadLetter;
        return d;
    }

    /** Event time of a reading; dead letters have none and must not move watermarks. */
    public long eventTimeMs() {
        return reading != null ? reading.reading.timestampMs : Long.MIN_VALUE;
    }
}
