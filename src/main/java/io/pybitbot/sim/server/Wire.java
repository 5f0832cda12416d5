package io.pybitbot.sim.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.sim.engine.SimExecution;
import io.pybitbot.sim.engine.SimOrder;
import io.pybitbot.sim.engine.WalletView;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Bybit V5 JSON shapes of the simulator's objects: numbers as strings, field names as Bybit spells them. */
public final class Wire {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    public static String plain(BigDecimal v) {
        return v == null ? "" : v.stripTrailingZeros().toPlainString();
    }

    /** Tick as a double and as integer units of its own scale (0.5 at scale 1 is 5), per instrument. */
    private record Grid(double tick, long tickUnits, int scale) {}

    private static final java.util.Map<InstrumentSpec, Grid> GRIDS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A price on the instrument's tick grid (nearest tick, half up), at the tick's scale. Works in long units of
     * the tick's scale instead of BigDecimal division: klines format thousands of prices per request.
     */
    public static String price(InstrumentSpec spec, double p) {
        Grid g = GRIDS.computeIfAbsent(spec, s -> new Grid(s.tickSize().doubleValue(),
                s.tickSize().movePointRight(s.priceScale()).longValueExact(), s.priceScale()));
        long units = Math.round(p / g.tick()) * g.tickUnits();
        return BigDecimal.valueOf(units, g.scale()).toPlainString();
    }

    /**
     * A price Bybit echoes back (order price, TP/SL, trailing distance) at the instrument's price scale, as Bybit
     * does ({@code "stopLoss":"65000.0"}, {@code "0.00"} on a 2-decimal symbol): a client that compares the text it
     * sent with the text it reads back must see the same string. Empty when unset.
     */
    public static String price(InstrumentSpec spec, BigDecimal p) {
        return p == null ? "" : p.setScale(Math.max(spec.priceScale(), p.stripTrailingZeros().scale()),
                RoundingMode.UNNECESSARY).toPlainString();
    }

    /** A quantity of an order or position at the instrument's quantity scale ({@code "0.010"}); zero is "0". */
    public static String qty(InstrumentSpec spec, BigDecimal q) {
        return q.signum() == 0 ? "0" : q.setScale(Math.max(spec.qtyScale(), q.stripTrailingZeros().scale()),
                RoundingMode.UNNECESSARY).toPlainString();
    }

    public static String qty(InstrumentSpec spec, double q) {
        return BigDecimal.valueOf(q).setScale(spec.qtyScale(), RoundingMode.HALF_UP).toPlainString();
    }

