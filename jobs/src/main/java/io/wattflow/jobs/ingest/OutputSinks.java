package io.wattflow.jobs.ingest;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.ArrayList;
import java.util.List;

/** The sinks of one output (Parquet, Kafka, or both), each with its kind for its uid. */
public final class OutputSinks<T> {
    private final List<Sink<T>> sinks = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();

    public OutputSinks<T> add(String kind, Sink<T> sink) {
        sinks.add(sink);
        kinds.add(kind);
        return this;
    }

    OutputSinks<T> addAll(OutputSinks<T> other) {
        for (int i = 0; i < other.sinks.size(); i++) {
            add(other.kinds.get(i), other.sinks.get(i));
        }
        return this;
    }

    void attach(DataStream<T> stream, String output) {
        for (int i = 0; i < sinks.size(); i++) {
            stream.sinkTo(sinks.get(i)).uid("sink-" + output + "-" + kinds.get(i)).name(output + " -> " + kinds.get(i));
        }
    }
}
