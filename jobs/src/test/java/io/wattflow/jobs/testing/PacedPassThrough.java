package io.wattflow.jobs.testing;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through map that sleeps {@code sleepMs} every {@code sleepEvery} records, so that checkpoints
 * complete while a bounded input is read, and counts the checkpoints it saw complete (by name, in a
 * static map: the MiniCluster runs a copy). With {@code failInNotificationOnFirstAttempt} its subtask
 * 0 throws from the notification of the {@code failAtCheckpoint}-th completed checkpoint on the first
 * attempt: the task fails while the sinks' committers commit that same checkpoint.
 */
public final class PacedPassThrough<T> extends RichMapFunction<T, T> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicInteger> CHECKPOINTS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private final String name;
    private final int sleepEvery;
    private final long sleepMs;
    private final int failAtCheckpoint;
    private transient int seen;
    private transient int completedHere;

    /** @param failAtCheckpoint 0 for never, else fail on the first attempt at that many completed checkpoints */
    public PacedPassThrough(String name, int sleepEvery, long sleepMs, int failAtCheckpoint) {
        this.name = name;
        this.sleepEvery = sleepEvery;
        this.sleepMs = sleepMs;
        this.failAtCheckpoint = failAtCheckpoint;
    }

    public static int completedCheckpoints(String name) {
        return CHECKPOINTS.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    public static int failures(String name) {
        return FAILURES.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = 0;
        completedHere = 0;
    }

    @Override
    public T map(T value) throws Exception {
        if (++seen % sleepEvery == 0) {
            Thread.sleep(sleepMs);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTS.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        completedHere++;
        if (failAtCheckpoint > 0 && completedHere == failAtCheckpoint && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            FAILURES.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            throw new IllegalStateException("injected failure while checkpoint " + checkpointId + " is being committed");
        }
    }
}
