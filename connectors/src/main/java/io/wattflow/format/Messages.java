package io.wattflow.format;

/** Other libraries' messages cut to what fits in one sentence of wattflow's. */
public final class Messages {
    private Messages() {}

    /** The first line of {@code message}; empty for none. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The first line of {@code e}'s message, or its class's name when it has none. */
    public static String firstLine(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }
}
