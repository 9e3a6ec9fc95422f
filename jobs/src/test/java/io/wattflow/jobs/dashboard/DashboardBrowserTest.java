package io.wattflow.jobs.dashboard;

import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.LoadEvent;
import io.wattflow.sink.ParquetOutputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a person sees it: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, opens the demo's dashboard, checks that what is drawn matches the outputs, clicks,
 * zooms, and saves screenshots to {@code target/dashboard/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    Path out;
    DashboardServer server;
    Browser chrome;
    ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        chrome = Browser.start();
        browser = chrome.driver;
        out = DemoOutput.get();
        server = DashboardServer.start(out, "127.0.0.1", 0, ZoneId.of("UTC"));
    }

    @AfterAll
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMetersDayIsDrawnWithItsMarkersAndBandsAndARunOpensOnClick() throws Exception {
        browser.get(server.uri() + "#/");
        waitFor("document.body.dataset.ready === '/'");
        List<WebElement> rows = browser.findElements(By.cssSelector("#meter-table tr.clickable"));
        assertThat(rows).hasSize(8);  // 5 households of 1 Hz meters and 3 of 1-min meters
        assertThat(browser.findElement(By.cssSelector("#meter-table")).getText()).contains("meter-003", "meter-m01");
        screenshot("meters.png");

        rows.get(2).click();  // meter-003: the stuck value
        waitFor("document.body.dataset.ready === '/meter/meter-003' && document.getElementById('chart').dataset.loading === 'false'");
        WebElement chart = browser.findElement(By.id("chart"));
        long from = Long.parseLong(chart.getDomAttribute("data-from"));
        long to = Long.parseLong(chart.getDomAttribute("data-to"));
        long events = ParquetOutputs.readAll(out.resolve("events"), LoadEvent.class).stream()
                .filter(e -> e.meterId.equals("meter-003") && e.timestampMs >= from && e.timestampMs < to).count();
        long runs = ParquetOutputs.readAll(out.resolve("appliance_runs"), ApplianceRun.class).stream()
                .filter(r -> r.meterId.equals("meter-003") && r.startMs < to && r.endMs > from).count();
        // Anomalies and alert episodes that overlap the view (the stuck value; the data missing after the
        // meter's last reading starts where the view ends).
        long bands = ParquetOutputs.readAll(out.resolve("anomalies"), Anomaly.class).stream()
                .filter(a -> a.meterId.equals("meter-003") && a.startMs < to && a.endMs > from).count()
                + ParquetOutputs.readAll(out.resolve("alerts"), AnomalyAlert.class).stream()
                .filter(a -> a.meterId.equals("meter-003") && a.startMs < to && a.endMs > from).map(a -> a.kind + a.startMs).distinct().count();
        assertThat(events).isPositive();
        assertThat(bands).isGreaterThanOrEqualTo(2);
        assertThat(Integer.parseInt(chart.getDomAttribute("data-points"))).isGreaterThan(100);
        assertThat(Long.parseLong(chart.getDomAttribute("data-events"))).isEqualTo(events);
        assertThat(Long.parseLong(chart.getDomAttribute("data-runs"))).isEqualTo(runs);
        assertThat(Long.parseLong(chart.getDomAttribute("data-bands"))).isEqualTo(bands);
        assertThat(browser.findElement(By.id("anomalies")).getText()).contains("stuck meter or frozen data path?");
        assertThat(browser.findElements(By.cssSelector("#run-table tr.clickable"))).hasSize((int) runs);
        System.out.println("Dashboard: meter-003's 6 h of 1 Hz readings fetched and drawn in "
                + chart.getDomAttribute("data-render-ms") + " ms");
        screenshot("meter-day.png");

        // A run's bar on the chart, clicked where it is drawn, opens its details.
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) js("const m = window.wattflowMeter, c = m.chart;"
                + "const r = m.markers().runs.find(r => r._box && r._box[2] > 8);"
                + "const o = c.over.getBoundingClientRect();"
                + "return {x: r._box[0] + r._box[2] / 2 - c.bbox.left / devicePixelRatio - o.width / 2,"
                + " y: r._box[1] + 2 - c.bbox.top / devicePixelRatio - o.height / 2, start: r.startMs};");
        new Actions(browser).moveToElement(browser.findElement(By.cssSelector("#chart .u-over")),
                ((Number) target.get("x")).intValue(), ((Number) target.get("y")).intValue()).click().perform();
        WebElement details = browser.findElement(By.id("details"));
        waitFor("document.getElementById('details').dataset.kind === 'run'");
        String startText = (String) js("return new Intl.DateTimeFormat('en-GB', {timeZone: 'UTC', year: 'numeric', month: 'short',"
                + " day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'}).format(new Date(" + target.get("start") + "))");
        assertThat(details.getText()).startsWith("Appliance run").contains(startText, "Wh");
        screenshot("run-clicked.png");

        // A row of the run table too, and zooming to 10 minutes reads the 1 Hz samples.
        browser.findElements(By.cssSelector("#run-table tr.clickable")).get(0).click();
        assertThat(details.getText()).startsWith("Appliance run");
        browser.findElement(By.cssSelector("button[data-span='600000']")).click();
        waitFor("document.getElementById('chart').dataset.source === 'power_samples' && document.getElementById('chart').dataset.loading === 'false'");
        assertThat(Long.parseLong(chart.getDomAttribute("data-to")) - Long.parseLong(chart.getDomAttribute("data-from"))).isEqualTo(600_000);
        screenshot("ten-minutes.png");

        browser.findElement(By.id("nav-alerts")).click();
        waitFor("document.body.dataset.ready === '/alerts'");
        assertThat(browser.findElement(By.id("alert-table")).getText()).contains("meter-002", "spike", "meter-003", "stuck", "closed");
        screenshot("alerts.png");
    }

    @Test
    void aOneMinuteMetersPageSaysWhereItsEnergyGoesAndListsItsApplianceActivations() throws Exception {
        List<ApplianceEnergyDaily> days = ParquetOutputs.readAll(out.resolve("appliance_energy_daily"), ApplianceEnergyDaily.class)
                .stream().filter(d -> d.meterId.equals("meter-m01")).toList();
        long activations = ParquetOutputs.readAll(out.resolve("appliance_activations"), ApplianceActivation.class).stream()
                .filter(a -> a.meterId.equals("meter-m01")).count();
        assertThat(days).as("21 days of 1-min data are disaggregated").isNotEmpty();
        browser.get(server.uri() + "#/meter/meter-m01");
        waitFor("document.body.dataset.ready === '/meter/meter-m01'");
        List<WebElement> shares = browser.findElements(By.cssSelector("#appliance-energy tr"));
        assertThat(shares).as("a header, four appliances and other").hasSize(6);
        assertThat(browser.findElement(By.id("appliance-energy")).getText()).contains("kettle", "washing machine", "other");
        assertThat(browser.findElements(By.cssSelector("#appliance-activations tr"))).hasSize((int) Math.min(30, activations) + 1);
        screenshot("meter-appliances.png");
        long newDevices = ParquetOutputs.readAll(out.resolve("new_devices"), io.wattflow.record.NewDevice.class).stream()
                .filter(d -> d.meterId.equals("meter-m01")).count();
        assertThat(newDevices).isPositive();
        assertThat(browser.findElements(By.cssSelector("#new-device-table tr"))).hasSize((int) newDevices + 1);
        assertThat(browser.findElement(By.id("new-device-table")).getText()).contains("a ", " load ", " runs on ");
        js("document.getElementById('new-devices').scrollIntoView()");
        screenshot("meter-devices.png");
    }

    @Test
    void anUnknownMeterSaysSoInsteadOfAnEmptyPage() {
        browser.get(server.uri() + "#/meter/no-such-meter");
        waitFor("document.body.dataset.ready === 'error'");
        assertThat(browser.findElement(By.cssSelector("#app .error")).getText()).startsWith("No meter 'no-such-meter' in these outputs");
    }

    private Object js(String script) {
        return chrome.js(script);
    }

    private void waitFor(String condition) {
        chrome.waitFor(condition);
    }

    private void screenshot(String name) throws Exception {
        chrome.screenshot(name);
    }
}
