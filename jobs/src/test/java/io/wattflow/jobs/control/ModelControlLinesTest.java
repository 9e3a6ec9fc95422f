package io.wattflow.jobs.control;

import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.ModelControl;
import io.wattflow.record.RawRecord;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Model-control lines: commands for the models the job serves; anything else a dead letter with its reason. */
class ModelControlLinesTest {
    private static RawRecord line(String text, int n) {
        RawRecord r = new RawRecord(text.getBytes(StandardCharsets.UTF_8), "control.csv:" + n);
        r.csvHeader = ModelControlLines.HEADER;
        return r;
    }

    @Test
    void commandsForServedModelsPassAndTheRestAreDeadLettersWithTheirReason() throws Exception {
        OneInputStreamOperatorTestHarness<RawRecord, ModelControl> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ModelControlLines(ZoneOffset.UTC, Set.of("nilm-appliances")));
        List<String> lines = List.of(
                "2026-12-04T09:00:00Z,serve,nilm-appliances,1.1.0,s3://models/nilm-1.1.0,abc123",
                "2026-12-04T10:00:00Z,ROLLBACK,nilm-appliances,,,",
                "2026-12-04T10:00:00Z,serve,kettle-finder,1.0.0,s3://models/x,abc",
                "2026-12-04T10:00:00Z,serve,nilm-appliances,1.2.0,s3://models/y,",
                "2026-12-04T10:00:00Z,restart,nilm-appliances,,,",
                "yesterday,rollback,nilm-appliances,,,",
                "2026-12-04T10:00:00Z,rollback");
        for (int i = 0; i < lines.size(); i++) {
            h.processElement(line(lines.get(i), i + 2), 0);
        }
        List<ModelControl> commands = h.extractOutputValues();
        assertThat(commands).extracting(c -> c.command + " " + c.model + " " + c.version)
                .containsExactly("serve nilm-appliances 1.1.0", "rollback nilm-appliances null");
        assertThat(commands.get(0).location).isEqualTo("s3://models/nilm-1.1.0");
        assertThat(commands.get(0).sha256).isEqualTo("abc123");
        assertThat(commands.get(0).origin).isEqualTo("control.csv:2");
        List<DeadLetter> dead = h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertThat(dead).extracting(d -> d.origin + " " + d.reason).containsExactly("control.csv:4 UNKNOWN_REFERENCE",
                "control.csv:5 UNPARSABLE", "control.csv:6 UNPARSABLE", "control.csv:7 MISSING_TIMESTAMP", "control.csv:8 UNPARSABLE");
        assertThat(dead.get(0).detail).contains("kettle-finder");
        h.close();
    }
}
