package io.wattflow.record;

/**
 * Bytes as a source delivered them, before any parsing, with their origin. Every source produces
 * these so that parsing, and the dead-letter path, is the same for files and Kafka.
 */
public class RawRecord {
    public byte[] payload;
    /** "path:line" for files, "topic/partition/offset" for Kafka. */
    public String origin;
    /** The record key (a Kafka key, e.g. the meter id) when the source has one. */
    public String key;
    /** The source's own timestamp (e.g. Kafka's) in epoch ms, for formats that carry none. */
    public Long sourceTimestampMs;
    /** For CSV lines: the header line of the file the line came from. */
    public String csvHeader;

    public RawRecord() {}

    public RawRecord(byte[] payload, String origin) {
        this.payload = payload;
        this.origin = origin;
    }
}
