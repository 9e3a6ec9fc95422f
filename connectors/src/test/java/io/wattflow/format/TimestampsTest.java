package io.wattflow.format;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {
    private static final long T = Instant.parse("2024-03-01T12:00:00Z").toEpochMilli();

    @Test
    void readsEverySpellingOfTheSameInstant() {
        assertThat(Timestamps.parseMillis("2024-03-01T12:00:00Z", ZoneOffset.UTC)).isEqualTo(T);
        assertThat(Timestamps.parseMillis("2024-03-01T13:00:00+01:00", ZoneOffset.UTC)).isEqualTo(T);
        assertThat(Timestamps.parseMillis("2024-03-01 13:00:00+0100", ZoneOffset.UTC)).isEqualTo(T);
        assertThat(Timestamps.parseMillis("2024-03-01 12:00:00", ZoneOffset.UTC)).isEqualTo(T);
        assertThat(Timestamps.parseMillis("1709294400", ZoneOffset.UTC)).isEqualTo(T);
        assertThat(Timestamps.parseMillis("1709294400000", ZoneOffset.UTC)).isEqualTo(T);
        assertThat(Timestamps.parseMillis("1709294400.250", ZoneOffset.UTC)).isEqualTo(T + 250);
    }

    @Test
    void naiveTimesAreTakenInTheGivenZone() {
        assertThat(Timestamps.parseMillis("2024-03-01 13:00:00", ZoneId.of("Europe/Zurich"))).isEqualTo(T);
    }

    @Test
    void refusesWhatIsNoTimestamp() {
        assertThatThrownBy(() -> Timestamps.parseMillis("yesterday", ZoneOffset.UTC)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Timestamps.parseMillis("", ZoneOffset.UTC)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Timestamps.parseMillis("2024-13-01 00:00:00", ZoneOffset.UTC)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Timestamps.fromEpochNumber(Double.NaN)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void wholeEpochNumbersReadAsTheDecimalPathReadsThem() {
        for (String s : new String[] {"0", "1709294400", "1709294400000", "999999999999", "1000000000000", "000001709294400",
                "99999999999999"}) {
            assertThat(Timestamps.parseMillis(s, ZoneOffset.UTC)).as(s)
                    .isEqualTo(Timestamps.fromEpochNumber(new java.math.BigDecimal(s).doubleValue()));
        }
        assertThat(Timestamps.parseMillis("1709294400.5", ZoneOffset.UTC)).isEqualTo(1709294400500L);
        assertThat(Timestamps.parseMillis("1.7092944E9", ZoneOffset.UTC)).isEqualTo(1709294400000L);
    }
}
