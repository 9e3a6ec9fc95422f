package io.wattflow.jobs.eval.generic;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The two scores of the changepoint benchmark (van den Burg and Williams, "An Evaluation of Change
 * Point Detection Algorithms", 2020), for one annotation: F1 where a predicted change within
 * {@code margin} samples of a true one is a hit (each true change hit at most once, index 0 in both
 * sets), and the cover of the true segmentation by the predicted one (each true segment's best
 * Jaccard overlap, weighted by its length).
 */
public final class ChangepointScore {
    public static final int MARGIN = 5;

    private ChangepointScore() {}

    /** Precision, recall and F1 of {@code predicted} against {@code truth} (indices; 0 is added to both). */
    public static double[] f1(List<Integer> truth, List<Integer> predicted, int margin) {
        TreeSet<Integer> t = new TreeSet<>(truth);
        TreeSet<Integer> p = new TreeSet<>(predicted);
        t.add(0);
        p.add(0);
        int hits = 0;
        TreeSet<Integer> unmatched = new TreeSet<>(t);
        for (int x : p) {
            Integer nearest = null;
            for (Integer c : unmatched.subSet(x - margin, true, x + margin, true)) {
                if (nearest == null || Math.abs(c - x) < Math.abs(nearest - x)) {
                    nearest = c;
                }
            }
            if (nearest != null) {
                unmatched.remove(nearest);
                hits++;
            }
        }
        double precision = hits / (double) p.size();
        double recall = hits / (double) t.size();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new double[] {precision, recall, f1};
    }

    /** The cover of the true segmentation of {@code n} samples by the predicted one. */
    public static double cover(List<Integer> truth, List<Integer> predicted, int n) {
        List<int[]> a = segments(truth, n);
        List<int[]> b = segments(predicted, n);
        double sum = 0;
        for (int[] s : a) {
            double best = 0;
            for (int[] q : b) {
                int inter = Math.max(0, Math.min(s[1], q[1]) - Math.max(s[0], q[0]));
                int union = Math.max(s[1], q[1]) - Math.min(s[0], q[0]);
                best = Math.max(best, inter / (double) union);
            }
            sum += (s[1] - s[0]) * best;
        }
        return sum / n;
    }

    private static List<int[]> segments(List<Integer> changes, int n) {
        TreeSet<Integer> c = new TreeSet<>(changes);
        c.add(0);
        c.removeIf(i -> i >= n);
        List<Integer> starts = new ArrayList<>(c);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            out.add(new int[] {starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : n});
        }
        return out;
    }
}
