package io.wattflow.operators.runs;

import io.wattflow.record.ApplianceRun;
import io.wattflow.record.LoadEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;
import java.util.Map;

/**
 * Pairs ON with OFF events into appliance runs with Flink CEP: an ON event followed (not necessarily
 * directly) by an OFF event of matching size within the maximum duration. An ON whose window ends
 * without an OFF is a timed-out partial match and becomes an unmatched run; an OFF can close only one
 * run ({@link OneRunPerOff}), and an ON that lost its OFF to another is also reported as unmatched.
 *
 * <p>CEP state per meter is bounded by the maximum duration: partial matches older than it time out.
 */
public final class ApplianceRuns {
    private static final OutputTag<ApplianceRun> TIMED_OUT =
            new OutputTag<>("runs-timed-out", TypeInformation.of(ApplianceRun.class));

    private ApplianceRuns() {}

    public static Pattern<LoadEvent, ?> pattern(RunPairing pairing) {
        return Pattern.<LoadEvent>begin("on", AfterMatchSkipStrategy.noSkip())
                .where(SimpleCondition.of(e -> e.deltaActivePowerW > 0))
                .followedBy("off")
                .where(new ClosesOn(pairing))
                .within(pairing.maxDuration());
    }

    /**
     * The runs of a meter-keyed event stream (event time), matched and unmatched together. Adds the
     * CEP operator ({@code uidPrefix}-cep) and the one-run-per-OFF filter ({@code uidPrefix}-dedup).
     */
    public static DataStream<ApplianceRun> of(KeyedStream<LoadEvent, String> events, RunPairing pairing, String uidPrefix) {
        SingleOutputStreamOperator<ApplianceRun> runs = CEP.pattern(events, pattern(pairing))
                .process(new ToRuns())
                .uid(uidPrefix + "-cep").name("pair ON and OFF events (CEP)");
        return runs.union(runs.getSideOutput(TIMED_OUT))
                .keyBy(r -> r.meterId)
                .process(new OneRunPerOff())
                .uid(uidPrefix + "-dedup").name("one run per OFF event");
    }

    private static final class ClosesOn extends IterativeCondition<LoadEvent> {
        private static final long serialVersionUID = 1L;
        private final RunPairing pairing;

        ClosesOn(RunPairing pairing) {
            this.pairing = pairing;
        }

        @Override
        public boolean filter(LoadEvent off, Context<LoadEvent> ctx) throws Exception {
            for (LoadEvent on : ctx.getEventsForPattern("on")) {
                return pairing.closes(on, off);
            }
            return false;
        }
    }

    private static final class ToRuns extends PatternProcessFunction<LoadEvent, ApplianceRun>
            implements TimedOutPartialMatchHandler<LoadEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(Map<String, List<LoadEvent>> match, Context ctx, Collector<ApplianceRun> out) {
            out.collect(RunPairing.matched(match.get("on").get(0), match.get("off").get(0)));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<LoadEvent>> match, Context ctx) {
            ctx.output(TIMED_OUT, RunPairing.unmatched(match.get("on").get(0)));
        }
    }
}
