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

    /** test-data/readings-mixed.csv, found from the module's folder up. */
    private static Path handWrittenSample() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("test-data/readings-mixed.csv");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
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
        Path sample = handWrittenSample();
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
        // --generic: the same series in another unit and with noise, scale taken from the series itself
        StringBuilder small = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            small.append(1e-4 * ((i < 100 ? 1.0 : i < 200 ? 6.0 : 2.0) + 0.3 * random.nextGaussian())).append('\n');
        }
        Path smallSeries = dir.resolve("small.csv");
        Files.writeString(smallSeries, small.toString());
        for (String detector : new String[] {"edge", "cusum", "bocpd"}) {
            String[] r = run("detect", "--input", smallSeries.toString(), "--detector", detector, "--generic");
            assertThat(r[0]).as(r[2]).isEqualTo("0");
            String[] lines = r[1].strip().split("\n");
            assertThat(lines).as(detector + ": " + r[1]).hasSize(3);
            assertThat(Long.parseLong(lines[1].split(",")[0])).isBetween(97L, 103L);
            assertThat(Double.parseDouble(lines[1].split(",")[2])).isCloseTo(5e-4, org.assertj.core.data.Offset.offset(0.3e-4));
            assertThat(Long.parseLong(lines[2].split(",")[0])).isBetween(197L, 203L);
            String[] power = run("detect", "--input", smallSeries.toString(), "--detector", detector);
            assertThat(power[1].strip().split("\n")).as("at the power default of 30, nothing").hasSize(1);
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

        String[] noModels = run("run", "--input", "x.csv", "--output", dir.toString(), "--models", dir.resolve("no-models").toString());
        assertThat(noModels[0]).isEqualTo("2");
        assertThat(noModels[2].strip().split("\n")).as(noModels[2]).hasSize(1);
        assertThat(noModels[2]).contains("appliance-classifier.manifest.json").contains("check the model location (--models)");

        String[] zeroGap = run("run", "--input", "x.csv", "--output", dir.toString(), "--gap-threshold", "0s");
        assertThat(zeroGap[2]).contains("--gap-threshold must be a positive duration");

        String[] noFormat = run("run", "--input", "x.txt", "--output", dir.toString());
        assertThat(noFormat[2]).contains("pass --format");

        String[] noPairs = run("bench", "--quick", "--repeat", "0");
        assertThat(noPairs[0]).isEqualTo("2");
        assertThat(noPairs[2]).contains("--repeat must be at least 1");
        String[] neither = run("dashboard");
        assertThat(neither[0]).isEqualTo("2");
        assertThat(neither[2]).contains("Give either --output FOLDER").doesNotContain("\tat ");
        String[] badPort = run("dashboard", "--output", dir.toString(), "--port", "70000");
        assertThat(badPort[2]).contains("--port must be between 0 and 65535");
        String[] demoPort = run("demo", "--serve", "--port", "-1", "--out", dir.resolve("d").toString());
        assertThat(demoPort[2]).contains("--port must be between 0 and 65535");
        String[] fewDays = run("cluster", "--output", dir.toString());
        assertThat(fewDays[0]).isEqualTo("2");
        assertThat(fewDays[2]).contains("No 15-min intervals under").doesNotContain("\tat ");
        String[] badK = run("cluster", "--recordings", "--k", "1");
        assertThat(badK[2]).contains("--k must be 2 to 64");
        String[] badCentroids = run("run", "--input", "x.csv", "--output", dir.toString(), "--profile-centroids", dir.resolve("c.json").toString());
        assertThat(badCentroids[0]).isEqualTo("2");
        assertThat(badCentroids[2]).contains("Cannot read profile centroids from").contains("wattflow cluster --write-centroids");
        String[] badMinutes = run("generate", "--out", dir.resolve("g").toString(), "--minute-days", "0");
        assertThat(badMinutes[2]).contains("--minute-days between 1 and 366");
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

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void runChecksItsPathsBeforeTheJobStarts() throws Exception {
        String[] missing = run("run", "--input", dir.resolve("missing.csv").toString(), "--output", dir.resolve("out").toString());
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2].strip()).isEqualTo("Input " + dir.resolve("missing.csv") + " does not exist: give an existing file or folder.");

        Path input = dir.resolve("in.csv");
        Files.writeString(input, "meter_id,timestamp,active_power_w\nm-1,2024-03-01T00:00:00Z,10\n");
        Path aFile = dir.resolve("a-file");
        Files.writeString(aFile, "x");
        String[] unwritable = run("run", "--input", input.toString(), "--output", aFile.resolve("out").toString());
        assertThat(unwritable[0]).isEqualTo("2");
        assertThat(unwritable[2]).startsWith("Cannot write to output folder " + aFile.resolve("out")).contains("choose a folder you can write to")
                .doesNotContain("\tat ");

        String[] zero = run("run", "--input", input.toString(), "--output", dir.resolve("out").toString(), "--parallelism", "0");
        assertThat(zero[0]).isEqualTo("2");
        assertThat(zero[2].strip()).isEqualTo("--parallelism must be 1 or more (it is 0).");
        String[] demoZero = run("demo", "--out", dir.resolve("demo").toString(), "--parallelism", "0");
        assertThat(demoZero[2].strip()).isEqualTo("--parallelism must be 1 or more (it is 0).");
        assertThat(dir.resolve("demo").resolve("input")).as("checked before generating").doesNotExist();
    }

    @Test
    void typosGetTheirSentenceAndAPointerToTheHelpNotTheUsage() {
        String[] zone = run("run", "--input", "x.csv", "--output", dir.toString(), "--timezone", "Mars/Olympus");
        assertThat(zone[0]).isEqualTo("2");
        assertThat(zone[2]).contains("'Mars/Olympus' is not a time zone: write a region such as Europe/Berlin")
                .doesNotContain("ZoneRulesException", "java.time");
        assertThat(zone[2].strip().split("\n")).hasSize(2);
        assertThat(zone[2]).contains("Run 'wattflow run --help' for the options.");

        String[] earliest = run("run", "--input", "x.csv", "--output", dir.toString(), "--earliest", "yesterday");
        assertThat(earliest[2]).contains("'yesterday' is not a date or instant: write it like 2000-01-01").doesNotContain("java.time");
        assertThat(earliest[2].strip().split("\n")).hasSize(2);

        String[] number = run("run", "--input", "x.csv", "--output", dir.toString(), "--max-power-w", "lots");
        assertThat(number[0]).isEqualTo("2");
        assertThat(number[2].strip().split("\n")).as(number[2]).hasSize(2);

        String[] duration = run("demo", "--hours", "two");
        assertThat(duration[2].strip().split("\n")).as(duration[2]).hasSize(2);
    }

    @Test
    void aMisspeltConfigKeyIsRefusedNamingTheClosest() throws Exception {
        Path config = dir.resolve("wattflow.properties");
        Files.writeString(config, "housholds=1\nhours=0.25\n");
        String[] r = run("generate", "--config", config.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("Unknown key 'housholds' in " + config + ": did you mean 'households'? "
                + "Keys are option names without their dashes.");
    }

    @Test
    void kafkaAddressesGetOneSentence() {
        String[] noPort = run("run", "--kafka-bootstrap", "broker.example", "--kafka-to-the-end");
        assertThat(noPort[0]).isEqualTo("2");
        assertThat(noPort[2].strip()).isEqualTo("Kafka bootstrap server 'broker.example' needs a host and a port: write it like "
                + "broker-1:9092 (several separated by commas).");
        String[] unresolvable = run("run", "--kafka-bootstrap", "no-such-host.invalid:9092", "--kafka-to-the-end");
        assertThat(unresolvable[0]).isEqualTo("2");
        assertThat(unresolvable[2].strip()).startsWith("Kafka at no-such-host.invalid:9092 cannot be reached (")
                .endsWith("check the host names in --kafka-bootstrap.").doesNotContain("\n");
        String[] demo = run("demo", "--out", dir.resolve("demo").toString(), "--kafka", "somewhere:9092");
        assertThat(demo[0]).isEqualTo("2");
        assertThat(demo[2]).contains("The demo runs Kafka only in this process");
        assertThat(dir.resolve("demo").resolve("input")).as("checked before generating").doesNotExist();
    }

    @Test
    void detectReadsMetersWhitespaceAndDatesRefusesWhatItCannotReadAndFlushesAtTheEnd() throws Exception {
        StringBuilder perMeter = new StringBuilder("meter_id,timestamp,value\n");
        for (int i = 0; i < 120; i++) {
            perMeter.append("a,").append(1_700_000_000 + i).append(',').append(i < 60 ? 100 : 900).append('\n');
            perMeter.append("b,").append(1_700_000_000 + i).append(',').append(i < 90 ? 50 : 2050).append('\n');
        }
        Path meters = dir.resolve("meters.csv");
        Files.writeString(meters, perMeter.toString());
        String[] r = run("detect", "--input", meters.toString(), "--min-step", "100");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String[] lines = r[1].strip().split("\n");
        assertThat(lines[0]).isEqualTo("meter_id,index,timestamp,delta,level_before,level_after,score");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith("a,60,");
        assertThat(lines[2]).startsWith("b,90,");

        StringBuilder spaced = new StringBuilder("unix_ts watts\n");
        for (int i = 0; i < 100; i++) {
            // No noise at all: a value repeated counts again only every 6 s, so the new level's third
            // observation comes 12 s after it began and the median one later: steady after 18 s.
            spaced.append(1_700_000_000 + i).append("   ").append(i < 80 ? 20 : 1500).append('\n');
        }
        Path ws = dir.resolve("spaced.txt");
        Files.writeString(ws, spaced.toString());
        String[] tail = run("detect", "--input", ws.toString(), "--min-step", "100");
        assertThat(tail[0]).as(tail[2]).isEqualTo("0");
        assertThat(tail[1].strip().split("\n")).as("a change 20 s before the end is printed at the end").hasSize(2);
        assertThat(tail[1].strip().split("\n")[1]).startsWith("80,");

        StringBuilder daily = new StringBuilder();
        for (int d = 0; d < 60; d++) {
            daily.append(java.time.LocalDate.of(2020, 1, 1).plusDays(d)).append(',').append(d < 30 ? 10 : 40).append('\n');
        }
        Path dates = dir.resolve("daily.csv");
        Files.writeString(dates, daily.toString());
        String[] byDay = run("detect", "--input", dates.toString(), "--min-step", "5");
        assertThat(byDay[0]).as(byDay[2]).isEqualTo("0");
        assertThat(byDay[1]).contains("2020-01-31");

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "time,value\nfoo,bar\n1,2\n");
        String[] refused = run("detect", "--input", bad.toString());
        assertThat(refused[0]).isEqualTo("2");
        assertThat(refused[2]).contains("line 2 'foo,bar' is not 'timestamp,value'");

        String[] missing = run("detect", "--input", dir.resolve("nope.csv").toString());
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2].strip()).isEqualTo("Input " + dir.resolve("nope.csv") + " does not exist: give the path of a file.");
    }

    /**
     * The real command in its own JVM, as a user runs it: it exits on its own after the summary, with
     * nothing on stderr (Hadoop's shutdown hook used to print a closed-class-loader stack trace).
     */
    @Test
    @org.junit.jupiter.api.Timeout(180)
    void runExitsCleanlyInItsOwnJvm() throws Exception {
        Path sample = handWrittenSample();
        // The class path in an argument file, as the wattflow script keeps it short: ONNX Runtime (NILM) crashes a
        // JVM whose command line is longer than about 4 KB (README, Caveats).
        Path classPath = dir.resolve("classpath.args");
        Files.writeString(classPath, "-cp\n\"" + System.getProperty("java.class.path") + "\"\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "@" + classPath, WattflowCli.class.getName(),
                "run", "--input", sample.toString(), "--output", dir.resolve("out").toString(), "--parallelism", "1")
                .redirectError(dir.resolve("stderr.txt").toFile()).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        assertThat(p.waitFor(170, java.util.concurrent.TimeUnit.SECONDS)).as("exits by itself").isTrue();
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("readings accepted: 4");
        assertThat(err).doesNotContain("closed classloader", "Exception", "\tat ");
    }

    @Test
    void cleanDeletesOnlyInProgressFilesOlderThanAsked() throws Exception {
        Path day = Files.createDirectories(dir.resolve("out/intervals_1min/dt=2024-01-15"));
        Path committed = Files.writeString(day.resolve("part-a-0.parquet"), "x");
        Path old = Files.writeString(day.resolve(".part-a-1.parquet.inprogress.0b1c"), "x");
        Path fresh = Files.writeString(day.resolve(".part-a-2.parquet.inprogress.9f8e"), "x");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(3))));
        Files.setLastModifiedTime(committed, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(3))));
        String[] dry = run("clean", "--output", dir.resolve("out").toString(), "--dry-run");
        assertThat(dry[1]).contains(old.toString(), "1 in-progress files older than PT1H").doesNotContain(fresh.toString());
        assertThat(old).exists();
        String[] r = run("clean", "--output", dir.resolve("out").toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("Deleted 1 in-progress files");
        assertThat(old).doesNotExist();
        assertThat(fresh).as("may belong to a running attempt").exists();
        assertThat(committed).exists();
    }
}
