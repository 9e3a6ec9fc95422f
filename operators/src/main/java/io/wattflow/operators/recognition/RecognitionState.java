package io.wattflow.operators.recognition;

import java.util.Arrays;

/**
 * A meter's appliance knowledge, bounded: the names its household gave ({@value #NAMES}), its
 * signature library of labelled runs ({@value #LIBRARY}, the oldest replaced), its last
 * {@value #RECENT} runs (so a label can name one after the fact), and its clusters of unrecognised runs
 * ({@value #CLUSTERS}, the least used replaced). A Flink POJO of primitive arrays: about 3 KB per meter
 * with runs, whatever its age.
 */
public class RecognitionState {
    public static final int NAMES = 16;
    public static final int LIBRARY = 32;
    public static final int RECENT = 64;
    public static final int CLUSTERS = 12;
    static final int F = RunFeatures.COUNT;

    public String[] names = new String[0];

    public float[] libraryFeatures = new float[LIBRARY * F];
    /** Index into {@link #names}, -1 for an empty entry. */
    public byte[] libraryName = filled(LIBRARY);
    /**
     * Index into {@link #names} of what the model (NILM or classifier) named the labelled run, -1: it
     * named nothing. An entry names only runs the model treats the same way ({@link RunRecognizer}).
     */
    public byte[] libraryModelSaid = filled(LIBRARY);
    public int libraryNext;

    public float[] recentFeatures = new float[RECENT * F];
    public long[] recentStartMs = new long[RECENT];
    /** The run's cluster id, or -1 (recognised, or not held). */
    public int[] recentCluster = new int[RECENT];
    /** Index into {@link #names} of what the model named the run, -1: nothing. */
    public byte[] recentModelSaid = filled(RECENT);
    public int recentNext;
    public int recentCount;

    /** Cluster slots: centroid, stable id (-1: empty), runs, distinct days, last day, starts per hour, name, reported. */
    public float[] clusterFeatures = new float[CLUSTERS * F];
    public int[] clusterId = ints(CLUSTERS, -1);
    public int[] clusterRuns = new int[CLUSTERS];
    public short[] clusterDays = new short[CLUSTERS];
    public int[] clusterLastDay = new int[CLUSTERS];
    public byte[] clusterHours = new byte[CLUSTERS * 24];
    public byte[] clusterName = filled(CLUSTERS);
    public boolean[] clusterReported = new boolean[CLUSTERS];
    public int nextClusterId;

    /**
     * Device health ({@link DeviceHealth}), null until a cycling device is tracked: per tracked device
     * its power and duration (log10 W, log10 s; NaN for a free slot), and per day of a
     * {@value DeviceHealth#DAYS}-day ring its cycles, minutes on and summed power; the day each kind was
     * last alerted. About 600 bytes for the {@value DeviceHealth#DEVICES} devices.
     */
    public float[] healthPower;
    public float[] healthDuration;
    public short[] healthCycles;
    public float[] healthOnMinutes;
    public float[] healthPowerSum;
    public int[] healthAlertedDay;
    public long healthNewestDay = Long.MIN_VALUE;

    public RecognitionState() {
        Arrays.fill(recentCluster, -1);
    }

    /** The index of {@code name}, added if new; when the names are full, the least used one's slot is not reused: -1. */
    int nameIndex(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        if (names.length == NAMES) {
            return -1;
        }
        names = Arrays.copyOf(names, names.length + 1);
        names[names.length - 1] = name;
        return names.length - 1;
    }

    int clusterSlot(int id) {
        for (int c = 0; c < CLUSTERS; c++) {
            if (clusterId[c] == id) {
                return c;
            }
        }
        return -1;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) -1);
        return b;
    }

    private static int[] ints(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}
