package io.wattflow.synth;

import java.util.SplittableRandom;

/** Always-on load: routers, standby electronics, alarm. No events. */
final class Standby extends Appliance {
    private final double watts;

    Standby(int phase, double watts) {
        super("standby", phase, 0.7, false);
        this.watts = watts;
    }

    @Override
    double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng) {
        return watts + gaussian(rng) * 1.0;
    }

    @Override
    int stage() {
        return 0;
    }

    @Override
    double nominalW() {
        return watts;
    }
}
