package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.NewDevice;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Names a meter's runs from what its household told it, and finds the devices it was never told of.
 * Plain Java over one {@link RecognitionState}, shared by the stream operator and the evaluation.
 *
 * <ul>
 *   <li>A run within distance 1 of a labelled run of the meter's library gets that label (the
 *       nearest), with confidence 1 - d/2, if the model (a {@link RunClassifier}: NILM or the global
 *       classifier) treats it as it treated the labelled run: named it the same, or named neither. So a
 *       label corrects the model where it was given (the model's "microwave" that is a coffee machine),
 *       teaches what the model leaves unnamed, and never overrules the model on loads it names otherwise
 *       (a labelled kettle does not make every 2-3 kW load the model leaves unnamed a kettle).</li>
 *   <li>Else, a run the model names gets its name.</li>
 *   <li>Any other run is {@link ApplianceRun#UNKNOWN}, never forced into a name, and joins the nearest
 *       of the meter's clusters of such runs within distance 1 (or starts one). A cluster that recurs,
 *       {@value #NEW_DEVICE_RUNS} runs on {@value #NEW_DEVICE_DAYS} days, is reported once as a
 *       {@link NewDevice}. A named cluster names its runs.</li>
 *   <li>A label naming a held run adds its signature to the library (replacing entries of another
 *       name close to it: a correction), and names its cluster; a label naming a cluster names it and
 *       adds its centroid to the library. No retraining: the next run is judged against the library.</li>
 * </ul>
 */
public final class RunRecognizer {
    static final double MATCH = 1.0;
    /** Library entries of another name this close to a newly labelled run are the mistake it corrects. */
    static final double CORRECTS = 0.5;
    public static final int NEW_DEVICE_RUNS = 5;
    public static final int NEW_DEVICE_DAYS = 3;
    /** A label names the held run that started within this of its run start. */
    static final long RUN_START_TOLERANCE_MS = 1_000;
    private static final int F = RunFeatures.COUNT;
    static final int CYCLING_RUNS_PER_DAY = 8;
    static final double COMPRESSOR_MAX_W = 400;
    private static final long DAY_MS = 86_400_000L;

    private RunRecognizer() {}

    /** Names {@code run} from the household's labels alone; see {@link #recognise(RecognitionState, ApplianceRun, RunClassifier)}. */
    public static NewDevice recognise(RecognitionState s, ApplianceRun run) {
        return recognise(s, run, null);
    }

    /**
     * Names {@code run} in place (appliance, confidence, recognisedBy, deviceCluster); returns a new device
     * when its cluster just recurred enough. The household's own library comes first (its labels correct
     * the classifier), then the {@code classifier} (may be null); a run neither names joins the clusters.
     */
    public static NewDevice recognise(RecognitionState s, ApplianceRun run, RunClassifier classifier) {
        float[] f = RunFeatures.of(run);
        if (f == null) {
            run.appliance = ApplianceRun.UNKNOWN;
            return null;
        }
        RunClassifier.Naming global = classifier == null ? null : classifier.name(run);
        int said = modelSaid(s, global);
        int best = nearest(f, s.libraryFeatures, RecognitionState.LIBRARY, i -> s.libraryName[i] >= 0 && s.libraryModelSaid[i] == said);
        double bestDistance = best < 0 ? Double.POSITIVE_INFINITY : RunFeatures.distance(f, 0, s.libraryFeatures, best * F);
        NewDevice found = null;
        int cluster = -1;
        if (best >= 0 && bestDistance <= MATCH) {
            name(run, s.names[s.libraryName[best]], bestDistance);
        } else if (global != null) {
            // A known appliance is no new device: it does not join the clusters.
            run.appliance = global.appliance();
            run.confidence = global.confidence();
            run.recognisedBy = global.by();
        } else {
            int slot = join(s, f, run.startMs);
            cluster = s.clusterId[slot];
            run.deviceCluster = cluster;
            if (s.clusterName[slot] >= 0) {
                name(run, s.names[s.clusterName[slot]], RunFeatures.distance(f, 0, s.clusterFeatures, slot * F));
            } else {
                run.appliance = ApplianceRun.UNKNOWN;
                run.confidence = null;
                if (!s.clusterReported[slot] && s.clusterRuns[slot] >= NEW_DEVICE_RUNS && s.clusterDays[slot] >= NEW_DEVICE_DAYS) {
                    s.clusterReported[slot] = true;
                    found = newDevice(s, slot, run);
                }
            }
        }
        remember(s, f, run.startMs, cluster, said);
        return found;
    }

    /** What the model named the run, as an index into the names; -1: nothing; -2: a name there is no room for (matches no entry). */
    private static int modelSaid(RecognitionState s, RunClassifier.Naming global) {
        if (global == null) {
            return -1;
        }
        int i = s.nameIndex(global.appliance());
        return i < 0 ? -2 : i;
    }

    /** Applies a household's label; false when it names a run or cluster the meter no longer holds (or too many names). */
    public static boolean label(RecognitionState s, ApplianceLabel label) {
        int name = s.nameIndex(label.appliance);
        if (name < 0) {
            return false;
        }
        if (label.runStartMs != null) {
            for (int i = 0; i < RecognitionState.RECENT; i++) {
                if (i < s.recentCount && Math.abs(s.recentStartMs[i] - label.runStartMs) <= RUN_START_TOLERANCE_MS) {
                    float[] f = Arrays.copyOfRange(s.recentFeatures, i * F, i * F + F);
                    learn(s, f, name, s.recentModelSaid[i]);
                    int slot = s.recentCluster[i] < 0 ? -1 : s.clusterSlot(s.recentCluster[i]);
                    if (slot >= 0) {
                        s.clusterName[slot] = (byte) name;
                    }
                    return true;
                }
            }
            return false;
        }
        int slot = label.deviceCluster == null ? -1 : s.clusterSlot(label.deviceCluster);
        if (slot < 0) {
            return false;
        }
        s.clusterName[slot] = (byte) name;
        // A cluster holds runs the model named nothing.
        learn(s, Arrays.copyOfRange(s.clusterFeatures, slot * F, slot * F + F), name, (byte) -1);
        return true;
    }

    /** The index of the nearest of {@code count} signatures in {@code features} that are {@code used}; -1 when none is. */
    private static int nearest(float[] f, float[] features, int count, IntPredicate used) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (!used.test(i)) {
                continue;
            }
            double d = RunFeatures.distance(f, 0, features, i * F);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    private static void name(ApplianceRun run, String appliance, double distance) {
        run.appliance = appliance;
        run.confidence = Math.max(0, Math.min(1, 1 - distance / 2));
        run.recognisedBy = ApplianceRun.FROM_HOME;
    }

    /**
     * Adds a labelled signature that the model named {@code modelSaid}, first dropping entries of another
     * name this close to it for runs the model named the same (the mistake corrected).
     */
    private static void learn(RecognitionState s, float[] f, int name, byte modelSaid) {
        for (int i = 0; i < RecognitionState.LIBRARY; i++) {
            if (s.libraryName[i] >= 0 && s.libraryName[i] != name && s.libraryModelSaid[i] == modelSaid
                    && RunFeatures.distance(f, 0, s.libraryFeatures, i * F) <= CORRECTS) {
                s.libraryName[i] = -1;
            }
        }
        int slot = s.libraryNext;
        System.arraycopy(f, 0, s.libraryFeatures, slot * F, F);
        s.libraryName[slot] = (byte) name;
        s.libraryModelSaid[slot] = modelSaid;
        s.libraryNext = (slot + 1) % RecognitionState.LIBRARY;
    }

    private static void remember(RecognitionState s, float[] f, long startMs, int cluster, int modelSaid) {
        int i = s.recentNext;
        System.arraycopy(f, 0, s.recentFeatures, i * F, F);
        s.recentStartMs[i] = startMs;
        s.recentCluster[i] = cluster;
        s.recentModelSaid[i] = (byte) modelSaid;
        s.recentNext = (i + 1) % RecognitionState.RECENT;
        s.recentCount = Math.min(RecognitionState.RECENT, s.recentCount + 1);
    }

    /** The slot of the cluster the run joins: the nearest within {@link #MATCH}, else a new one in a free or the least used slot. */
    private static int join(RecognitionState s, float[] f, long startMs) {
        int best = nearest(f, s.clusterFeatures, RecognitionState.CLUSTERS, c -> s.clusterId[c] >= 0);
        double bestDistance = best < 0 ? Double.POSITIVE_INFINITY : RunFeatures.distance(f, 0, s.clusterFeatures, best * F);
        int day = (int) Math.floorDiv(startMs, DAY_MS);
        int hour = (int) Math.floorMod(startMs, DAY_MS) / 3_600_000;
        if (best >= 0 && bestDistance <= MATCH) {
            int n = Math.min(s.clusterRuns[best], 19) + 1;  // a running mean that keeps following the device (weight >= 1/20)
            for (int i = 0; i < F; i++) {
                float old = s.clusterFeatures[best * F + i];
                s.clusterFeatures[best * F + i] = Float.isNaN(old) ? f[i] : Float.isNaN(f[i]) ? old : old + (f[i] - old) / n;
            }
        } else {
            best = freeSlot(s);
            System.arraycopy(f, 0, s.clusterFeatures, best * F, F);
            s.clusterId[best] = s.nextClusterId++;
            s.clusterRuns[best] = 0;
            s.clusterDays[best] = 0;
            s.clusterLastDay[best] = Integer.MIN_VALUE;
            Arrays.fill(s.clusterHours, best * 24, best * 24 + 24, (byte) 0);
            s.clusterName[best] = -1;
            s.clusterReported[best] = false;
        }
        s.clusterRuns[best] = Math.min(Integer.MAX_VALUE - 1, s.clusterRuns[best] + 1);
        if (day != s.clusterLastDay[best]) {
            s.clusterDays[best] = (short) Math.min(Short.MAX_VALUE, s.clusterDays[best] + 1);
            s.clusterLastDay[best] = day;
        }
        int h = best * 24 + hour;
        s.clusterHours[h] = (byte) Math.min(Byte.MAX_VALUE, s.clusterHours[h] + 1);
        return best;
    }

    /** An empty slot, else the unnamed, unreported one with the fewest runs (the longest unseen among equals), else the longest unseen. */
    private static int freeSlot(RecognitionState s) {
        int pick = -1;
        for (int c = 0; c < RecognitionState.CLUSTERS; c++) {
            if (s.clusterId[c] < 0) {
                return c;
            }
            boolean keep = s.clusterName[c] >= 0 || s.clusterReported[c];
            if (!keep && (pick < 0 || s.clusterRuns[c] < s.clusterRuns[pick]
                    || s.clusterRuns[c] == s.clusterRuns[pick] && s.clusterLastDay[c] < s.clusterLastDay[pick])) {
                pick = c;
            }
        }
        if (pick >= 0) {
            return pick;
        }
        pick = 0;
        for (int c = 1; c < RecognitionState.CLUSTERS; c++) {
            if (s.clusterLastDay[c] < s.clusterLastDay[pick]) {
                pick = c;
            }
        }
        return pick;
    }

    static NewDevice newDevice(RecognitionState s, int slot, ApplianceRun last) {
        NewDevice d = new NewDevice();
        d.meterId = last.meterId;
        d.deviceCluster = s.clusterId[slot];
        d.detectedAtMs = last.endMs != null ? last.endMs : last.startMs;
        d.runs = s.clusterRuns[slot];
        d.days = s.clusterDays[slot];
        d.typicalPowerW = Math.pow(10, s.clusterFeatures[slot * F + RunFeatures.POWER]);
        float duration = s.clusterFeatures[slot * F + RunFeatures.DURATION];
        d.typicalDurationMs = Float.isNaN(duration) ? null : Math.round(Math.pow(10, duration) * 1000);
        d.usualHours = usualHours(s, slot);
        d.description = describe(d);
        return d;
    }

    /** The 3 hours of the day most of the cluster's runs start in ("18-21 h"), or "at any time of day" when no 3 hours hold half. */
    static String usualHours(RecognitionState s, int slot) {
        int total = 0;
        for (int h = 0; h < 24; h++) {
            total += s.clusterHours[slot * 24 + h];
        }
        int bestStart = 0;
        int bestCount = -1;
        for (int h = 0; h < 24; h++) {
            int count = 0;
            for (int k = 0; k < 3; k++) {
                count += s.clusterHours[slot * 24 + (h + k) % 24];
            }
            // Among equally busy windows, the one starting at a busy hour: runs at 19 h are "19-22 h", not "17-20 h".
            if (count > bestCount || count == bestCount && s.clusterHours[slot * 24 + h] > s.clusterHours[slot * 24 + bestStart]) {
                bestCount = count;
                bestStart = h;
            }
        }
        return 2 * bestCount >= total ? bestStart + "-" + (bestStart + 3) % 24 + " h" : "at any time of day";
    }

    /** One sentence a household understands: "a 1.2 kW load running about 40 min, mostly 18-21 h (7 runs on 4 days)". */
    static String describe(NewDevice d) {
        String power = d.typicalPowerW >= 1000 ? String.format(Locale.ROOT, "%.1f kW", d.typicalPowerW / 1000)
                : String.format(Locale.ROOT, "%.0f W", d.typicalPowerW);
        String duration;
        if (d.typicalDurationMs == null) {
            duration = "that stays on for hours";
        } else {
            double s = d.typicalDurationMs / 1000.0;
            duration = "running about " + (s < 120 ? String.format(Locale.ROOT, "%.0f s", s)
                    : s < 7200 ? String.format(Locale.ROOT, "%.0f min", s / 60) : String.format(Locale.ROOT, "%.1f h", s / 3600));
        }
        String when = d.usualHours.startsWith("at any") ? d.usualHours : "mostly " + d.usualHours;
        // Many short, small runs a day, day and night, is how a compressor keeps something cold.
        String like = d.runs >= CYCLING_RUNS_PER_DAY * d.days && d.typicalPowerW < COMPRESSOR_MAX_W ? ", cycling like a fridge or freezer" : "";
        return "a " + power + " load " + duration + ", " + when + like + " (" + d.runs + " runs on " + d.days + " days)";
    }
}
