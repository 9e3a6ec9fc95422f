package io.wattflow.operators.bundle;

/**
 * A keyed function that {@link BundlingKeyedProcessOperator} hands a bundle's records key by key: it
 * may hold the current key's state value in memory between that key's records and write it once,
 * in {@link #endOfKey()}, instead of once per record.
 */
public interface KeyBatches {
    /** Called once, in {@code open}: from now on records of one key come in a row, ended by {@link #endOfKey()}. */
    void startBatching();

    /**
     * The watermark the operator had received when the next record arrived: the record is judged
     * late against it, as it would have been without the bundle (the operator holds the watermark
     * back until the bundle is processed).
     */
    void arrivedAfter(long watermark);

    /** The current key's last record in this bundle was processed: write what is held for it. */
    void endOfKey() throws Exception;
}
