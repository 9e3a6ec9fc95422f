package io.wattflow.record;

/**
 * A parsed reading that still carries its raw bytes and origin, so that the keyed checks after it
 * (duplicates, lateness) can send the original bytes to the dead-letter output. The raw bytes are
 * dropped as soon as the reading is accepted.
 */
public class SourcedReading {
    public MeterReading reading;
    public byte[] raw;
    public String origin;

    public SourcedReading() {}

    public SourcedReading(MeterReading reading, byte[] raw, String origin) {
        this.reading = reading;
        this.raw = raw;
        this.origin = origin;
    }
}
