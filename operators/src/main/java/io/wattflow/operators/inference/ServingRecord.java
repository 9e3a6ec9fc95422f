package io.wattflow.operators.inference;

import javax.annotation.Nullable;

/**
 * What a serving operator keeps across restores once it has switched models: the version it serves
 * and the one before it, each with where it was read from and its sha256. Union operator state: every
 * task writes its own, and a restored task takes the one switched last.
 */
public class ServingRecord {
    public String model;
    public String version;
    public String location;
    public String sha256;
    @Nullable public String previousVersion;
    @Nullable public String previousLocation;
    @Nullable public String previousSha256;
    /** When the serving version took over (processing time). */
    public long switchedAtMs;

    public ServingRecord() {}
}
