package io.pybitbot.tpsl;

import io.pybitbot.domain.InstrumentSpec;

/**
 * Tick rounding in {@code double} for the per-candle hot path (trailing and break-even updates run on
 * every candle and must not allocate). Results are the double nearest to the decimal tick multiple, so
 * {@link InstrumentSpec#roundPrice(double)} turns them into exact on-grid {@code BigDecimal}s.
 *
 * <p>A value within {@value #TOLERANCE_TICKS} of a tick of a grid point counts as on that point, so
 * floating-point noise (99.99 * 100 = 9998.999999999998) never moves a level by a whole tick.
 */
public final class TickGrid {

    static final double TOLERANCE_TICKS = 1e-6;

    private final double tick;
    /** 1 / tick when that is an integer (ticks like 0.01, 0.05, 0.5): dividing gives exact decimals. */
    private final double inverse;
    private final boolean integralInverse;

    public TickGrid(double tick) {
        if (!(tick > 0) || Double.isInfinite(tick)) {
            throw new IllegalArgumentException("tick must be a finite number > 0, got " + tick);
        }
        this.tick = tick;
        double inv = 1.0 / tick;
        double rounded = Math.rint(inv);
        this.integralInverse = rounded >= 1 && Math.abs(inv - rounded) < 1e-9 * rounded;
        this.inverse = integralInverse ? rounded : inv;
    }

    public static TickGrid of(InstrumentSpec spec) {
        return new TickGrid(spec.tickSize().doubleValue());
    }

    public double tick() {
        return tick;
    }

    /** Largest grid price not above {@code price}. */
    public double floor(double price) {
        return fromSteps(Math.floor(price * inverse + TOLERANCE_TICKS));
    }

    /** Smallest grid price not below {@code price}. */
    public double ceil(double price) {
        return fromSteps(Math.ceil(price * inverse - TOLERANCE_TICKS));
    }

    /** Nearest grid price (half away from zero). */
    public double round(double price) {
        return fromSteps(Math.floor(price * inverse + 0.5 + TOLERANCE_TICKS));
    }

    /** {@code n} ticks as a price distance. */
    public double ticks(int n) {
        return fromSteps(n);
    }

    private double fromSteps(double steps) {
        return integralInverse ? steps / inverse : steps * tick;
    }
}
