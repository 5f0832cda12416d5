package io.pybitbot.portfolio;

import io.pybitbot.domain.Side;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.Fill;
import io.pybitbot.fill.FillModel;
import io.pybitbot.risk.AccountView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One account shared by every symbol and strategy, in one-way mode (at most one position per symbol).
 *
 * <p>Money that is reported (balance, realized PnL, fees, each {@link ClosedTrade}) is exact
 * {@code BigDecimal}. Mark-to-market figures (unrealized PnL, equity, peak, drawdown, exposure) are
 * {@code double}: they are re-marked on every candle, where allocating would cost more than the
 * ~1e-15 relative error; they are recomputed from the exact values on every fill so no error builds up.
 *
 * <p>Time is event time passed in with each fill and mark. When it crosses a UTC midnight the equity at
 * that moment (before the new event) becomes the day's starting equity, from which {@link #dailyPnl()}
 * and the daily loss limit are measured.
 */
public final class Portfolio implements AccountView {

    private static final long DAY_MS = 86_400_000L;
    /** Average entry prices keep this many decimals (they are off the tick grid after adding to a position). */
    public static final int AVG_PRICE_SCALE = 10;

    private final BigDecimal initialEquity;
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final Collection<Position> positionsView = Collections.unmodifiableCollection(positions.values());

    private BigDecimal realizedPnl = BigDecimal.ZERO;
    private BigDecimal feesPaid = BigDecimal.ZERO;
    /** Funding received (positive) or paid (negative) over the account's life. */
    private BigDecimal funding = BigDecimal.ZERO;
    private double balanceD;
    private double unrealized;
    private double exposure;
    private double peakEquity;
    private double maxDrawdown;
    private double dayStartEquity;
    private long utcDay;
    private int closedTrades;

    /**
     * @param initialEquity starting balance in USDT (execution.json {@code initial_equity_usdt})
     * @param startTimeMs   event time the account starts at; fixes the first UTC day
     */
    public Portfolio(BigDecimal initialEquity, long startTimeMs) {
        Objects.requireNonNull(initialEquity, "initial_equity_usdt");
        if (initialEquity.signum() <= 0) {
            throw new IllegalArgumentException("initial_equity_usdt must be > 0, got " + initialEquity.toPlainString());
        }
        this.initialEquity = initialEquity;
        this.balanceD = initialEquity.doubleValue();
        this.peakEquity = balanceD;
        this.dayStartEquity = balanceD;
        this.utcDay = Math.floorDiv(startTimeMs, DAY_MS);
    }

