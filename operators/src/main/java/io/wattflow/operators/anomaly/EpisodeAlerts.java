package io.wattflow.operators.anomaly;

import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One alert per episode of a meter and kind (the key): the first escalation opens it (an "open"
 * record), every later anomaly of the kind extends it silently, and once none came for the kind's
 * quiet period the episode is closed (a "closed" record with its whole span and count).
 *
 * <p>The two inputs are not ordered with each other: CEP releases an escalation only when the
 * watermark passes it, so anomalies after it may come first. Anomalies arriving while no episode is
 * open are therefore kept for {@link AnomalyAlerts#SUSTAINED_WITHIN} and folded into an episode that
 * opens behind them.
 *
 * <p>State per meter and kind: the open alert (about 200 bytes) while an episode is open, the
 * anomalies of the last 6 hours while none is (at most a handful), one event-time timer per open
 * episode.
 */
public final class EpisodeAlerts extends KeyedCoProcessFunction<String, Anomaly, Anomaly, AnomalyAlert> {
    private static final long serialVersionUID = 1L;
    /** Hourly anomalies end an episode after 6 quiet hours; faults after a quiet day (a stuck meter is reported once per run). */
    static final Duration HOURLY_QUIET = Duration.ofHours(6);
    static final Duration FAULT_QUIET = Duration.ofDays(1);

    private transient ValueState<AnomalyAlert> open;
    private transient ValueState<Long> lastDetected;
    private transient ListState<Anomaly> pending;

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-alert", AnomalyAlert.class));
        lastDetected = getRuntimeContext().getState(new ValueStateDescriptor<>("last-detected", Long.class));
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-anomalies", Anomaly.class));
    }

    /** An escalation: opens an episode unless one is open. */
    @Override
    public void processElement1(Anomaly escalation, Context ctx, Collector<AnomalyAlert> out) throws Exception {
        AnomalyAlert alert = openAt(escalation.detectedMs, out);
        if (alert != null) {
            return;
        }
        alert = new AnomalyAlert();
        alert.meterId = escalation.meterId;
        alert.kind = escalation.kind;
        alert.status = AnomalyAlert.OPEN;
        alert.startMs = escalation.startMs;
        alert.endMs = escalation.endMs;
        alert.emittedMs = escalation.detectedMs;
        alert.anomalies = AnomalyAlerts.hourly(escalation) ? AnomalyAlerts.SUSTAINED_HOURS : 1;
        alert.maxScore = escalation.score;
        alert.severity = escalation.severity;
        alert.explanation = escalation.explanation;
        alert.baselineDays = escalation.baselineDays;
        out.collect(copy(alert));
        // The anomalies that came first are folded in time order while each is within the quiet period
        // of the one before; the rest wait for the episode a later escalation opens. The direct input can
        // run far ahead of CEP's (in a replay by months): folding every later anomaly kept an April
        // episode open into July, and the faults of June disappeared into it.
        List<Anomaly> later = new ArrayList<>();
        for (Anomaly a : pending.get()) {
            if (a.detectedMs > escalation.detectedMs) {
                later.add(a);
            }
        }
        later.sort(Comparator.comparingLong(a -> a.detectedMs));
        long last = escalation.detectedMs;
        int folded = 0;
        while (folded < later.size() && later.get(folded).detectedMs - last < quiet(escalation.kind)) {
            extend(alert, later.get(folded));
            last = later.get(folded++).detectedMs;
        }
        pending.update(new ArrayList<>(later.subList(folded, later.size())));
        open.update(alert);
        lastDetected.update(last);
        ctx.timerService().registerEventTimeTimer(escalation.detectedMs + quiet(escalation.kind));
    }

    /** Any anomaly: extends the open episode (those up to the opening are in it already). */
    @Override
    public void processElement2(Anomaly a, Context ctx, Collector<AnomalyAlert> out) throws Exception {
        AnomalyAlert alert = openAt(a.detectedMs, out);
        if (alert == null) {
            keepPending(a);
            return;
        }
        if (a.detectedMs <= alert.emittedMs) {
            return;
        }
        extend(alert, a);
        open.update(alert);
        lastDetected.update(Math.max(lastDetected.value(), a.detectedMs));
    }

    /**
     * The episode open at {@code eventMs}, after closing one whose quiet period ended before it. The
     * timer closes episodes when the watermark passes their end, but an anomaly days later can come
     * first: in a replay or a catch-up the watermark moves in jumps of hours (one every 200 ms of
     * processing), and folding that anomaly into the old episode would hide a new fault.
     */
    private AnomalyAlert openAt(long eventMs, Collector<AnomalyAlert> out) throws Exception {
        AnomalyAlert alert = open.value();
        if (alert == null) {
            return null;
        }
        long due = endOf(alert);
        if (due > eventMs) {
            return alert;
        }
        close(alert, due, out);
        return null;
    }

    private void close(AnomalyAlert alert, long atMs, Collector<AnomalyAlert> out) throws Exception {
        AnomalyAlert closed = copy(alert);
        closed.status = AnomalyAlert.CLOSED;
        closed.emittedMs = atMs;
        out.collect(closed);
        open.clear();
        lastDetected.clear();
    }

    private void keepPending(Anomaly a) throws Exception {
        List<Anomaly> recent = new ArrayList<>();
        for (Anomaly p : pending.get()) {
            if (p.detectedMs >= a.detectedMs - AnomalyAlerts.SUSTAINED_WITHIN.toMillis()) {
                recent.add(p);
            }
        }
        recent.add(a);
        pending.update(recent);
    }

    private static void extend(AnomalyAlert alert, Anomaly a) {
        alert.anomalies++;
        alert.endMs = Math.max(alert.endMs, a.endMs);
        if (a.score > alert.maxScore) {
            alert.maxScore = a.score;
            alert.severity = a.severity;
            alert.explanation = a.explanation;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyAlert> out) throws Exception {
        AnomalyAlert alert = open.value();
        if (alert == null || ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return; // at the end of a bounded input (a replay) the episode has not ended: it stays open
        }
        long due = endOf(alert);
        if (due > timestamp) {
            ctx.timerService().registerEventTimeTimer(due);
            return;
        }
        close(alert, timestamp, out);
    }

    /** When the open episode ends if no anomaly of its kind comes: a quiet period after its last one. */
    private long endOf(AnomalyAlert alert) throws Exception {
        return lastDetected.value() + quiet(alert.kind);
    }

    private static long quiet(String kind) {
        return (Anomaly.CONSUMPTION_HIGH.equals(kind) || Anomaly.CONSUMPTION_LOW.equals(kind) ? HOURLY_QUIET : FAULT_QUIET).toMillis();
    }

    static AnomalyAlert copy(AnomalyAlert a) {
        AnomalyAlert c = new AnomalyAlert();
        c.meterId = a.meterId;
        c.kind = a.kind;
        c.status = a.status;
        c.startMs = a.startMs;
        c.endMs = a.endMs;
        c.emittedMs = a.emittedMs;
        c.anomalies = a.anomalies;
        c.maxScore = a.maxScore;
        c.severity = a.severity;
        c.explanation = a.explanation;
        c.baselineDays = a.baselineDays;
        return c;
    }

    static Anomaly copy(Anomaly a) {
        Anomaly c = new Anomaly();
        c.meterId = a.meterId;
        c.kind = a.kind;
        c.startMs = a.startMs;
        c.endMs = a.endMs;
        c.detectedMs = a.detectedMs;
        c.observed = a.observed;
        c.expected = a.expected;
        c.unit = a.unit;
        c.score = a.score;
        c.severity = a.severity;
        c.explanation = a.explanation;
        c.baselineDays = a.baselineDays;
        c.baselineLevel = a.baselineLevel;
        return c;
    }
}
