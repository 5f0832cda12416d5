package io.pybitbot.exchange.bybit;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A linear order for {@code POST /v5/order/create}. Prices and quantities must already be on the
 * instrument grid ({@link io.pybitbot.domain.InstrumentSpec}); they go on the wire with
 * {@code toPlainString()}. {@code orderLinkId} is mandatory: it is what makes a retry safe.
 *
 * @param takeProfit nullable; attached TP trigger price
 * @param stopLoss   nullable; attached SL trigger price
 * @param triggerBy  nullable; "LastPrice" / "MarkPrice" / "IndexPrice" for both TP and SL
 */
public record OrderRequest(String symbol, Side side, Type type, BigDecimal qty, BigDecimal price,
                           TimeInForce timeInForce, int positionIdx, String orderLinkId, boolean reduceOnly,
                           boolean closeOnTrigger, BigDecimal takeProfit, BigDecimal stopLoss, String triggerBy) {

    public enum Type {
        MARKET("Market"), LIMIT("Limit");
        private final String wire;
        Type(String wire) { this.wire = wire; }
        public String wire() { return wire; }
    }

    public enum TimeInForce {
        GTC("GTC"), IOC("IOC"), FOK("FOK"), POST_ONLY("PostOnly");
        private final String wire;
        TimeInForce(String wire) { this.wire = wire; }
        public String wire() { return wire; }
    }

    private static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");

    public OrderRequest {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(qty, "qty");
        if (orderLinkId == null || !LINK_ID.matcher(orderLinkId).matches()) {
            throw new IllegalArgumentException("orderLinkId of " + symbol + " order must be 1-36 chars of [A-Za-z0-9_-], got '"
                    + orderLinkId + "'");
        }
        boolean closeAll = qty.signum() == 0 && reduceOnly && closeOnTrigger;
        if (qty.signum() < 0 || (qty.signum() == 0 && !closeAll)) {
            throw new IllegalArgumentException("qty of " + symbol + " order " + orderLinkId + " must be > 0 (or 0 with reduceOnly+closeOnTrigger), got "
                    + qty.toPlainString());
        }
        if (type == Type.LIMIT && (price == null || price.signum() <= 0)) {
            throw new IllegalArgumentException("limit order " + orderLinkId + " on " + symbol + " needs a positive price");
        }
        if (positionIdx < 0 || positionIdx > 2) {
            throw new IllegalArgumentException("positionIdx of " + orderLinkId + " must be 0, 1 or 2, got " + positionIdx);
        }
        if (reduceOnly && (takeProfit != null || stopLoss != null)) {
            throw new IllegalArgumentException("reduce-only order " + orderLinkId + " cannot carry TP/SL (Bybit rejects it)");
        }
    }

    /** A one-way-mode market order, optionally with TP/SL attached to the resulting position. */
    public static OrderRequest market(String symbol, Side side, BigDecimal qty, String orderLinkId,
                                      BigDecimal takeProfit, BigDecimal stopLoss) {
        return new OrderRequest(symbol, side, Type.MARKET, qty, null, null, 0, orderLinkId, false, false,
                takeProfit, stopLoss, takeProfit == null && stopLoss == null ? null : "MarkPrice");
    }

    /** A reduce-only market order that closes (part of) a one-way position. */
    public static OrderRequest closeMarket(String symbol, Side side, BigDecimal qty, String orderLinkId) {
        return new OrderRequest(symbol, side, Type.MARKET, qty, null, null, 0, orderLinkId, true, false, null, null, null);
    }

    public static OrderRequest limit(String symbol, Side side, BigDecimal qty, BigDecimal price, TimeInForce tif,
                                     String orderLinkId) {
        return new OrderRequest(symbol, side, Type.LIMIT, qty, price, tif, 0, orderLinkId, false, false, null, null, null);
    }

    /**
     * A post-only limit entry with whole-position TP/SL (set on the position when it fills); Bybit cancels it
     * ({@code EC_PostOnlyWillTakeLiquidity}) when it would take liquidity on arrival.
     */
    public static OrderRequest postOnlyEntry(String symbol, Side side, BigDecimal qty, BigDecimal price,
                                             String orderLinkId, BigDecimal takeProfit, BigDecimal stopLoss) {
        return new OrderRequest(symbol, side, Type.LIMIT, qty, price, TimeInForce.POST_ONLY, 0, orderLinkId, false,
                false, takeProfit, stopLoss, takeProfit == null && stopLoss == null ? null : "MarkPrice");
    }

    /** The JSON body fields in a stable order; numbers as plain strings. */
    public Map<String, Object> toBody() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("category", "linear");
        b.put("symbol", symbol);
        b.put("side", side.wire());
        b.put("orderType", type.wire());
        b.put("qty", qty.toPlainString());
        if (type == Type.LIMIT) {
            b.put("price", price.toPlainString());
        }
        if (timeInForce != null) {
            b.put("timeInForce", timeInForce.wire());
        }
        b.put("positionIdx", positionIdx);
        b.put("orderLinkId", orderLinkId);
        if (reduceOnly) {
            b.put("reduceOnly", true);
        }
        if (closeOnTrigger) {
            b.put("closeOnTrigger", true);
        }
        if (takeProfit != null) {
            b.put("takeProfit", takeProfit.toPlainString());
        }
        if (stopLoss != null) {
            b.put("stopLoss", stopLoss.toPlainString());
        }
        if (takeProfit != null || stopLoss != null) {
            b.put("tpslMode", "Full");
            if (triggerBy != null) {
                if (takeProfit != null) {
                    b.put("tpTriggerBy", triggerBy);
                }
                if (stopLoss != null) {
                    b.put("slTriggerBy", triggerBy);
                }
            }
        }
        return b;
    }
}
