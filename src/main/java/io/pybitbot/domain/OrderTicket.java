package io.pybitbot.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order as the trading core asks for it, venue-neutral: a market order, or (with {@code limitPrice}) a post-only
 * limit entry. Quantities and prices are already on
 * the instrument's grid; a venue adapter turns the ticket into its own request.
 *
 * @param clientOrderId the deterministic id of the intent (Bybit's {@code orderLinkId})
 * @param reduceOnly    true for a close: it may only shrink a position
 * @param takeProfit    attached whole-position target, null for none (never on a close)
 * @param stopLoss      attached whole-position stop, null for none (never on a close)
 * @param limitPrice    null for a market order; else a post-only limit at this price (entries only)
 */
public record OrderTicket(String symbol, Side side, BigDecimal qty, String clientOrderId, boolean reduceOnly,
                          BigDecimal takeProfit, BigDecimal stopLoss, BigDecimal limitPrice) {

    /** A market order. */
    public OrderTicket(String symbol, Side side, BigDecimal qty, String clientOrderId, boolean reduceOnly,
                       BigDecimal takeProfit, BigDecimal stopLoss) {
        this(symbol, side, qty, clientOrderId, reduceOnly, takeProfit, stopLoss, null);
    }

    public OrderTicket {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        if (qty.signum() <= 0) {
            throw new IllegalArgumentException("order " + clientOrderId + " on " + symbol + " needs a positive qty, got "
                    + qty.toPlainString());
        }
        if (reduceOnly && (takeProfit != null || stopLoss != null)) {
            throw new IllegalArgumentException("a reduce-only order (" + clientOrderId + ") carries no TP/SL");
        }
        if (limitPrice != null && (reduceOnly || limitPrice.signum() <= 0)) {
            throw new IllegalArgumentException("a limit order (" + clientOrderId + ") is an entry at a positive price, got "
                    + limitPrice.toPlainString() + (reduceOnly ? " on a reduce-only order" : ""));
        }
    }

    /** A post-only limit entry at {@code price} with its stop and target attached to the position it opens. */
    public static OrderTicket openLimit(String symbol, Side side, BigDecimal qty, BigDecimal price, String clientOrderId,
                                        BigDecimal takeProfit, BigDecimal stopLoss) {
        return new OrderTicket(symbol, side, qty, clientOrderId, false, takeProfit, stopLoss, price);
    }

    public boolean limitOrder() {
        return limitPrice != null;
    }

    /** An opening market order with its stop and target attached to the position. */
    public static OrderTicket open(String symbol, Side side, BigDecimal qty, String clientOrderId, BigDecimal takeProfit,
                                   BigDecimal stopLoss) {
        return new OrderTicket(symbol, side, qty, clientOrderId, false, takeProfit, stopLoss);
    }

    /** A reduce-only market close of (part of) a position. */
    public static OrderTicket close(String symbol, Side side, BigDecimal qty, String clientOrderId) {
        return new OrderTicket(symbol, side, qty, clientOrderId, true, null, null);
    }
}