    public static String money(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** One REST kline row: [startTime, open, high, low, close, volume, turnover]. */
    public static ArrayNode klineRow(InstrumentSpec spec, Candle c) {
        ArrayNode row = JSON.createArrayNode();
        row.add(Long.toString(c.startMs()));
        row.add(price(spec, c.open()));
        row.add(price(spec, c.high()));
        row.add(price(spec, c.low()));
        row.add(price(spec, c.close()));
        row.add(qty(spec, c.volume()));
        row.add(money(c.turnover()));
        return row;
    }

    /** One WS kline data element. */
    public static ObjectNode wsKline(InstrumentSpec spec, Interval interval, Candle c, long now) {
        ObjectNode k = JSON.createObjectNode();
        k.put("start", c.startMs());
        k.put("end", c.startMs() + interval.millis() - 1);
        k.put("interval", interval.code());
        k.put("open", price(spec, c.open()));
        k.put("close", price(spec, c.close()));
        k.put("high", price(spec, c.high()));
        k.put("low", price(spec, c.low()));
        k.put("volume", qty(spec, c.volume()));
        k.put("turnover", money(c.turnover()));
        k.put("confirm", c.confirmed());
        k.put("timestamp", Math.min(now, c.startMs() + interval.millis() - 1));
        return k;
    }

    public static ObjectNode order(SimOrder o, InstrumentSpec spec) {
        ObjectNode n = JSON.createObjectNode();
        n.put("category", "linear");
        n.put("symbol", o.symbol());
        n.put("orderId", o.orderId());
        n.put("orderLinkId", o.orderLinkId());
        n.put("blockTradeId", "");
        n.put("side", o.side().wire());
        n.put("orderType", o.orderType());
        n.put("price", o.price() == null ? "0" : price(spec, o.price()));
        n.put("qty", qty(spec, o.qty()));
        n.put("timeInForce", o.timeInForce().wire());
        n.put("orderStatus", o.status());
        n.put("positionIdx", 0);
        n.put("cumExecQty", qty(spec, o.cumExecQty()));
        n.put("cumExecValue", plain(o.cumExecValue()));
        n.put("cumExecFee", plain(o.cumExecFee()));
        ObjectNode fee = n.putObject("cumFeeDetail");
        if (o.cumExecFee().signum() != 0) {
            fee.put("USDT", plain(o.cumExecFee()));
        }
        n.put("avgPrice", o.avgPrice() == null ? "" : plain(o.avgPrice()));
        n.put("leavesQty", qty(spec, o.leavesQty()));
        n.put("leavesValue", o.price() == null ? "0" : plain(o.leavesQty().multiply(o.price())));
        n.put("reduceOnly", o.reduceOnly());
        n.put("closeOnTrigger", o.closeOnTrigger());
        n.put("stopOrderType", o.stopOrderType());
        n.put("triggerPrice", "");
        n.put("takeProfit", price(spec, o.takeProfit()));
        n.put("stopLoss", price(spec, o.stopLoss()));
        n.put("tpslMode", o.takeProfit() != null || o.stopLoss() != null ? "Full" : "");
        n.put("tpTriggerBy", o.takeProfit() != null ? "LastPrice" : "");
        n.put("slTriggerBy", o.stopLoss() != null ? "LastPrice" : "");
        n.put("createType", o.createType());
        n.put("cancelType", o.cancelType());
        n.put("rejectReason", o.rejectReason());
        n.put("closedPnl", plain(o.closedPnl()));
        n.put("createdTime", Long.toString(o.createdTime()));
        n.put("updatedTime", Long.toString(o.updatedTime()));
        return n;
    }

    public static ObjectNode execution(SimExecution e, boolean ws) {
        ObjectNode n = JSON.createObjectNode();
        n.put("category", "linear");
        n.put("symbol", e.symbol());
        n.put("execId", e.execId());
        n.put("orderId", e.orderId());
        n.put("orderLinkId", e.orderLinkId());
        n.put("side", e.side().wire());
        n.put("orderPrice", plain(e.orderPrice()));
        n.put("orderQty", plain(e.orderQty()));
        n.put("leavesQty", plain(e.leavesQty()));
        n.put("orderType", e.orderType());
        n.put("stopOrderType", e.stopOrderType().isEmpty() ? "UNKNOWN" : e.stopOrderType());
        n.put("execPrice", plain(e.execPrice()));
        n.put("execQty", plain(e.execQty()));
        n.put("execValue", plain(e.execValue()));
        n.put("execFee", plain(e.execFee()));
        n.put("feeRate", plain(e.feeRate()));
        n.put("feeCurrency", "USDT");
        n.put("execType", e.execType());
        n.put("isMaker", e.isMaker());
        n.put("closedSize", plain(e.closedSize()));
        if (ws) {
            n.put("execPnl", plain(e.execPnl()));
        }
        n.put("markPrice", plain(e.markPrice()));
        n.put("execTime", Long.toString(e.execTime()));
        n.put("seq", e.seq());
        return n;
    }

    /** A position row; REST names the entry {@code avgPrice}, the WS {@code entryPrice}. */
    public static ObjectNode position(PositionView p, boolean ws, InstrumentSpec spec) {
        ObjectNode n = JSON.createObjectNode();
        n.put("category", "linear");
        n.put("symbol", p.symbol());
        n.put("positionIdx", 0);
        n.put("side", p.side() == null ? "" : p.side().wire());
        n.put("size", qty(spec, p.size()));
        n.put(ws ? "entryPrice" : "avgPrice", plain(p.avgPrice()));
        n.put("markPrice", plain(p.markPrice()));
        n.put("leverage", plain(p.leverage()));
        n.put("positionValue", plain(p.positionValue()));
        n.put("unrealisedPnl", plain(p.unrealisedPnl()));
        n.put("curRealisedPnl", plain(p.curRealisedPnl()));
        n.put("cumRealisedPnl", plain(p.cumRealisedPnl()));
        n.put("takeProfit", price(spec, p.takeProfit()));
        n.put("stopLoss", price(spec, p.stopLoss()));
        n.put("trailingStop", p.trailingStop() == null ? "0" : price(spec, p.trailingStop()));
        n.put("activePrice", price(spec, p.activePrice()));
        n.put("liqPrice", "");
        n.put("positionIM", plain(p.positionIM()));
        n.put("positionMM", plain(p.positionMM()));
        n.put("positionStatus", "Normal");
        n.put("tradeMode", 0);
        n.put("autoAddMargin", 0);
        n.put("adlRankIndicator", p.isOpen() ? 2 : 0);
        n.put("isReduceOnly", false);
        n.put("seq", p.seq());
        n.put("createdTime", Long.toString(p.createdTime()));
        n.put("updatedTime", Long.toString(p.updatedTime()));
        return n;
    }

    public static ObjectNode wallet(WalletView w) {
        ObjectNode a = JSON.createObjectNode();
        a.put("accountType", "UNIFIED");
        a.put("totalEquity", plain(w.equity()));
        a.put("totalWalletBalance", plain(w.walletBalance()));
        a.put("totalMarginBalance", plain(w.equity()));
        a.put("totalAvailableBalance", plain(w.availableBalance()));
        a.put("totalPerpUPL", plain(w.unrealisedPnl()));
        a.put("totalInitialMargin", plain(w.positionIM().add(w.orderIM())));
        a.put("totalMaintenanceMargin", plain(w.maintenanceMargin()));
        BigDecimal eq = w.equity().signum() == 0 ? BigDecimal.ONE : w.equity();
        a.put("accountIMRate", plain(w.positionIM().add(w.orderIM()).divide(eq, 4, RoundingMode.HALF_UP)));
        a.put("accountMMRate", plain(w.maintenanceMargin().divide(eq, 4, RoundingMode.HALF_UP)));
        a.put("accountLTV", "0");
        ArrayNode coins = a.putArray("coin");
        ObjectNode c = coins.addObject();
        c.put("coin", "USDT");
        c.put("equity", plain(w.equity()));
        c.put("walletBalance", plain(w.walletBalance()));
        c.put("usdValue", plain(w.equity()));
        c.put("unrealisedPnl", plain(w.unrealisedPnl()));
        c.put("cumRealisedPnl", plain(w.cumRealisedPnl()));
        c.put("totalPositionIM", plain(w.positionIM()));
        c.put("totalOrderIM", plain(w.orderIM()));
        c.put("totalPositionMM", plain(w.maintenanceMargin()));
        c.put("locked", "0");
        c.put("borrowAmount", "0");
        c.put("spotBorrow", "0");
        c.put("availableToWithdraw", "");
        c.put("availableToBorrow", "");
        c.put("marginCollateral", true);
        c.put("collateralSwitch", true);
        return a;
    }

    public static ObjectNode instrument(InstrumentSpec s, long launchTime) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("contractType", "LinearPerpetual");
        n.put("status", "Trading");
        n.put("baseCoin", s.symbol().endsWith("USDT") ? s.symbol().substring(0, s.symbol().length() - 4) : s.symbol());
        n.put("quoteCoin", "USDT");
        n.put("launchTime", Long.toString(launchTime));
        n.put("deliveryTime", "0");
        n.put("deliveryFeeRate", "");
        n.put("priceScale", Integer.toString(s.priceScale()));
        ObjectNode lev = n.putObject("leverageFilter");
        lev.put("minLeverage", "1");
        lev.put("maxLeverage", s.maxLeverage().setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        lev.put("leverageStep", "0.01");
        ObjectNode pf = n.putObject("priceFilter");
        pf.put("minPrice", s.tickSize().toPlainString());
        pf.put("maxPrice", s.tickSize().multiply(BigDecimal.valueOf(20_000_000)).toPlainString());
        pf.put("tickSize", s.tickSize().toPlainString());
        ObjectNode lot = n.putObject("lotSizeFilter");
        String max = s.maxOrderQty().setScale(s.qtyScale(), RoundingMode.DOWN).toPlainString();
        lot.put("maxOrderQty", max);
        lot.put("minOrderQty", s.minOrderQty().setScale(s.qtyScale(), RoundingMode.UNNECESSARY).toPlainString());
        lot.put("qtyStep", s.qtyStep().toPlainString());
        lot.put("postOnlyMaxOrderQty", max);
        lot.put("maxMktOrderQty", max);
        lot.put("minNotionalValue", plain(s.minNotional()));
        n.put("unifiedMarginTrade", true);
        n.put("fundingInterval", 480);
        n.put("settleCoin", "USDT");
        n.put("copyTrading", "none");
        n.put("upperFundingRate", "0.00375");
        n.put("lowerFundingRate", "-0.00375");
        n.put("isPreListing", false);
        n.putNull("preListingInfo");
        return n;
    }
}
