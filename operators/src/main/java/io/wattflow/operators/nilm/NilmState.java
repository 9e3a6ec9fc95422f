package io.wattflow.operators.nilm;

import javax.annotation.Nullable;
import java.util.Arrays;

/**
 * One meter's NILM bookkeeping between model results: each appliance's open activation and the
 * current local day's energy: about 290 bytes serialized for four appliances (a test measures it).
 */
public class NilmState {
    public static final long NONE = Long.MIN_VALUE;

    /** Start of each appliance's open activation, {@link #NONE} when it is off. */
    public long[] openStartMs;
    /** End of the last ON minute of each open activation. */
    public long[] lastOnEndMs;
    public double[] energyWh;
    public float[] peakW;
    public double[] probabilitySum;
    public int[] onMinutes;

    public long dayStartMs = NONE;
    public long dayEndMs = NONE;
    public double measuredWh;
    public double[] dayWh;
    public int dayMinutes;
    /** Minutes before this were taken already (a replayed or overlapping result is not counted twice). */
    public long nextMinuteMs = NONE;
    /**
     * The model version of the last minute booked, and the versions that estimated the open day's
     * minutes ("1.0.0", or "1.0.0+1.1.0" for a day a new version took over in); null before the first
     * (and in state written before versions could change: the configured one is meant).
     */
    @Nullable public String lastModelVersion;
    @Nullable public String dayModelVersions;

    public NilmState() {}

    public NilmState(int appliances) {
        openStartMs = new long[appliances];
        Arrays.fill(openStartMs, NONE);
        lastOnEndMs = new long[appliances];
        energyWh = new double[appliances];
        peakW = new float[appliances];
        probabilitySum = new double[appliances];
        onMinutes = new int[appliances];
        dayWh = new double[appliances];
    }

    boolean dayOpen() {
        return dayStartMs != NONE;
    }
}
