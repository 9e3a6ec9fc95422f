package io.wattflow.operators.changepoint;

import java.io.Serializable;

/**
 * An online changepoint detector over one meter's active power. The detector object holds only its
 * parameters (shared by all meters); everything per meter is in a state object of type {@code S} kept
 * in keyed state, so one detector serves any number of meters. It is read and written with every
 * reading: give it a hand-written serializer ({@code @TypeInfo}, as the shipped ones have).
 *
 * <p>Samples must come in time order; the operator skips any that do not.
 */
public interface ChangeDetector<S> extends Serializable {
    /** The name written with every event ("cusum", "bocpd", "edge"). */
    String name();

    S newState();

    Class<S> stateClass();

    /** Feeds one sample; returns a detection when this sample reveals a change, else null. */
    Detection update(S state, long timeMs, double powerW);
}
