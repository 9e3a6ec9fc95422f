package io.wattflow.jobs.bench;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects Flink's latency histograms in this JVM: with {@code metrics.latency.interval} set, sources
 * send latency markers that travel through the same queues as the records, and every operator keeps
 * a histogram of their age on arrival. The bench reads the oldest (the sinks') percentiles.
 */
public final class LatencyHistograms implements MetricReporter {
    static final List<Histogram> HISTOGRAMS = new CopyOnWriteArrayList<>();

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Histogram && name.equals("latency")) {
            HISTOGRAMS.add((Histogram) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** The largest p50 and p99 over all operators, ms; NaN when no marker arrived. */
    static double[] worstPercentiles() {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (Histogram h : HISTOGRAMS) {
            if (h.getCount() == 0) {
                continue;
            }
            p50 = Double.isNaN(p50) ? h.getStatistics().getQuantile(0.5) : Math.max(p50, h.getStatistics().getQuantile(0.5));
            p99 = Double.isNaN(p99) ? h.getStatistics().getQuantile(0.99) : Math.max(p99, h.getStatistics().getQuantile(0.99));
        }
        return new double[] {p50, p99};
    }

    /** Registered in the bench's Flink configuration as a reporter factory. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new LatencyHistograms();
        }
    }
}
