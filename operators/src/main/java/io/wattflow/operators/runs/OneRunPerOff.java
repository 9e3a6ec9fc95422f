package io.wattflow.operators.runs;

import io.wattflow.record.ApplianceRun;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * CEP lets one OFF event complete every ON waiting for it (two fridges switched on, one switched
 * off). The first run to claim an OFF keeps it; a later run with the same OFF becomes an unmatched
 * run of its ON, so no ON is lost and no OFF is counted twice.
 *
 * <p>State per meter: the end times of the last {@link #REMEMBERED} matched runs, 8 bytes each (128 bytes).
 */
public final class OneRunPerOff extends KeyedProcessFunction<String, ApplianceRun, ApplianceRun> {
    private static final long serialVersionUID = 1L;
    static final int REMEMBERED = 16;

    private transient ValueState<long[]> claimedOffs;

    @Override
    public void open(OpenContext openContext) {
        claimedOffs = getRuntimeContext().getState(new ValueStateDescriptor<>("claimed-offs",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(ApplianceRun run, Context ctx, Collector<ApplianceRun> out) throws Exception {
        if (run.endMs == null) {
            out.collect(run);
            return;
        }
        long[] claimed = claimedOffs.value();
        if (claimed == null) {
            claimed = new long[0];
        }
        for (long end : claimed) {
            if (end == run.endMs) {
                out.collect(RunPairing.unmatched(run.meterId, run.startMs, run.onDeltaW));
                return;
            }
        }
        long[] next = new long[Math.min(claimed.length + 1, REMEMBERED)];
        next[0] = run.endMs;
        System.arraycopy(claimed, 0, next, 1, next.length - 1);
        claimedOffs.update(next);
        out.collect(run);
    }
}
