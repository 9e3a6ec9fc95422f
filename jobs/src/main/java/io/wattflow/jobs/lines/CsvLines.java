package io.wattflow.jobs.lines;

import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;

import java.time.ZoneId;
import java.util.List;

/**
 * CSV lines (each with its file's header) to records of one kind; a line that is not one goes to the
 * dead letters with its file:line and the reason, counted by {@link DeadLetters}.
 */
public abstract class CsvLines<T> extends ProcessFunction<RawRecord, T> {
    private static final long serialVersionUID = 1L;
    protected final ZoneId naiveZone;
    private transient DeadLetters deadLetters;
    private transient CsvHeader headers;

    protected CsvLines(ZoneId naiveZone) {
        this.naiveZone = naiveZone;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext());
        headers = new CsvHeader();
    }

    /** The line's header columns, lower case. */
    protected List<String> header(RawRecord r) {
        return headers.columns(r.csvHeader);
    }

    protected void refuse(Context ctx, RawRecord r, DeadLetterReason reason, String detail, String meterId) {
        ctx.output(DeadLetters.TAG, deadLetters.refuse(reason, detail, r.origin, r.payload, meterId));
    }
}
