package io.wattflow.jobs.dashboard;

import io.wattflow.jobs.WattflowCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the meter page fetches and draws a month, a day and an hour of a 1 Hz meter, in real
 * headless Chromium: the figures of the README. A measurement, not a gate (`-Pstress`): it makes
 * a month of one household (2.6 million readings) with the demo, or reads
 * {@code -Dwattflow.dashboard.output=DIR} (a demo output whose meter-001 has a month from 2024-01-15).
 */
@Tag("stress")
class DashboardSpeedTest {
    static final int REPEATS = 7;

    @Test
    void aMonthADayAndAnHourOfOneHertzReadings() throws Exception {
        Path out = System.getProperty("wattflow.dashboard.output") != null
                ? Path.of(System.getProperty("wattflow.dashboard.output")) : month();
        try (Browser chrome = Browser.start();
             DashboardServer server = DashboardServer.start(out, "127.0.0.1", 0, ZoneId.of("UTC"))) {
            chrome.driver.get(server.uri() + "#/meter/meter-001");
            chrome.waitFor("document.body.dataset.ready === '/meter/meter-001'");
            long start = Instant.parse("2024-01-15T00:00:00Z").toEpochMilli();
            long day = 86_400_000L;
            System.out.println("Dashboard speed (fetch + draw, median of " + REPEATS + ", ms):");
            for (Object[] view : new Object[][] {{"month", start, start + 30 * day, "intervals_1min"},
                    {"week", start + 7 * day, start + 14 * day, "intervals_1min"},
                    {"day", start + 10 * day, start + 11 * day, "power_samples"},
                    {"hour", start + 10 * day + 12 * 3_600_000L, start + 10 * day + 13 * 3_600_000L, "power_samples"}}) {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < REPEATS; i++) {
                    chrome.js("const c = document.getElementById('chart'); delete c.dataset.renderMs;"
                            + "window.wattflowMeter.load(" + view[1] + ", " + view[2] + ");");
                    chrome.waitFor("document.getElementById('chart').dataset.loading === 'false' && document.getElementById('chart').dataset.renderMs !== undefined");
                    times.add(Long.parseLong((String) chrome.js("return document.getElementById('chart').dataset.renderMs;")));
                }
                assertThat(chrome.js("return document.getElementById('chart').dataset.source;")).isEqualTo(view[3]);
                assertThat(Integer.parseInt((String) chrome.js("return document.getElementById('chart').dataset.points;"))).isGreaterThan(100);
                Collections.sort(times);
                System.out.printf("  %-6s %5d ms (from %s, %s points drawn; all runs: %s)%n", view[0], times.get(REPEATS / 2), view[3],
                        chrome.js("return document.getElementById('chart').dataset.points;"), times);
                chrome.screenshot("speed-" + view[0] + ".png");
            }
        }
    }

    private static Path month() throws Exception {
        Path dir = Files.createTempDirectory("wattflow-dashboard-month");
        assertThat(WattflowCli.execute("demo", "--out", dir.toString(), "--households", "1", "--hours", "720")).isZero();
        return dir;
    }
}
