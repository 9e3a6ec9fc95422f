package io.wattflow.jobs.dashboard;

import io.wattflow.jobs.WattflowCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The output of {@code wattflow demo} with its defaults, made once per test JVM for the dashboard's tests. */
final class DemoOutput {
    private static Path out;

    private DemoOutput() {}

    static synchronized Path get() throws Exception {
        if (out == null) {
            Path dir = Files.createTempDirectory("wattflow-dashboard-demo");
            PrintStream oldOut = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = WattflowCli.execute("demo", "--out", dir.toString());
            } finally {
                System.setOut(oldOut);
            }
            if (code != 0) {
                throw new IllegalStateException("The demo failed (" + code + "): " + printed.toString(StandardCharsets.UTF_8));
            }
            out = dir;
        }
        return out;
    }
}
