package io.wattflow.replay;

import io.wattflow.record.MeterReading;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A REDD low_freq house: {@code channel_N.dat[.gz]} files of {@code unix_ts watts} lines and a
 * {@code labels.dat}. The mains channels (labelled "mains") are left out; the whole-house reading is
 * the sum of the circuits at each timestamp all circuits have (REDD samples all channels of a house at
 * the same instants; a timestamp missing from any channel is skipped, so the sum never dips).
 */
public final class ReddHouseReader implements ReplayReader<ChannelSample> {
    private static final Pattern CHANNEL = Pattern.compile("channel_(\\d+)\\.dat(\\.gz)?");

    private final String meterId;
    private final List<String> names = new ArrayList<>();
    private final List<BufferedReader> readers = new ArrayList<>();
    private final long[] nextTs;
    private final double[] nextW;
    private ChannelSample pending;

    public ReddHouseReader(Path houseDir, String meterId) throws IOException {
        this.meterId = meterId;
        TreeMap<Integer, Path> channels = new TreeMap<>();
        try (Stream<Path> files = Files.list(houseDir)) {
            files.forEach(p -> {
                Matcher m = CHANNEL.matcher(p.getFileName().toString());
                if (m.matches()) {
                    channels.put(Integer.parseInt(m.group(1)), p);
                }
            });
        }
        TreeMap<Integer, String> labels = readLabels(houseDir.resolve("labels.dat"));
        for (var e : channels.entrySet()) {
            String label = labels.getOrDefault(e.getKey(), "channel");
            if (label.equals("mains")) {
                continue;
            }
            names.add(e.getKey() + ":" + label);
            readers.add(TextFiles.open(e.getValue()));
        }
        if (readers.isEmpty()) {
            throw new IllegalArgumentException(houseDir + " has no REDD circuit files (channel_N.dat[.gz]).");
        }
        nextTs = new long[readers.size()];
        nextW = new double[readers.size()];
        for (int i = 0; i < readers.size(); i++) {
            advance(i);
        }
    }

    private static TreeMap<Integer, String> readLabels(Path file) throws IOException {
        TreeMap<Integer, String> labels = new TreeMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    labels.put(Integer.parseInt(parts[0]), parts[1]);
                }
            }
        }
        return labels;
    }

    /** "N:label" of each circuit, in the order of {@link ChannelSample#channelsW}. */
    public List<String> channelNames() {
        return names;
    }

    private void advance(int i) {
        String line = TextFiles.readLine(readers.get(i));
        if (line == null) {
            nextTs[i] = Long.MAX_VALUE;
            return;
        }
        String[] parts = line.trim().split("\\s+");
        nextTs[i] = Long.parseLong(parts[0]) * 1000;
        nextW[i] = Double.parseDouble(parts[1]);
    }

    @Override
    public boolean hasNext() {
        while (pending == null) {
            long ts = Long.MIN_VALUE;
            for (long t : nextTs) {
                ts = Math.max(ts, t);
            }
            if (ts == Long.MAX_VALUE) {
                return false;
            }
            boolean aligned = true;
            for (int i = 0; i < nextTs.length; i++) {
                while (nextTs[i] < ts) {
                    advance(i);
                }
                aligned &= nextTs[i] == ts;
            }
            if (aligned) {
                double[] w = nextW.clone();
                double sum = 0;
                for (double x : w) {
                    sum += x;
                }
                pending = new ChannelSample(new MeterReading(meterId, ts, sum), w);
                for (int i = 0; i < nextTs.length; i++) {
                    advance(i);
                }
            }
        }
        return true;
    }

    @Override
    public ChannelSample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChannelSample s = pending;
        pending = null;
        return s;
    }

    @Override
    public void close() throws IOException {
        for (BufferedReader r : readers) {
            r.close();
        }
    }
}
