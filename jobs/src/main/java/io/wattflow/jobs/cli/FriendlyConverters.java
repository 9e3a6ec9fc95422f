package io.wattflow.jobs.cli;

import picocli.CommandLine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Converters for option types whose Java parse errors name classes ("cannot convert 'Mars/Olympus'
 * to ZoneId (java.time.zone.ZoneRulesException ...)"): each says what to write instead.
 */
public final class FriendlyConverters {
    private FriendlyConverters() {}

    public static void register(CommandLine cli) {
        cli.registerConverter(ZoneId.class, FriendlyConverters::zone);
        cli.registerConverter(Instant.class, FriendlyConverters::instant);
    }

    static ZoneId zone(String value) {
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a time zone: write a region such as "
                    + "Europe/Berlin, or UTC, or an offset such as +01:00.");
        }
    }

    /** An instant, or a date taken as its start in UTC. */
    static Instant instant(String value) {
        String v = value.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a date or instant: write it like 2000-01-01 "
                    + "or 2000-01-01T00:00:00Z.");
        }
    }
}
