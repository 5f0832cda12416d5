package io.pybitbot.fill;

import java.math.BigDecimal;

/**
 * The cross-margin liquidation rule the simulator and the backtester share: when the account's equity falls to the
 * maintenance margin of its open positions, every position is closed at its last price. A simplification of Bybit's
 * tiered rule: one maintenance rate for every symbol and size.
 */
public final class Liquidation {
    /** Maintenance margin as a fraction of a position's value at its entry price (Bybit's lowest tier: 0.5 %). */
    public static final BigDecimal MAINTENANCE_RATE = new BigDecimal("0.005");
    private static final double MAINTENANCE_RATE_D = MAINTENANCE_RATE.doubleValue();

    private Liquidation() {
    }

    /** The maintenance margin of a position of {@code size} entered at {@code entryPrice}. */
    public static BigDecimal maintenanceMargin(BigDecimal size, BigDecimal entryPrice) {
        return size.abs().multiply(entryPrice).multiply(MAINTENANCE_RATE);
    }

    /** The same in double, for the backtester's per-candle check. */
    public static double maintenanceMargin(double size, double entryPrice) {
        return Math.abs(size) * entryPrice * MAINTENANCE_RATE_D;
    }

    /** True when an account with open positions ({@code maintenanceMargin} above 0) is at or below it. */
    public static boolean bust(double equity, double maintenanceMargin) {
        return maintenanceMargin > 0 && equity <= maintenanceMargin;
    }
}
