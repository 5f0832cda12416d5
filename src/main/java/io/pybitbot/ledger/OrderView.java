package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Side;
import io.pybitbot.ledger.OrderLinkIds.Kind;
import java.math.BigDecimal;

/**
 * One order we sent. {@code status} is "Sending", "Accepted", "Rejected", "Unknown" (no definite answer)
 * or the venue's order status once the stream reports it.
 *
 * @param takeProfit     0 = none
 * @param stopLoss       0 = none
 * @param referencePrice an entry's signal price, from which its levels were set (null or 0 = not known)
 * @param protectOnFill  an entry sent without its TP/SL because the venue refused them against its price: they
 *                       are to be set (the signal's distances from the fill) as soon as it fills
 * @param limitPrice     a post-only limit entry's price; null for a market order
 * @param signalCandleMs start of the candle the entry was decided on (a limit rests from the candle after it)
 */
public record OrderView(String orderLinkId, String symbol, String strategy, Kind kind, Side side, BigDecimal qty,
                        BigDecimal takeProfit, BigDecimal stopLoss, String status, String orderId,
                        BigDecimal filledQty, BigDecimal avgPrice, String detail, BigDecimal referencePrice,
                        boolean protectOnFill, BigDecimal limitPrice, long signalCandleMs) implements CborSerializable {

    public static final String SENDING = "Sending";

    public OrderView(String orderLinkId, String symbol, String strategy, Kind kind, Side side, BigDecimal qty,
                     BigDecimal takeProfit, BigDecimal stopLoss, String status, String orderId,
                     BigDecimal filledQty, BigDecimal avgPrice, String detail) {
        this(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, status, orderId, filledQty, avgPrice,
                detail, null, false);
    }

    /** A market order. */
    public OrderView(String orderLinkId, String symbol, String strategy, Kind kind, Side side, BigDecimal qty,
                     BigDecimal takeProfit, BigDecimal stopLoss, String status, String orderId,
                     BigDecimal filledQty, BigDecimal avgPrice, String detail, BigDecimal referencePrice,
                     boolean protectOnFill) {
        this(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, status, orderId, filledQty, avgPrice,
                detail, referencePrice, protectOnFill, null, 0L);
    }

    public boolean limitOrder() {
        return limitPrice != null;
    }

    OrderView withStatus(String newStatus, String newOrderId, String newDetail) {
        return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus,
                newOrderId, filledQty, avgPrice, newDetail, referencePrice, protectOnFill, limitPrice, signalCandleMs);
    }

    OrderView withFill(String newStatus, String newOrderId, BigDecimal filled, BigDecimal avg) {
        return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus,
                newOrderId, filled, avg, detail, referencePrice, protectOnFill, limitPrice, signalCandleMs);
    }

    OrderView withProtectOnFill(boolean protect, String newStatus, String newDetail) {
        return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus, orderId,
                filledQty, avgPrice, newDetail, referencePrice, protect, limitPrice, signalCandleMs);
    }
}
