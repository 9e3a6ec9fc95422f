package io.wattflow.jobs.eval.appliance;

import io.wattflow.record.ApplianceRun;

/** A run found on a house's aggregate, with the appliance that truly made it ({@link #OTHER} when none of the labelled ones). */
record LabelledRun(ApplianceRun run, String truth) {
    static final String OTHER = "other";
}
