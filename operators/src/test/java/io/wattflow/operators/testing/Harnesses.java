package io.wattflow.operators.testing;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.List;
import java.util.stream.Collectors;

/** Test harnesses for keyed functions (with a broadcast input or not), opened fresh or restored from a snapshot. */
public final class Harnesses {
    private Harnesses() {}

    public static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> keyed(
            KeyedProcessFunction<String, IN, OUT> function, KeySelector<IN, String> key, OperatorSubtaskState restoreFrom)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, Types.STRING);
        harness.setup();
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    public static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> keyed(
            KeyedProcessFunction<String, IN, OUT> function, KeySelector<IN, String> key) throws Exception {
        return keyed(function, key, null);
    }

    /** A keyed function with a broadcast input of {@code broadcastState}, opened fresh or restored. */
    public static <IN, B, OUT> KeyedBroadcastOperatorTestHarness<String, IN, B, OUT> keyedBroadcast(
            KeyedBroadcastProcessFunction<String, IN, B, OUT> function, MapStateDescriptor<?, ?> broadcastState,
            KeySelector<IN, String> key, OperatorSubtaskState restoreFrom) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, IN, B, OUT> harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function, List.of(broadcastState)), key, Types.STRING, 1, 1, 0);
        harness.setup();
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    /** The records a harness emitted so far, without watermarks. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> records(KeyedOneInputStreamOperatorTestHarness<String, ?, T> harness) {
        return harness.getOutput().stream()
                .filter(o -> o instanceof StreamRecord)
                .map(o -> ((StreamRecord<T>) o).getValue())
                .collect(Collectors.toList());
    }
}
