package io.wattflow.jobs.cli;

import io.wattflow.operators.anomaly.AnomalySettings;
import io.wattflow.operators.anomaly.BaseloadStepRule;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;

/** The baseline and anomaly settings as command-line options. */
public final class AnomalyOptions {
    @Option(names = "--local-zone", description = "The meters' local time zone, for hours, nights and weekends (default: ${DEFAULT-VALUE}).")
    ZoneId localZone = ZoneId.of("UTC");

    @Option(names = "--holidays", split = ",", description = "Public holidays (yyyy-MM-dd, comma separated), judged like Sundays.")
    List<String> holidays = List.of();

    @Option(names = "--tariff", description = "Price of a kWh, for the yearly cost of the Always-On power (default: ${DEFAULT-VALUE}).")
    double tariffPerKwh = 0.30;

    @Option(names = "--band-sigma", description = "Hourly consumption beyond this many standard deviations is anomalous (default: ${DEFAULT-VALUE}).")
    double bandSigma = 4.0;

    @Option(names = "--bidirectional-meters", split = ",", description = "Meters that may export (PV): negative power is normal for them.")
    List<String> bidirectionalMeters = List.of();

    @Option(names = "--stuck-run", converter = DurationConverter.class, description = "Identical readings this long are a stuck meter (default: 60m).")
    Duration stuckRun = Duration.ofMinutes(60);

    @Option(names = "--zero-run", converter = DurationConverter.class, description = "Zero power this long is a zero run (default: 60m).")
    Duration zeroRun = Duration.ofMinutes(60);

    @Option(names = "--missing-after", converter = DurationConverter.class, description = "No data this long is missing data (default: 60m).")
    Duration missingAfter = Duration.ofMinutes(60);

    @Option(names = "--baseline-ttl", converter = DurationConverter.class,
            description = "Baselines of a meter silent this long are dropped (default: 35d).")
    Duration baselineTtl = Duration.ofDays(35);

    @Option(names = "--baseload-step", description = "two-days (default): a standby step is reported when two days show it, "
            + "2-3 days after it began; within-a-day: a step up is reported when the last 24 hours show it (measured on real "
            + "houses: about 24 h instead of 56 h, with about four times the false alerts); within-a-day-when-quiet: within a day "
            + "on meters whose standby has not jumped for a day in their history, else two days.")
    String baseloadStep = BaseloadStepRule.TWO_DAYS.option();

    AnomalySettings toSettings() {
        AnomalySettings s = AnomalySettings.defaults();
        s.zone = localZone;
        s.holidays = new HashSet<>();
        for (String day : holidays) {
            try {
                s.holidays.add(LocalDate.parse(day.trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--holidays takes dates like 2026-12-25, separated by commas; '" + day + "' is not one.");
            }
        }
        s.tariffPerKwh = tariffPerKwh;
        s.bandSigma = bandSigma;
        s.bidirectionalMeters = new HashSet<>(bidirectionalMeters);
        s.stuckRun = stuckRun;
        s.zeroRun = zeroRun;
        s.missingAfter = missingAfter;
        s.stateTtl = baselineTtl;
        s.baseloadStep = BaseloadStepRule.of(baseloadStep);
        return s.validate();
    }
}
