package io.wattflow.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeterRegionsTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("meters.csv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void mapsMetersToRegions() throws IOException {
        assertThat(MeterRegions.load(file("meter_id,region\nm-1,zurich\n\nm-2, bern \n")))
                .containsEntry("m-1", "zurich").containsEntry("m-2", "bern").hasSize(2);
    }

    @Test
    void saysWhichLineToFix() throws IOException {
        assertThatThrownBy(() -> MeterRegions.load(file("meter,place\n"))).hasMessageContaining("must start with the header line");
        assertThatThrownBy(() -> MeterRegions.load(file("meter_id,region\nm-1\n"))).hasMessageContaining("meters.csv:2");
        assertThatThrownBy(() -> MeterRegions.load(file("meter_id,region\nm-1,a\nm-1,b\n")))
                .hasMessageContaining(":3").hasMessageContaining("give each meter one region");
    }
}
