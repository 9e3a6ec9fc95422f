package io.wattflow.jobs.ingest;

import io.wattflow.record.IntervalReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import io.wattflow.record.ProfileDay;
import io.wattflow.record.SourcedReading;

/** Key selectors: every keyed stream in wattflow is keyed by meter id. */
public final class MeterKeys {
    private MeterKeys() {}

    static String ofSourced(SourcedReading r) {
        return r.reading.meterId;
    }

    static String ofReading(MeterReading r) {
        return r.meterId;
    }

    public static String ofInterval(IntervalReading r) {
        return r.meterId;
    }

    static String ofEvent(LoadEvent e) {
        return e.meterId;
    }

    static String ofProfileDay(ProfileDay d) {
        return d.meterId;
    }
}
