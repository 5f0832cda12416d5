package io.pybitbot.execution;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Builds the exchange order for an approved entry. Pure: the rounding rules live here, not in the actor.
 * Quantity rounds down to the qty step (never more than sized); the stop and target round to the tick
 * away from the market (a long's stop down and target up, a short's stop up and target down), so a
 * rounded level is never better for us than the one asked for.
 */
public final class EntryOrders {

    private EntryOrders() {}

    /**
     * @return the market order with whole-position TP/SL, or empty when the approved quantity rounds to 0
     */
    public static Optional<OrderRequest> market(Signal signal, Verdict.Approved approved, InstrumentSpec spec,
                                                ExecutionSettings settings, String orderLinkId) {
        if (signal.kind() != Signal.Kind.ENTRY) {
            throw new IllegalArgumentException("entry order asked for a " + signal.kind() + " signal on " + signal.symbol());
        }
        Side side = signal.side();
        BigDecimal qty = spec.roundQtyDown(approved.qty());
        if (qty.signum() <= 0) {
            return Optional.empty();
        }
        double ref = signal.referencePrice();
        double stop = settings.stopLossPct() > 0 ? ref * (1 - side.sign() * settings.stopLossPct()) : signal.stopLoss();
        double target = settings.takeProfitPct() > 0 ? ref * (1 + side.sign() * settings.takeProfitPct())
                : signal.takeProfit();
        BigDecimal sl = level(spec, stop, side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING);
        BigDecimal tp = level(spec, target, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
        return Optional.of(OrderRequest.market(signal.symbol(), side, qty, orderLinkId, tp, sl));
    }

    /** A price on the grid, or null for "none" (NaN, zero, negative or infinite). */
    static BigDecimal level(InstrumentSpec spec, double price, RoundingMode mode) {
        if (!(price > 0) || Double.isInfinite(price)) {
            return null;
        }
        return spec.roundPrice(BigDecimal.valueOf(price), mode);
    }
}
