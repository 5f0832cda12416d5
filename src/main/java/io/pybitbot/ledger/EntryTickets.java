package io.pybitbot.ledger;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The order for an approved entry. Quantity rounds down to the qty step (never more than sized); the stop
 * and target round to the tick away from the market (a long's stop down and target up, a short's stop up
 * and target down), so a rounded level is never better for us than the one asked for.
 */
public final class EntryTickets {

    private EntryTickets() {}

    /**
     * @param stopLossPct   0 = the signal's stop, else this share from the reference price
     * @param takeProfitPct 0 = the signal's target, else this share from the reference price
     * @return the market order with whole-position TP/SL, or empty when the quantity rounds to 0
     */
    public static Optional<OrderTicket> market(Signal signal, BigDecimal approvedQty, InstrumentSpec spec,
                                               double stopLossPct, double takeProfitPct, String orderLinkId) {
        if (signal.kind() != Signal.Kind.ENTRY) {
            throw new IllegalArgumentException("entry order asked for a " + signal.kind() + " signal on " + signal.symbol());
        }
        Side side = signal.side();
        BigDecimal qty = spec.roundQtyDown(approvedQty);
        if (qty.signum() <= 0) {
            return Optional.empty();
        }
        double ref = signal.referencePrice();
        double stop = stopLossPct > 0 ? ref * (1 - side.sign() * stopLossPct) : signal.stopLoss();
        double target = takeProfitPct > 0 ? ref * (1 + side.sign() * takeProfitPct) : signal.takeProfit();
        BigDecimal sl = level(spec, stop, side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING);
        BigDecimal tp = level(spec, target, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
        return Optional.of(OrderTicket.open(signal.symbol(), side, qty, orderLinkId, tp, sl));
    }

    /**
     * The entry as a post-only limit at the signal's price moved {@code offsetTicks} away from the market (a buy lower,
     * a sell higher), rounded to the tick the same way; it keeps the market ticket's quantity and levels. A signal
     * without a usable price keeps its market order.
     */
    public static OrderTicket asLimit(OrderTicket market, Signal signal, InstrumentSpec spec, int offsetTicks) {
        double ref = signal.referencePrice();
        if (!(ref > 0) || Double.isInfinite(ref)) {
            return market;
        }
        BigDecimal price = limitPrice(market.side(), ref, spec, offsetTicks);
        if (price == null) {
            return market;
        }
        return OrderTicket.openLimit(market.symbol(), market.side(), market.qty(), price, market.clientOrderId(),
                market.takeProfit(), market.stopLoss());
    }

    /**
     * A limit entry's price: {@code ref} moved {@code offsetTicks} away from the market (a buy lower, a sell higher),
     * rounded to the tick the same way; null when that leaves no positive price.
     */
    public static BigDecimal limitPrice(Side side, double ref, InstrumentSpec spec, int offsetTicks) {
        if (!(ref > 0) || Double.isInfinite(ref)) {
            return null;
        }
        boolean buy = side == Side.BUY;
        BigDecimal offset = spec.tickSize().multiply(BigDecimal.valueOf(offsetTicks));
        BigDecimal exact = BigDecimal.valueOf(ref);
        BigDecimal nearest = spec.roundPrice(exact);
        if (nearest.subtract(exact).abs().compareTo(spec.tickSize().movePointLeft(6)) < 0) {
            // a close on the grid that binary floating point left a hair off it: snapped, not pushed a whole tick
            exact = nearest;
        }
        BigDecimal raw = buy ? exact.subtract(offset) : exact.add(offset);
        BigDecimal price = spec.roundPrice(raw, buy ? RoundingMode.FLOOR : RoundingMode.CEILING);
        return price.signum() > 0 ? price : null;
    }

    /** A price on the grid, or null for "none" (NaN, zero, negative or infinite). */
    static BigDecimal level(InstrumentSpec spec, double price, RoundingMode mode) {
        if (!(price > 0) || Double.isInfinite(price)) {
            return null;
        }
        return spec.roundPrice(BigDecimal.valueOf(price), mode);
    }
}
