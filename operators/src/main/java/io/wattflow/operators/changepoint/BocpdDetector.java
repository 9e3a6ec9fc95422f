package io.wattflow.operators.changepoint;

import org.apache.commons.numbers.gamma.LogGamma;

import java.util.Arrays;

/**
 * Bayesian online changepoint detection (Adams and MacKay 2007) with a Normal model of unknown mean
 * and variance (Normal-Gamma conjugate prior) and a constant hazard, computed in log space. The
 * run-length distribution is pruned (hypotheses with posterior below {@code pruneBelow} are dropped)
 * and capped at {@code maxRuns} hypotheses, so the state per meter is bounded whatever the length of
 * the stream. A changepoint is reported when the most probable run (MAP) collapses: it now starts
 * later than before, and at least {@code minSeparationMs} after the previous report; the report
 * waits three samples, unless a second collapse comes first, and its score is the posterior probability
 * the new run then has.
 *
 * <p>A new run's prior is centred on the level of the run it replaces, with a weak weight
 * ({@code kappa0}), and a noise scale of {@code sigma0W} ({@link #forPower}: for samples a second apart,
 * narrower as they come further apart). Why the power settings narrow it: a new level wins the MAP
 * only once its own samples, judged against that prior, outweigh the old run's; with 40 W that took
 * five or six samples, 5-6 s at 1 Hz but 20-40 s at REDD's 3-4 s, after which the signature stage
 * measured the level after from a window where other loads had often moved, and refused the step.
 */
public final class BocpdDetector implements ChangeDetector<BocpdState> {
    private static final long serialVersionUID = 1L;
    /** Samples after a collapse before it is reported, so the new run's start is placed on evidence. */
    static final int CONFIRM_SAMPLES = 3;

    private final double logHazard;
    private final double logOneMinusHazard;
    private final double kappa0;
    private final double alpha0;
    private final double beta0;
    private final double logPrune;
    private final int maxRuns;
    private final long minSeparationMs;
    private final double logGammaRatio0;
    /** Whether a new run's noise prior narrows as the samples come further apart than a second (power meters). */
    private final boolean priorPerSecond;

    public BocpdDetector(double expectedRunSamples, double sigma0W, double kappa0, double pruneBelow, int maxRuns,
                         long minSeparationMs) {
        this(expectedRunSamples, sigma0W, kappa0, 1.0, pruneBelow, maxRuns, minSeparationMs);
    }

    /**
     * @param alpha0 the prior's confidence in the noise scale {@code sigma0W} (the Gamma shape; the rate is
     *     {@code alpha0 * sigma0W^2}): 1 is vague, as for power; larger where the scale was measured on the series
     */
    public BocpdDetector(double expectedRunSamples, double sigma0W, double kappa0, double alpha0, double pruneBelow, int maxRuns,
                         long minSeparationMs) {
        this(expectedRunSamples, sigma0W, kappa0, alpha0, pruneBelow, maxRuns, minSeparationMs, false);
    }

    private BocpdDetector(double expectedRunSamples, double sigma0W, double kappa0, double alpha0, double pruneBelow, int maxRuns,
                          long minSeparationMs, boolean priorPerSecond) {
        if (!(expectedRunSamples > 1) || !(sigma0W > 0) || !(kappa0 > 0) || !(alpha0 > 0) || !(pruneBelow > 0 && pruneBelow < 1)
                || maxRuns < 2) {
            throw new IllegalArgumentException("BOCPD: the expected run must exceed 1 sample, sigma0 and kappa0 must be "
                    + "positive, alpha0 too, the pruning threshold in (0, 1) and at least 2 run hypotheses kept.");
        }
        double hazard = 1.0 / expectedRunSamples;
        this.logHazard = Math.log(hazard);
        this.logOneMinusHazard = Math.log1p(-hazard);
        this.kappa0 = kappa0;
        this.alpha0 = alpha0;
        this.beta0 = alpha0 * sigma0W * sigma0W;
        this.logPrune = Math.log(pruneBelow);
        this.maxRuns = maxRuns;
        this.minSeparationMs = minSeparationMs;
        this.logGammaRatio0 = LogGamma.value(alpha0 + 0.5) - LogGamma.value(alpha0);
        this.priorPerSecond = priorPerSecond;
    }

    /**
     * For power: {@code sigma0W} is a new run's noise prior for samples a second apart, and narrows as they
     * come further apart (variance over the sample period in seconds). A new level's first samples then
     * weigh as much per second at a 3-4 s cadence as at 1 Hz.
     */
    public static BocpdDetector forPower(double sigma0W) {
        return new BocpdDetector(100, sigma0W, 0.01, 1.0, 1e-5, 32, 10_000, true);
    }

