package io.wattflow.operators.anomaly;

/** When a standby step up is reported. (A step down is always judged by the day, two days in a row.) */
public enum BaseloadStepRule {
    /** When two whole days show it: 2-3 days after it began. */
    TWO_DAYS("two-days"),
    /** When the last 24 hours show it, every hour of them but one: within a day. */
    WITHIN_A_DAY("within-a-day"),
    /**
     * Within a day on a meter whose one-day standby has not jumped in its history (none of its recent
     * days was a step of its own), else when two days show it: a meter that often has a day of high
     * standby has to show two.
     */
    WITHIN_A_DAY_WHEN_QUIET("within-a-day-when-quiet");

    private final String option;

    BaseloadStepRule(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    /** Whether the hourly rule runs (and each meter keeps its hourly lows). */
    public boolean hourly() {
        return this != TWO_DAYS;
    }

    /** Whether the two-day rule judges steps up. */
    public boolean twoDaysUp() {
        return this != WITHIN_A_DAY;
    }

    /** The rule an option names; one sentence that lists the names for any other. */
    public static BaseloadStepRule of(String option) {
        for (BaseloadStepRule r : values()) {
            if (r.option.equals(option)) {
                return r;
            }
        }
        throw new IllegalArgumentException("--baseload-step is two-days, within-a-day or within-a-day-when-quiet, not '" + option + "'.");
    }
}
