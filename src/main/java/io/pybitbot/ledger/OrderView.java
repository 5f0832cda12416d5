package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Side;
import io.pybitbot.ledger.OrderLinkIds.Kind;
import java.math.BigDecimal;

/**
 * One order we sent. {@code status} is "Sending", "Accepted", "Rejected", "Unknown" (no definite answer)
 * or the venue's order status once the stream reports it.
 *
 * @param takeProfit 0 = none
 * @param stopLoss   0 = none
 */
public record OrderView(String orderLinkId, String symbol, String strategy, Kind kind, Side side, BigDecimal qty,
                        BigDecimal takeProfit, BigDecimal stopLoss, String status, String orderId,
                        BigDecimal filledQty, BigDecimal avgPrice, String detail) implements CborSerializable {

    public static final String SENDING = "Sending";

    OrderView withStatus(String newStatus, String newOrderId, String newDetail) {
        return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus,
                newOrderId, filledQty, avgPrice, newDetail);
    }

    OrderView withFill(String newStatus, String newOrderId, BigDecimal filled, BigDecimal avg) {
        return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus,
                newOrderId, filled, avg, detail);
    }
}
