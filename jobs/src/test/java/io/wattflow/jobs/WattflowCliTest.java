package io.wattflow.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WattflowCliTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = WattflowCli.execute(args);
            return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void generateWritesTheLabelledDataSet() {
        String[] r = run("generate", "--out", dir.toString(), "--households", "2", "--hours", "0.5");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("readings");
        assertThat(dir.resolve("readings.csv")).exists();
        assertThat(dir.resolve("labels.csv")).exists();
        assertThat(dir.resolve("appliances.csv.gz")).exists();
        assertThat(dir.resolve("meters.csv")).exists();
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void runIngestsTheHandWrittenSampleWithOneDeadLetterPerBadLine() throws Exception {
        Path sample = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && sample == null; d = d.getParent()) {
            Path candidate = d.resolve("test-data/readings-mixed.csv");
            sample = Files.exists(candidate) ? candidate : null;
        }
        assertThat(sample).as("test-data/readings-mixed.csv").isNotNull();
        Path output = dir.resolve("out");
        String[] r = run("run", "--input", sample.toString(), "--output", output.toString(), "--parallelism", "1",
                "--checkpoint-interval", "1s");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("readings accepted: 4", "dead letters:      7", "LATE", "DUPLICATE_TIMESTAMP");
        var dead = io.wattflow.sink.ParquetOutputs.readAll(output.resolve("dead_letters"), io.wattflow.record.DeadLetter.class);
        assertThat(dead).extracting(d -> d.origin.substring(d.origin.lastIndexOf(':') + 1) + "=" + d.reason)
                .containsExactlyInAnyOrder("4=DUPLICATE_TIMESTAMP", "5=INVALID_NUMBER", "6=POWER_OUT_OF_RANGE",
                        "7=MISSING_METER_ID", "8=UNPARSABLE", "10=LATE", "11=TIMESTAMP_IN_FUTURE");
    }

    @Test
    void detectPrintsTheChangepointsOfAnySeries() throws Exception {
        StringBuilder csv = new StringBuilder("time,value\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(',').append(i < 100 ? 1.0 : i < 200 ? 6.0 : 2.0).append('\n');
        }
        Path series = dir.resolve("series.csv");
        Files.writeString(series, csv.toString());
        for (String detector : new String[] {"edge", "cusum", "bocpd"}) {
            String[] r = run("detect", "--input", series.toString(), "--detector", detector, "--min-step", "1");
            assertThat(r[0]).as(r[2]).isEqualTo("0");
            String[] lines = r[1].strip().split("\n");
            assertThat(lines[0]).isEqualTo("index,timestamp,delta,level_before,level_after,score");
            assertThat(lines).as(detector).hasSize(3);
            assertThat(Long.parseLong(lines[1].split(",")[0])).isBetween(99L, 100L);
            assertThat(Double.parseDouble(lines[1].split(",")[2])).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(Long.parseLong(lines[2].split(",")[0])).isBetween(199L, 200L);
        }
        String[] unknown = run("detect", "--input", series.toString(), "--detector", "magic");
        assertThat(unknown[2]).contains("Unknown detector 'magic': use one of edge, cusum, bocpd");
    }

    @Test
    void badConfigurationGetsOneSentenceThatSaysWhatToDo() throws Exception {
        String[] unknownFormat = run("run", "--input", "x.csv", "--output", dir.toString(), "--format", "xml");
        assertThat(unknownFormat[0]).isEqualTo("2");
        assertThat(unknownFormat[2]).contains("Unknown input format 'xml': use one of");

        String[] badDuration = run("run", "--input", "x.csv", "--output", dir.toString(), "--out-of-orderness", "soon");
        assertThat(badDuration[0]).isEqualTo("2");
        assertThat(badDuration[2]).contains("write it like 500ms, 10s");

        String[] zeroGap = run("run", "--input", "x.csv", "--output", dir.toString(), "--gap-threshold", "0s");
        assertThat(zeroGap[2]).contains("--gap-threshold must be a positive duration");

        String[] noFormat = run("run", "--input", "x.txt", "--output", dir.toString());
        assertThat(noFormat[2]).contains("pass --format");

        String[] noPairs = run("bench", "--quick", "--repeat", "0");
        assertThat(noPairs[0]).isEqualTo("2");
        assertThat(noPairs[2]).contains("--repeat must be at least 1");
        String[] missingConfig = run("--config", dir.resolve("nope.properties").toString(), "run");
        assertThat(missingConfig[2]).contains("--config needs the path of an existing properties file");
    }

    @Test
    void optionsCanComeFromAConfigFile() throws Exception {
        Path config = dir.resolve("wattflow.properties");
        Files.writeString(config, "households=1\nhours=0.25\nout=" + dir.resolve("gen") + "\n");
        String[] r = run("generate", "--config", config.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(dir.resolve("gen/readings.csv")).exists();
        assertThat(Files.readAllLines(dir.resolve("gen/readings.csv")).size()).isBetween(900, 1000);
    }
}
