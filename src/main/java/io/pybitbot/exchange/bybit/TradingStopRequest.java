package io.pybitbot.exchange.bybit;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v5/position/trading-stop} in Full mode: sets whole-position TP, SL and/or trailing stop.
 * A null field is left unchanged; {@link BigDecimal#ZERO} removes it (Bybit's "0").
 *
 * @param trailingStop a price distance, not a percent
 * @param activePrice  nullable; the trailing stop arms once price reaches it
 * @param triggerBy    nullable; "LastPrice" / "MarkPrice" / "IndexPrice" for TP and SL
 */
public record TradingStopRequest(String symbol, int positionIdx, BigDecimal takeProfit, BigDecimal stopLoss,
                                 BigDecimal trailingStop, BigDecimal activePrice, String triggerBy) {

    public TradingStopRequest {
        Objects.requireNonNull(symbol, "symbol");
        if (takeProfit == null && stopLoss == null && trailingStop == null) {
            throw new IllegalArgumentException("trading-stop for " + symbol + " sets nothing: give takeProfit, stopLoss or trailingStop");
        }
        for (BigDecimal v : new BigDecimal[] {takeProfit, stopLoss, trailingStop, activePrice}) {
            if (v != null && v.signum() < 0) {
                throw new IllegalArgumentException("trading-stop for " + symbol + " has a negative price " + v.toPlainString());
            }
        }
    }

    public Map<String, Object> toBody() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("category", "linear");
        b.put("symbol", symbol);
        b.put("tpslMode", "Full");
        b.put("positionIdx", positionIdx);
        if (takeProfit != null) {
            b.put("takeProfit", takeProfit.toPlainString());
        }
        if (stopLoss != null) {
            b.put("stopLoss", stopLoss.toPlainString());
        }
        if (trailingStop != null) {
            b.put("trailingStop", trailingStop.toPlainString());
        }
        if (activePrice != null) {
            b.put("activePrice", activePrice.toPlainString());
        }
        if (triggerBy != null) {
            if (takeProfit != null) {
                b.put("tpTriggerBy", triggerBy);
            }
            if (stopLoss != null) {
                b.put("slTriggerBy", triggerBy);
            }
        }
        return b;
    }
}