    public int maxRuns() {
        return maxRuns;
    }

    @Override
    public String name() {
        return "bocpd";
    }

    @Override
    public BocpdState newState() {
        return new BocpdState();
    }

    @Override
    public Class<BocpdState> stateClass() {
        return BocpdState.class;
    }

    @Override
    public Detection update(BocpdState s, long t, double x) {
        s.samples++;
        if (priorPerSecond) {
            trackPeriod(s, t);
        }
        if (s.size == 0) {
            grow(s, 1);
            s.size = 1;
            s.start[0] = t;
            s.logProb[0] = 0;
            setPrior(s, 0, x);
            observe(s, 0, x);
            s.mapStartMs = t;
            return null;
        }
        int n = s.size;
        double[] logPred = new double[n];
        int mapBefore = argMax(s.logProb, n);
        for (int i = 0; i < n; i++) {
            logPred[i] = logStudentT(s, i, x);
        }
        double priorLevel = s.mean[mapBefore];
        // Slot 0 becomes the new run; the old runs grow and shift up by one.
        grow(s, n + 1);
        shiftUp(s, n);
        for (int i = 1; i <= n; i++) {
            s.logProb[i] = s.logProb[i] + logPred[i - 1] + logOneMinusHazard;
        }
        s.start[0] = t;
        setPrior(s, 0, priorLevel);
        // A run that begins with this sample explains it by its own prior (the old runs' probabilities
        // sum to one). Explained by the old runs' predictive instead, as before, the first sample of a
        // new level was as unlikely as a change as it was as a continuation, so the run that won was the
        // one begun a sample earlier: its spread then held the step, and a small switching soon after
        // went unseen inside it (at a 3-4 s cadence, most of the misses between 30 and 150 W).
        s.logProb[0] = logHazard + logStudentT(s, 0, x);
        s.size = n + 1;
        double norm = logSumExp(s.logProb, s.size);
        for (int i = 0; i < s.size; i++) {
            s.logProb[i] -= norm;
            observe(s, i, x);
        }
        prune(s);
        int map = argMax(s.logProb, s.size);
        long newMapStart = s.start[map];
        Detection found = null;
        if (s.collapseWait > 0 && newMapStart > s.collapseStartMs) {
            // A run begun after the collapse's start, before it was reported: a second switching inside
            // the wait (three samples are 10 s at a 3-4 s cadence). The first is reported as it stands
            // and the wait starts again for the second; before, the second replaced the first.
            found = report(s, s.collapseStartMs, s.collapseScore);
            collapse(s, newMapStart, priorLevel, Math.exp(s.logProb[map]));
        } else if (s.collapseWait > 0) {
            // A few samples later the new run has evidence of its own: the score is what it has then.
            if (--s.collapseWait == 0) {
                found = report(s, s.collapseStartMs, Math.max(s.collapseScore, Math.exp(s.logProb[map])));
            }
        } else if (newMapStart > s.mapStartMs && s.samples > 2) {
            collapse(s, newMapStart, priorLevel, Math.exp(s.logProb[map]));
        }
        s.mapStartMs = newMapStart;
        return found;
    }

    /** The change at {@code startMs}, or null within {@code minSeparationMs} of the last one reported. */
    private Detection report(BocpdState s, long startMs, double score) {
        if (s.lastChangeMs != Long.MIN_VALUE && startMs - s.lastChangeMs < minSeparationMs) {
            return null;
        }
        s.lastChangeMs = startMs;
        return new Detection(startMs, score, s.collapseLevelBefore);
    }

    private void collapse(BocpdState s, long startMs, double levelBefore, double score) {
        s.collapseWait = confirmSamples(s);
        s.collapseStartMs = startMs;
        s.collapseLevelBefore = levelBefore;
        s.collapseScore = score;
    }

    /**
     * Samples a collapse waits before it is reported: {@value #CONFIRM_SAMPLES}, or with the power
     * settings as many seconds (at least one sample): at 3-4 s three samples were 10 s more, by which
     * time the signature stage's settle window after the report often held another load's switching.
     */
    private int confirmSamples(BocpdState s) {
        if (!perSecond(s)) {
            return CONFIRM_SAMPLES;
        }
        return (int) Math.max(1, Math.min(CONFIRM_SAMPLES, Math.round(CONFIRM_SAMPLES * 1_000 / s.periodMs)));
    }

    /** Whether the power settings' per-second rules apply: samples known to come more than a second apart. */
    private boolean perSecond(BocpdState s) {
        return priorPerSecond && s.periodMs > 1_000;
    }

