package io.wattflow.replay;

import io.wattflow.format.Timestamps;
import io.wattflow.record.MeterReading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A session of the 1 Hz lab set: {@code main*.csv} is the aggregate (active, reactive and apparent
 * power, power factor, RMS current), every other CSV of the folder one appliance measured on its own,
 * sampled at the same seconds. Columns are found by name, since the files order them differently.
 */
public final class LabSessionReader implements ReplayReader<ChannelSample> {
    private final LabFile main;
    private final List<LabFile> appliances = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    public LabSessionReader(Path sessionDir, String meterId, ZoneId zone) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(sessionDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        LabFile mainFile = null;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.startsWith("main")) {
                mainFile = new LabFile(f, meterId, zone);
            } else {
                appliances.add(new LabFile(f, meterId, zone));
                names.add(name.substring(0, name.indexOf('.')));
            }
        }
        if (mainFile == null) {
            throw new IllegalArgumentException(sessionDir + " has no main*.csv: is it a lab-1hz session folder?");
        }
        main = mainFile;
    }

    public List<String> channelNames() {
        return names;
    }

    @Override
    public boolean hasNext() {
        return main.hasNext();
    }

    @Override
    public ChannelSample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MeterReading aggregate = main.next();
        double[] channels = new double[appliances.size()];
        for (int i = 0; i < channels.length; i++) {
            LabFile f = appliances.get(i);
            channels[i] = f.hasNext() ? f.next().activePowerW : Double.NaN;
        }
        return new ChannelSample(aggregate, channels);
    }

    @Override
    public void close() throws IOException {
        main.close();
        for (LabFile f : appliances) {
            f.close();
        }
    }

    private static final class LabFile extends CsvRows<MeterReading> {
        private final String meterId;
        private final ZoneId zone;
        private final int time, active, reactive, apparent, pf, current;

        LabFile(Path file, String meterId, ZoneId zone) throws IOException {
            super(file);
            this.meterId = meterId;
            this.zone = zone;
            time = column("Timestamp");
            active = column("Active (W)");
            reactive = column("Reactive (W)");
            apparent = column("Apparent (W)");
            pf = column("Power Factor");
            current = column("RMS Current");
        }

        @Override
        protected MeterReading toRecord(String[] cells) {
            Double p = number(cells[active]);
            if (p == null) {
                return null;
            }
            MeterReading r = new MeterReading(meterId, Timestamps.parseMillis(cells[time], zone), p);
            r.reactivePowerVar = number(cells[reactive]);
            r.apparentPowerVa = number(cells[apparent]);
            r.powerFactor = number(cells[pf]);
            r.currentA = number(cells[current]);
            return r;
        }
    }
}
