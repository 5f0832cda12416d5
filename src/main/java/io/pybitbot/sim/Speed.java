package io.pybitbot.sim;

/**
 * How fast virtual time runs: {@code 1} = real time, {@code 60} = sixty times faster, {@code max} = one tick
 * after another as fast as the simulator can push them, {@code manual} = only when the embedding code calls
 * {@link SimulatedExchange#step}.
 */
public record Speed(Mode mode, double factor) {

    public enum Mode { REALTIME, MAX, MANUAL }

    public static final Speed REAL_TIME = new Speed(Mode.REALTIME, 1);
    public static final Speed MAX = new Speed(Mode.MAX, 0);
    public static final Speed MANUAL = new Speed(Mode.MANUAL, 0);

    public Speed {
        if (mode == Mode.REALTIME && !(factor > 0 && factor <= 1_000_000)) {
            throw new IllegalArgumentException("speed factor must be in (0, 1000000], got " + factor);
        }
    }

    public static Speed times(double factor) {
        return new Speed(Mode.REALTIME, factor);
    }

    /** Parses {@code 1}, {@code 60}, {@code 0.5}, {@code 10x}, {@code max}, {@code manual}. */
    public static Speed parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("max")) {
            return MAX;
        }
        if (t.equals("manual")) {
            return MANUAL;
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return times(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("speed must be a number (1 = real time, 60 = 60x), 'max' or 'manual', got '"
                    + text + "'");
        }
    }

    @Override
    public String toString() {
        return mode == Mode.REALTIME ? (factor == 1 ? "real time" : factor + "x") : mode.name().toLowerCase();
    }
}