    /** The sample period lately: an average of the steps between samples (each at most a minute). */
    private void trackPeriod(BocpdState s, long t) {
        if (s.previousMs != Long.MIN_VALUE && t > s.previousMs) {
            float step = Math.min(t - s.previousMs, 60_000L);
            if (Float.isNaN(s.periodMs)) {
                s.periodMs = step;
                // The first run's prior was set before any period was known: as if it had been.
                double scale = priorScale(s);
                for (int i = 0; i < s.size; i++) {
                    s.beta[i] *= scale;
                }
            } else {
                s.periodMs = 0.8f * s.periodMs + 0.2f * step;
            }
        }
        s.previousMs = Math.max(s.previousMs, t);
    }

    /**
     * What a new run's noise prior (its variance) is multiplied by at the sample period seen lately: a
     * sample k seconds after the last weighs as k samples a second apart would, so the variance is over k.
     */
    private double priorScale(BocpdState s) {
        return perSecond(s) ? 1_000 / s.periodMs : 1;
    }

    private void setPrior(BocpdState s, int i, double level) {
        s.mean[i] = level;
        s.kappa[i] = kappa0;
        s.alpha[i] = alpha0;
        s.beta[i] = beta0 * priorScale(s);
        s.logGammaRatio[i] = logGammaRatio0;
    }

    /** The Normal-Gamma posterior after one more observation. */
    private static void observe(BocpdState s, int i, double x) {
        double k = s.kappa[i];
        double d = x - s.mean[i];
        s.beta[i] += k * d * d / (2 * (k + 1));
        s.mean[i] += d / (k + 1);
        s.kappa[i] = k + 1;
        // lgamma(a + 1) - lgamma(a + 1/2) = log(a) - (lgamma(a + 1/2) - lgamma(a))
        s.logGammaRatio[i] = Math.log(s.alpha[i]) - s.logGammaRatio[i];
        s.alpha[i] += 0.5;
    }

    /** Log density of x under the run's predictive Student-t (nu = 2 alpha). */
    private static double logStudentT(BocpdState s, int i, double x) {
        double a = s.alpha[i];
        double nu = 2 * a;
        double scale2 = s.beta[i] * (s.kappa[i] + 1) / (a * s.kappa[i]);
        double z = x - s.mean[i];
        return s.logGammaRatio[i] - 0.5 * Math.log(nu * Math.PI * scale2)
                - (a + 0.5) * Math.log1p(z * z / (nu * scale2));
    }

    /** Drops hypotheses below the threshold, then the least probable ones beyond the cap, and renormalises. */
    private void prune(BocpdState s) {
        int kept = 0;
        int best = argMax(s.logProb, s.size);
        for (int i = 0; i < s.size; i++) {
            if (s.logProb[i] >= logPrune || i == best) {
                copy(s, i, kept++);
            }
        }
        s.size = kept;
        while (s.size > maxRuns) {
            int worst = 0;
            for (int i = 1; i < s.size; i++) {
                if (s.logProb[i] < s.logProb[worst]) {
                    worst = i;
                }
            }
            for (int i = worst; i < s.size - 1; i++) {
                copy(s, i + 1, i);
            }
            s.size--;
        }
        double norm = logSumExp(s.logProb, s.size);
        for (int i = 0; i < s.size; i++) {
            s.logProb[i] -= norm;
        }
    }

    private static void copy(BocpdState s, int from, int to) {
        if (from == to) {
            return;
        }
        s.start[to] = s.start[from];
        s.logProb[to] = s.logProb[from];
        s.mean[to] = s.mean[from];
        s.kappa[to] = s.kappa[from];
        s.alpha[to] = s.alpha[from];
        s.beta[to] = s.beta[from];
        s.logGammaRatio[to] = s.logGammaRatio[from];
    }

    private static void shiftUp(BocpdState s, int n) {
        for (int i = n; i > 0; i--) {
            copy(s, i - 1, i);
        }
    }

    private void grow(BocpdState s, int needed) {
        if (s.start.length >= needed) {
            return;
        }
        int cap = Math.min(Math.max(needed, 4), maxRuns + 1);
        cap = Math.max(cap, needed);
        s.start = Arrays.copyOf(s.start, cap);
        s.logProb = Arrays.copyOf(s.logProb, cap);
        s.mean = Arrays.copyOf(s.mean, cap);
        s.kappa = Arrays.copyOf(s.kappa, cap);
        s.alpha = Arrays.copyOf(s.alpha, cap);
        s.beta = Arrays.copyOf(s.beta, cap);
        s.logGammaRatio = Arrays.copyOf(s.logGammaRatio, cap);
    }

    private static int argMax(double[] v, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double logSumExp(double[] v, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, v[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(v[i] - m);
        }
        return m + Math.log(sum);
    }
}
