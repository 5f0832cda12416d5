package io.pybitbot.fill;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The rule book for simulated fills, shared by the backtester and the exchange simulator so both give
 * the same trades. Candle data has no ticks, so each rule picks the conservative reading:
 *
 * <ol>
 *   <li><b>Market orders</b> decided on a candle's close fill at the <i>next</i> candle's open, never at
 *       the close they were decided on (no look-ahead); the simulator fills them on arrival at the last price
 *       it has shown, which right after a close is that next open ({@link #market}). The price is snapped to the nearest tick,
 *       moved by {@code slippageBps} against the taker (buy up, sell down) and rounded to a tick against
 *       the taker again (buy up, sell down). Taker fee.</li>
 *   <li><b>Limit orders.</b> On the first candle after placement, a limit the open has already crossed
 *       (buy: open &le; limit; sell: open &ge; limit) is marketable on arrival: GTC/IOC/FOK fill at the
 *       slipped open, capped at the limit, as taker; PostOnly is rejected. An IOC/FOK that is not
 *       marketable on arrival is cancelled. Otherwise the order rests and fills when touched (buy: low &le;
 *       limit; sell: high &ge; limit) at exactly the limit, as maker, also when a later candle gaps through
 *       it (the order was already on the book). The model assumes the whole quantity fills (no partials,
 *       so FOK behaves like IOC).</li>
 *   <li><b>Stop-loss, take-profit and trailing stop</b> are walked along the intra-candle path of
 *       {@link PositionProtection}: O&rarr;L&rarr;H&rarr;C for a candle with close &ge; open,
 *       O&rarr;H&rarr;L&rarr;C otherwise; when stop and target both lie inside one candle the stop wins.
 *       A gap through a level triggers at the open (worse than the stop, better than the target); a move
 *       through triggers at the level. The triggered exit is a market order: slipped against us, taker
 *       fee ({@link #protectiveExit}).</li>
 *   <li><b>Fees</b>: {@code qty * price * rate}, taker 0.055 % and maker 0.02 % by default.</li>
 *   <li><b>PnL</b> of a linear USDT contract: {@code qty * (exit - entry) * sign}, sign +1 long, -1 short
 *       ({@link #pnl}).</li>
 * </ol>
 */
public final class FillModel {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private final FillSettings settings;
    private final BigDecimal buyFactor;
    private final BigDecimal sellFactor;

    public FillModel(FillSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        BigDecimal slip = BigDecimal.valueOf(settings.slippageBps()).divide(TEN_THOUSAND);
        this.buyFactor = BigDecimal.ONE.add(slip);
        this.sellFactor = BigDecimal.ONE.subtract(slip);
    }

    public FillSettings settings() {
        return settings;
    }

    /** A market order decided on the previous candle's close, filled at {@code next}'s open. */
    public Fill marketAtOpen(Side side, BigDecimal qty, Candle next, InstrumentSpec spec) {
        return market(side, qty, next.open(), next.startMs(), spec);
    }

    /** A market order filled at {@code referencePrice} plus slippage, taker fee. */
    public Fill market(Side side, BigDecimal qty, double referencePrice, long timeMs, InstrumentSpec spec) {
        BigDecimal price = slipped(side, referencePrice, spec);
        return new Fill(side, qty, price, settings.fees().fee(qty, price, Liquidity.TAKER), Liquidity.TAKER, timeMs);
    }

    /**
     * The closing fill after {@code protection} triggered: a market order on the opposite side of the
     * position at {@link PositionProtection#exitPrice()} plus slippage, taker fee.
     */
    public Fill protectiveExit(PositionProtection protection, BigDecimal qty, long timeMs, InstrumentSpec spec) {
        if (protection.trigger() == Trigger.NONE) {
            throw new IllegalStateException("nothing triggered: no protective exit to fill");
        }
        return market(protection.side().opposite(), qty, protection.exitPrice(), timeMs, spec);
    }

    /**
     * Evaluates a limit order against one candle.
     *
     * @param justPlaced true on the first candle after the order was placed (arrival)
     */
    public LimitOutcome limit(LimitOrder order, Candle candle, boolean justPlaced, InstrumentSpec spec) {
        double limit = order.limitPrice().doubleValue();
        boolean buy = order.side() == Side.BUY;
        if (justPlaced) {
            LimitOutcome arrived = arrival(order, candle.open(), candle.startMs(), spec);
            if (arrived.status() != LimitOutcome.Status.RESTING) {
                return arrived;
            }
        }
        boolean touched = buy ? candle.low() <= limit : candle.high() >= limit;
        if (!touched) {
            return LimitOutcome.RESTING;
        }
        BigDecimal price = order.limitPrice();
        return LimitOutcome.filled(new Fill(order.side(), order.qty(), price,
                settings.fees().fee(order.qty(), price, Liquidity.MAKER), Liquidity.MAKER, candle.startMs()));
    }

    /**
     * A limit order arriving while the market trades at {@code price} (the candle's open in the backtester, the
     * last price shown to clients in the simulator). Marketable (buy: price &le; limit; sell: price &ge; limit):
     * GTC/IOC/FOK take at the slipped price capped at the limit, as taker; PostOnly is {@code REJECTED}. Not
     * marketable: IOC/FOK are {@code CANCELLED}, GTC/PostOnly are {@code RESTING}.
     */
    public LimitOutcome arrival(LimitOrder order, double price, long timeMs, InstrumentSpec spec) {
        double limit = order.limitPrice().doubleValue();
        boolean buy = order.side() == Side.BUY;
        if (buy ? price <= limit : price >= limit) {
            if (order.timeInForce() == TimeInForce.POST_ONLY) {
                return LimitOutcome.REJECTED;
            }
            BigDecimal fillPrice = slipped(order.side(), price, spec);
            if (buy ? fillPrice.compareTo(order.limitPrice()) > 0 : fillPrice.compareTo(order.limitPrice()) < 0) {
                fillPrice = order.limitPrice();
            }
            return LimitOutcome.filled(new Fill(order.side(), order.qty(), fillPrice,
                    settings.fees().fee(order.qty(), fillPrice, Liquidity.TAKER), Liquidity.TAKER, timeMs));
        }
        if (order.timeInForce() == TimeInForce.IOC || order.timeInForce() == TimeInForce.FOK) {
            return LimitOutcome.CANCELLED;
        }
        return LimitOutcome.RESTING;
    }

    /**
     * {@code price} snapped to the nearest tick, moved by the slippage against a taker on {@code side},
     * then rounded to a tick against the taker (buy up, sell down).
     */
    public BigDecimal slipped(Side side, double price, InstrumentSpec spec) {
        if (!(price > 0) || Double.isInfinite(price)) {
            throw new IllegalArgumentException("price for " + spec.symbol() + " must be a finite number > 0, got "
                    + price);
        }
        BigDecimal onTick = spec.roundPrice(price);
        if (settings.slippageBps() == 0) {
            return onTick;
        }
        return side == Side.BUY
                ? spec.roundPrice(onTick.multiply(buyFactor), RoundingMode.CEILING)
                : spec.roundPrice(onTick.multiply(sellFactor), RoundingMode.FLOOR);
    }

    /** Gross PnL of a linear USDT contract: {@code qty * (exit - entry) * sign}. */
    public static BigDecimal pnl(Side positionSide, BigDecimal qty, BigDecimal entryPrice, BigDecimal exitPrice) {
        BigDecimal perUnit = exitPrice.subtract(entryPrice);
        BigDecimal gross = qty.multiply(perUnit);
        return positionSide == Side.BUY ? gross : gross.negate();
    }
}
