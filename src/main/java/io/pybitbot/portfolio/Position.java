package io.pybitbot.portfolio;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;

/**
 * An open position in one-way mode (at most one per symbol). Read-only outside the package; the
 * {@link Portfolio} changes it from fills and marks.
 */
public final class Position {

    private final String symbol;
    private String strategy;
    private Side side;
    private BigDecimal qty;
    private BigDecimal entryPrice;
    private long entryTimeMs;
    /** Entry fees not yet attributed to a closed trade. */
    private BigDecimal openFees;
    /** Funding received (positive) or paid (negative) while open, not yet attributed to a closed trade. */
    private BigDecimal openFunding = BigDecimal.ZERO;

    // doubles mirror the BigDecimals for per-candle marking without allocation
    private double qtyD;
    private double entryD;
    private double mark;

    Position(String symbol, String strategy, Side side, BigDecimal qty, BigDecimal entryPrice, long entryTimeMs,
             BigDecimal openFees) {
        this.symbol = symbol;
        this.strategy = strategy;
        this.side = side;
        this.openFees = openFees;
        this.entryTimeMs = entryTimeMs;
        set(qty, entryPrice);
        this.mark = entryD;
    }

    void set(BigDecimal newQty, BigDecimal newEntry) {
        qty = newQty;
        entryPrice = newEntry;
        qtyD = newQty.doubleValue();
        entryD = newEntry.doubleValue();
    }

    void setOpenFees(BigDecimal fees) {
        openFees = fees;
    }

    void setMark(double price) {
        mark = price;
    }

    void setOpenFunding(BigDecimal funding) {
        openFunding = funding;
    }

    /** Funding received (positive) or paid (negative) so far by what is still open. */
    public BigDecimal openFunding() {
        return openFunding;
    }

    public String symbol() {
        return symbol;
    }

    /** Strategy that opened the position. */
    public String strategy() {
        return strategy;
    }

    public Side side() {
        return side;
    }

    public BigDecimal qty() {
        return qty;
    }

    public BigDecimal entryPrice() {
        return entryPrice;
    }

    /** Size as a double, for per-candle arithmetic. */
    public double qtyD() {
        return qtyD;
    }

    /** Entry price as a double, for per-candle arithmetic. */
    public double entryPriceD() {
        return entryD;
    }

    public long entryTimeMs() {
        return entryTimeMs;
    }

    public BigDecimal openFees() {
        return openFees;
    }

    /** Latest mark price (the entry price until marked). */
    public double markPrice() {
        return mark;
    }

    /** {@code qty * (mark - entry) * sign} at the latest mark. */
    public double unrealizedPnl() {
        return side.sign() * qtyD * (mark - entryD);
    }

    /** |qty * mark|. */
    public double exposure() {
        return qtyD * mark;
    }

    @Override
    public String toString() {
        return "Position[" + symbol + " " + side + " " + qty.toPlainString() + " @ " + entryPrice.toPlainString()
                + " by " + strategy + "]";
    }
}
