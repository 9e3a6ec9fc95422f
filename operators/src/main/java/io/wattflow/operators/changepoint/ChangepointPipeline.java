package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;

import java.io.Serializable;

/**
 * A detector and the event signatures together, over one meter's samples: the logic of the
 * changepoint operator without Flink, so that the evaluation and {@code wattflow detect} run the very
 * same code as the job.
 */
public final class ChangepointPipeline<S> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ChangeDetector<S> detector;
    private final EventSignatures signatures;

    public ChangepointPipeline(ChangeDetector<S> detector, EventSignatures signatures) {
        this.detector = detector;
        this.signatures = signatures;
    }

    public ChangeDetector<S> detector() {
        return detector;
    }

    /** Whether a sample at {@code t} is newer than the meter's last one: a changepoint statistic cannot be rewound. */
    public boolean inOrder(SignatureState signatureState, long t) {
        return t > signatureState.newestTime();
    }

    /**
     * Feeds one sample in time order. Returns the event of an earlier change whose settle window just
     * ended, or null. {@code refused[0]} is incremented for every candidate too small to be an event.
     */
    public LoadEvent process(S detectorState, SignatureState signatureState, String meterId, long t, double activeW,
                             Double reactiveVar, int[] refused) {
        Detection d = detector.update(detectorState, t, activeW);
        return signatures.update(signatureState, meterId, detector.name(), t, activeW, reactiveVar, d, refused);
    }

    /**
     * At the end of a meter's series (the end of a bounded input): the event of a change still
     * settling, measured from the samples there are, or null. {@code refused[0]} counts it if too small.
     */
    public LoadEvent flush(SignatureState signatureState, String meterId, int[] refused) {
        return signatures.flush(signatureState, meterId, detector.name(), refused);
    }

    /** One meter's whole state, for running the pipeline outside Flink. */
    public final class Meter {
        private final String meterId;
        private final S detectorState = detector.newState();
        private final SignatureState signatureState = new SignatureState();
        private final int[] refused = new int[1];

        public Meter(String meterId) {
            this.meterId = meterId;
        }

        /** Samples not newer than the previous one are skipped, as in the operator. */
        public LoadEvent add(long t, double activeW, Double reactiveVar) {
            if (!inOrder(signatureState, t)) {
                return null;
            }
            return process(detectorState, signatureState, meterId, t, activeW, reactiveVar, refused);
        }

        /** The event of a change still settling when the series ends, or null. */
        public LoadEvent flush() {
            return ChangepointPipeline.this.flush(signatureState, meterId, refused);
        }

        /** Whether a sample at {@code t} was added and is still among the last {@link SignatureState#CAPACITY}. */
        public boolean holds(long t) {
            return signatureState.holds(t);
        }

        public int refusedCandidates() {
            return refused[0];
        }
    }
}
