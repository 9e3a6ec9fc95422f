package io.wattflow.jobs.testing;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pass-through map that fails its first {@code failingAttempts} attempts, each once a checkpoint
 * has completed and {@code afterRecords} records have passed, on subtask 0. It sleeps {@code sleepMs}
 * every {@code sleepEvery} records so that checkpoints complete while a bounded input is read (on the
 * restored attempts too). Failures are counted by name in a static map: the MiniCluster runs a copy.
 */
public final class FailAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private final String name;
    private final int failingAttempts;
    private final int afterRecords;
    private final int sleepEvery;
    private final long sleepMs;
    private transient boolean checkpointDone;
    private transient int seen;

    public FailAfterCheckpoint(String name, int failingAttempts, int afterRecords, int sleepEvery, long sleepMs) {
        this.name = name;
        this.failingAttempts = failingAttempts;
        this.afterRecords = afterRecords;
        this.sleepEvery = sleepEvery;
        this.sleepMs = sleepMs;
    }

    /** How many failures the function named {@code name} injected in this JVM. */
    public static int failures(String name) {
        return FAILURES.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    @Override
    public void open(OpenContext openContext) {
        checkpointDone = false;
        seen = 0;
    }

    @Override
    public T map(T value) throws Exception {
        if (++seen % sleepEvery == 0) {
            Thread.sleep(sleepMs);
        }
        if (checkpointDone && seen >= afterRecords && getRuntimeContext().getTaskInfo().getAttemptNumber() < failingAttempts
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            FAILURES.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointDone = true;
    }
}