    /**
     * Books a fill for {@code symbol}. A fill on the position's side (or on a flat symbol) opens or adds
     * (average entry price, weighted by qty); one on the other side reduces, closes, or closes and
     * reverses (the remainder opens a new position for {@code strategy}).
     *
     * @param reason why the position is reduced; used only when the fill closes something
     * @return the closed part as a trade, or null when the fill only opened or added
     */
    public ClosedTrade apply(String symbol, String strategy, Fill fill, ExitReason reason) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(fill, "fill");
        rollDay(fill.timeMs());
        feesPaid = feesPaid.add(fill.fee());
        Position pos = positions.get(symbol);
        ClosedTrade closed = null;
        if (pos == null) {
            positions.put(symbol, new Position(symbol, strategy, fill.side(), fill.qty(), fill.price(), fill.timeMs(),
                    fill.fee()));
        } else if (pos.side() == fill.side()) {
            BigDecimal qty = pos.qty().add(fill.qty());
            BigDecimal avg = pos.qty().multiply(pos.entryPrice()).add(fill.notional())
                    .divide(qty, AVG_PRICE_SCALE, RoundingMode.HALF_EVEN);
            pos.set(qty, avg);
            pos.setOpenFees(pos.openFees().add(fill.fee()));
        } else {
            Objects.requireNonNull(reason, "reason (a fill against an open position closes it)");
            closed = reduce(pos, fill, strategy, reason);
        }
        Position after = positions.get(symbol);
        if (after != null) {
            after.setMark(fill.price().doubleValue());
        }
        recompute();
        return closed;
    }

    private ClosedTrade reduce(Position pos, Fill fill, String strategy, ExitReason reason) {
        int cmp = fill.qty().compareTo(pos.qty());
        BigDecimal closeQty = cmp >= 0 ? pos.qty() : fill.qty();
        BigDecimal entryFeeShare = cmp >= 0 ? pos.openFees() : share(pos.openFees(), closeQty, pos.qty());
        BigDecimal exitFeeShare = cmp <= 0 ? fill.fee() : share(fill.fee(), closeQty, fill.qty());
        BigDecimal gross = FillModel.pnl(pos.side(), closeQty, pos.entryPrice(), fill.price());
        realizedPnl = realizedPnl.add(gross);
        closedTrades++;
        BigDecimal fundingShare = cmp >= 0 ? pos.openFunding() : share(pos.openFunding(), closeQty, pos.qty());
        ClosedTrade trade = new ClosedTrade(pos.symbol(), pos.strategy(), pos.side(), pos.entryTimeMs(),
                pos.entryPrice(), fill.timeMs(), fill.price(), closeQty, gross, entryFeeShare.add(exitFeeShare), reason,
                fundingShare);
        if (cmp < 0) {
            pos.set(pos.qty().subtract(closeQty), pos.entryPrice());
            pos.setOpenFees(pos.openFees().subtract(entryFeeShare));
            pos.setOpenFunding(pos.openFunding().subtract(fundingShare));
        } else {
            positions.remove(pos.symbol());
            if (cmp > 0) {
                positions.put(pos.symbol(), new Position(pos.symbol(), strategy, fill.side(),
                        fill.qty().subtract(closeQty), fill.price(), fill.timeMs(), fill.fee().subtract(exitFeeShare)));
            }
        }
        return trade;
    }

    private static BigDecimal share(BigDecimal amount, BigDecimal part, BigDecimal whole) {
        return amount.multiply(part).divide(whole, FeeSchedule.FEE_SCALE, RoundingMode.HALF_UP);
    }

    /**
     * A funding settlement on {@code symbol} at {@code rate} (Bybit's sign: positive, longs pay shorts): the open
     * position, valued at its mark, pays or receives {@code value * rate}, exactly, to the balance.
     *
     * @return the amount received (negative when paid), zero without a position
     */
    public BigDecimal applyFunding(String symbol, BigDecimal rate, long timeMs) {
        Position pos = positions.get(symbol);
        if (pos == null || rate.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal value = pos.qty().multiply(BigDecimal.valueOf(pos.markPrice()));
        BigDecimal paid = value.multiply(rate).setScale(FeeSchedule.FEE_SCALE, RoundingMode.HALF_UP);
        return addFunding(symbol, pos.side() == Side.BUY ? paid.negate() : paid, timeMs);
    }

    /**
     * Funding the exchange settled on {@code symbol}'s open position, as it reported the amount (a run's summary):
     * {@code received} is negative when paid. Zero without a position.
     */
    public BigDecimal addFunding(String symbol, BigDecimal received, long timeMs) {
        Position pos = positions.get(symbol);
        if (pos == null || received.signum() == 0) {
            return BigDecimal.ZERO;
        }
        rollDay(timeMs);
        funding = funding.add(received);
        pos.setOpenFunding(pos.openFunding().add(received));
        recompute();
        return received;
    }

    /** Funding received (positive) or paid (negative) so far. */
    public BigDecimal funding() {
        return funding;
    }

    /** Marks {@code symbol}'s position (if any) at {@code price}; updates equity, peak and drawdown. */
    public void mark(String symbol, double price, long timeMs) {
        rollDay(timeMs);
        Position pos = positions.get(symbol);
        if (pos != null) {
            double oldPnl = pos.unrealizedPnl();
            double oldExposure = pos.exposure();
            pos.setMark(price);
            unrealized += pos.unrealizedPnl() - oldPnl;
            exposure += pos.exposure() - oldExposure;
            trackPeak();
        }
    }

    /** Moves event time forward without a price (rolls the UTC day if needed). */
    public void advanceTo(long timeMs) {
        rollDay(timeMs);
    }

    private void rollDay(long timeMs) {
        long day = Math.floorDiv(timeMs, DAY_MS);
        if (day > utcDay) {
            utcDay = day;
            dayStartEquity = equity();
        }
    }

    private void recompute() {
        balanceD = balance().doubleValue();
        double u = 0;
        double e = 0;
        for (Position p : positions.values()) {
            u += p.unrealizedPnl();
            e += p.exposure();
        }
        unrealized = u;
        exposure = e;
        trackPeak();
    }

    private void trackPeak() {
        double eq = equity();
        if (eq > peakEquity) {
            peakEquity = eq;
        }
        double dd = drawdown();
        if (dd > maxDrawdown) {
            maxDrawdown = dd;
        }
    }

    public BigDecimal initialEquity() {
        return initialEquity;
    }

    /** Cash: initial equity + realized gross PnL - fees paid. */
    public BigDecimal balance() {
        return initialEquity.add(realizedPnl).subtract(feesPaid).add(funding);
    }

    /** Sum of gross PnL of all closed quantity. */
    public BigDecimal realizedPnl() {
        return realizedPnl;
    }

    /** All fees paid on every fill, open positions included. */
    public BigDecimal feesPaid() {
        return feesPaid;
    }

    public int closedTradeCount() {
        return closedTrades;
    }

    public double unrealizedPnl() {
        return unrealized;
    }

    @Override
    public double equity() {
        return balanceD + unrealized;
    }

    /** Equity as money, rounded half-up to {@value FeeSchedule#FEE_SCALE} decimals. */
    public BigDecimal equityUsdt() {
        return BigDecimal.valueOf(equity()).setScale(FeeSchedule.FEE_SCALE, RoundingMode.HALF_UP);
    }

    @Override
    public double peakEquity() {
        return peakEquity;
    }

    /** (peak - equity) / peak, a fraction in [0, 1). */
    public double drawdown() {
        return peakEquity <= 0 ? 0 : (peakEquity - equity()) / peakEquity;
    }

    /** Largest {@link #drawdown()} seen at any fill or mark. */
    public double maxDrawdown() {
        return maxDrawdown;
    }

    @Override
    public double dayStartEquity() {
        return dayStartEquity;
    }

    /** Equity change since the start of the current UTC day, realized and unrealized. */
    public double dailyPnl() {
        return equity() - dayStartEquity;
    }

    /** Current UTC day as days since the epoch. */
    public long utcDay() {
        return utcDay;
    }

    @Override
    public int openPositionCount() {
        return positions.size();
    }

    @Override
    public double totalExposure() {
        return exposure;
    }

    @Override
    public double symbolExposure(String symbol) {
        Position p = positions.get(symbol);
        return p == null ? 0 : p.exposure();
    }

    @Override
    public boolean hasPosition(String symbol) {
        return positions.containsKey(symbol);
    }

    /** The symbol's open position, or null. */
    public Position position(String symbol) {
        return positions.get(symbol);
    }

    /** Open positions in opening order (read-only view). */
    public Collection<Position> positions() {
        return positionsView;
    }

    /** Side of the symbol's position, or null when flat. */
    public Side sideOf(String symbol) {
        Position p = positions.get(symbol);
        return p == null ? null : p.side();
    }
}
