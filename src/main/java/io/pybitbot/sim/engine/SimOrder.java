package io.pybitbot.sim.engine;

import io.pybitbot.domain.Side;
import io.pybitbot.fill.TimeInForce;
import java.math.BigDecimal;

/**
 * One order's state as the exchange reports it (REST {@code /v5/order/realtime}, WS {@code order}). Immutable:
 * every change replaces the record.
 *
 * @param status         Bybit {@code orderStatus}: New, Filled, Cancelled, Rejected, Deactivated
 * @param stopOrderType  "" for a plain order; TakeProfit, StopLoss or TrailingStop for a triggered exit
 * @param placedInCandle start of the candle that was forming when the order arrived: it is evaluated only
 *                       on later candles (no look-ahead)
 * @param evaluated      true once a candle has been evaluated against it (it is no longer "arriving")
 */
public record SimOrder(String orderId, String orderLinkId, String symbol, Side side, boolean market, BigDecimal price,
                       BigDecimal qty, TimeInForce timeInForce, boolean reduceOnly, boolean closeOnTrigger,
                       BigDecimal takeProfit, BigDecimal stopLoss, String status, BigDecimal cumExecQty,
                       BigDecimal cumExecValue, BigDecimal cumExecFee, BigDecimal avgPrice, String stopOrderType,
                       String createType, String cancelType, String rejectReason, BigDecimal closedPnl,
                       long createdTime, long updatedTime, long placedInCandle, boolean evaluated) {

    public boolean isOpen() {
        return "New".equals(status) || "PartiallyFilled".equals(status);
    }

    public String orderType() {
        return market ? "Market" : "Limit";
    }

    public BigDecimal leavesQty() {
        return isOpen() ? qty.subtract(cumExecQty) : BigDecimal.ZERO;
    }

    SimOrder withStatus(String newStatus, String cancel, String reject, long now) {
        return new SimOrder(orderId, orderLinkId, symbol, side, market, price, qty, timeInForce, reduceOnly,
                closeOnTrigger, takeProfit, stopLoss, newStatus, cumExecQty, cumExecValue, cumExecFee, avgPrice,
                stopOrderType, createType, cancel, reject, closedPnl, createdTime, now, placedInCandle, evaluated);
    }

    SimOrder evaluatedOnce() {
        return new SimOrder(orderId, orderLinkId, symbol, side, market, price, qty, timeInForce, reduceOnly,
                closeOnTrigger, takeProfit, stopLoss, status, cumExecQty, cumExecValue, cumExecFee, avgPrice,
                stopOrderType, createType, cancelType, rejectReason, closedPnl, createdTime, updatedTime,
                placedInCandle, true);
    }

    SimOrder filled(BigDecimal execQty, BigDecimal execPrice, BigDecimal fee, BigDecimal pnl, long now) {
        BigDecimal cq = cumExecQty.add(execQty);
        BigDecimal cv = cumExecValue.add(execQty.multiply(execPrice));
        BigDecimal avg = cv.divide(cq, 8, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return new SimOrder(orderId, orderLinkId, symbol, side, market, price, execQty.compareTo(qty) < 0 && reduceOnly
                ? cq : qty, timeInForce, reduceOnly, closeOnTrigger, takeProfit, stopLoss, "Filled", cq, cv,
                cumExecFee.add(fee), avg, stopOrderType, createType, "UNKNOWN", "EC_NoError", closedPnl.add(pnl),
                createdTime, now, placedInCandle, true);
    }
}
