package io.wattflow.jobs.eval.nilm;

import io.wattflow.replay.ChannelSample;
import io.wattflow.replay.Datasets;
import io.wattflow.replay.MinuteCsvReader;
import io.wattflow.replay.ReddHouseReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One house with sub-metered appliances on a 1-min grid: whole-house mean power and each
 * appliance's own (NaN where there is no reading, and for every minute of an appliance the house
 * has not labelled). The same houses, and the same labelling choices, as models/training/nilm_data.py.
 */
public final class NilmHouse {
    static final long MINUTE_MS = 60_000L;
    /** The appliances' columns in the UK-DALE / REFIT files. */
    private static final Map<String, String> UK_COLUMNS = Map.of("kettle", "Kettle", "microwave", "Microwave",
            "dishwasher", "Dishwasher", "washing_machine", "WashingMachine");
    /**
     * REDD house 5's circuits: microwave (3) and dishwasher (20). Its washer_dryer (8, 9) is a washer and
     * electric dryer in one, unlike a washing machine, and it has no kettle circuit: both unlabelled.
     */
    private static final Map<String, Integer> REDD_CHANNELS = Map.of("microwave", 3, "dishwasher", 20);

    public final String name;
    public final long startMs;
    public final float[] aggregateW;
    /** [appliance][minute], in the order given when reading; null for an appliance the house has not labelled. */
    public final float[][] truthW;

    NilmHouse(String name, long startMs, float[] aggregateW, float[][] truthW) {
        this.name = name;
        this.startMs = startMs;
        this.aggregateW = aggregateW;
        this.truthW = truthW;
    }

    public int minutes() {
        return aggregateW.length;
    }

    /** The houses of ../shared/datasets (UK-DALE 2, REFIT 2, REDD 5) that are there. */
    public static List<NilmHouse> recordings(List<String> appliances) throws IOException {
        List<NilmHouse> houses = new ArrayList<>();
        var uk = Datasets.dataset("uk-dale-refit-1min");
        if (uk.isPresent()) {
            houses.add(minuteFiles(uk.get(), "UKDALE", "ukdale-2", appliances));
            houses.add(minuteFiles(uk.get(), "REFIT", "refit-2", appliances));
        }
        var redd = Datasets.dataset("redd-house5");
        if (redd.isPresent()) {
            houses.add(redd5(redd.get(), appliances));
        }
        return houses;
    }

    static NilmHouse minuteFiles(Path dir, String prefix, String name, List<String> appliances) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(prefix + "_House2_")).sorted().collect(Collectors.toList());
        }
        Grid grid = new Grid(appliances.size());
        for (Path f : files) {
            try (MinuteCsvReader r = new MinuteCsvReader(f, name, ZoneOffset.UTC)) {
                List<String> columns = r.channelNames();
                int[] column = appliances.stream().mapToInt(a -> columns.indexOf(UK_COLUMNS.get(a))).toArray();
                while (r.hasNext()) {
                    ChannelSample s = r.next();
                    // The files fill their gaps with zeros: a house never draws nothing.
                    double total = s.aggregate.activePowerW > 0 ? s.aggregate.activePowerW : Double.NaN;
                    grid.add(s.aggregate.timestampMs, total, column, s.channelsW);
                }
            }
        }
        return grid.house(name, new boolean[appliances.size()], true);
    }

    static NilmHouse redd5(Path dir, List<String> appliances) throws IOException {
        Grid grid = new Grid(appliances.size());
        boolean[] labelled = new boolean[appliances.size()];
        try (ReddHouseReader r = new ReddHouseReader(dir, "redd-5")) {
            List<String> names = r.channelNames();
            int[] column = new int[appliances.size()];
            for (int a = 0; a < column.length; a++) {
                Integer ch = REDD_CHANNELS.get(appliances.get(a));
                column[a] = ch == null ? -1 : names.indexOf(names.stream().filter(n -> n.startsWith(ch + ":")).findFirst().orElse(""));
                labelled[a] = column[a] >= 0;
            }
            while (r.hasNext()) {
                ChannelSample s = r.next();
                grid.add(s.aggregate.timestampMs, s.aggregate.activePowerW, column, s.channelsW);
            }
        }
        return grid.house("redd-5", labelled, false);
    }

    /** Readings summed per minute, then averaged. */
    private static final class Grid {
        private final int appliances;
        private long firstMinute = Long.MAX_VALUE;
        private long lastMinute = Long.MIN_VALUE;
        private final Map<Long, double[]> sums = new java.util.HashMap<>();

        Grid(int appliances) {
            this.appliances = appliances;
        }

        void add(long timestampMs, double totalW, int[] column, double[] channelsW) {
            if (Double.isNaN(totalW)) {
                return;
            }
            long minute = Math.floorDiv(timestampMs, MINUTE_MS);
            firstMinute = Math.min(firstMinute, minute);
            lastMinute = Math.max(lastMinute, minute);
            double[] sum = sums.computeIfAbsent(minute, m -> new double[appliances + 2]);
            sum[0] += totalW;
            for (int a = 0; a < appliances; a++) {
                if (column[a] >= 0) {
                    double v = channelsW[column[a]];
                    sum[1 + a] += Double.isNaN(v) ? 0 : v;
                }
            }
            sum[appliances + 1]++;
        }

        NilmHouse house(String name, boolean[] labelled, boolean allLabelled) {
            int n = sums.isEmpty() ? 0 : (int) (lastMinute - firstMinute + 1);
            float[] aggregate = new float[n];
            Arrays.fill(aggregate, Float.NaN);
            float[][] truth = new float[appliances][];
            for (int a = 0; a < appliances; a++) {
                if (allLabelled || labelled[a]) {
                    truth[a] = new float[n];
                    Arrays.fill(truth[a], Float.NaN);
                }
            }
            for (Map.Entry<Long, double[]> e : sums.entrySet()) {
                int i = (int) (e.getKey() - firstMinute);
                double[] sum = e.getValue();
                double count = sum[appliances + 1];
                aggregate[i] = (float) (sum[0] / count);
                for (int a = 0; a < appliances; a++) {
                    if (truth[a] != null) {
                        truth[a][i] = (float) (sum[1 + a] / count);
                    }
                }
            }
            return new NilmHouse(name, firstMinute * MINUTE_MS, aggregate, truth);
        }
    }
}
