package io.pybitbot.sim.engine;

import io.pybitbot.domain.Side;
import io.pybitbot.fill.TimeInForce;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A parsed {@code /v5/order/create} request (one-way mode, linear). Optional fields are null when absent.
 *
 * @param market      true for {@code orderType=Market}
 * @param price       limit price; null for market orders
 * @param takeProfit  TP attached to the resulting position (Full mode); null for none
 * @param stopLoss    SL attached to the resulting position; null for none
 */
public record NewOrder(String symbol, Side side, boolean market, BigDecimal qty, BigDecimal price,
                       TimeInForce timeInForce, String orderLinkId, boolean reduceOnly, boolean closeOnTrigger,
                       BigDecimal takeProfit, BigDecimal stopLoss) {

    public NewOrder {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(qty, "qty");
        timeInForce = market ? TimeInForce.IOC : (timeInForce == null ? TimeInForce.GTC : timeInForce);
        orderLinkId = orderLinkId == null ? "" : orderLinkId;
    }

    public static NewOrder market(String symbol, Side side, String qty) {
        return new NewOrder(symbol, side, true, new BigDecimal(qty), null, null, null, false, false, null, null);
    }

    public static NewOrder limit(String symbol, Side side, String qty, String price, TimeInForce tif) {
        return new NewOrder(symbol, side, false, new BigDecimal(qty), new BigDecimal(price), tif, null, false, false,
                null, null);
    }

    public NewOrder withLinkId(String id) {
        return new NewOrder(symbol, side, market, qty, price, timeInForce, id, reduceOnly, closeOnTrigger, takeProfit,
                stopLoss);
    }

    public NewOrder withReduceOnly() {
        return new NewOrder(symbol, side, market, qty, price, timeInForce, orderLinkId, true, closeOnTrigger,
                takeProfit, stopLoss);
    }

    public NewOrder withTpSl(String tp, String sl) {
        return new NewOrder(symbol, side, market, qty, price, timeInForce, orderLinkId, reduceOnly, closeOnTrigger,
                tp == null ? null : new BigDecimal(tp), sl == null ? null : new BigDecimal(sl));
    }
}
