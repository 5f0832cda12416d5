package io.pybitbot.exchange.bybit.dto;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.dto.AccountDtos.CoinBalance;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Ticker;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a row of Bybit data must satisfy before anything in the bot may use it. Pure. Each check returns
 * the first problem found ({@code Optional.empty()} when the row is fine), phrased for a log line.
 *
 * <p>Rules: prices positive and finite; sizes, volumes and quantities non-negative and finite; signed
 * amounts (PnL, fees, funding) finite; every number within {@value #MAX_MAGNITUDE_TEXT} in magnitude and
 * at most {@value #MAX_SCALE} decimals (no real Bybit value comes near either, and a double or a
 * {@code toPlainString()} of anything beyond misbehaves); timestamps between 2009 and 2100; kline starts
 * aligned to their interval; OHLC consistent; a side is "Buy" or "Sell".
 */
public final class BybitValidation {

    static final String MAX_MAGNITUDE_TEXT = "1e15";
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal(MAX_MAGNITUDE_TEXT);
    static final int MAX_SCALE = 18;
    /** 2009-01-01T00:00:00Z: before any crypto market (the simulator replays history older than Bybit). */
    public static final long MIN_PLAUSIBLE_MS = 1_230_768_000_000L;
    /** 2100-01-01T00:00:00Z. */
    public static final long MAX_PLAUSIBLE_MS = 4_102_444_800_000L;
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private BybitValidation() {}

    /** A row read and checked: exactly one of {@code value} and {@code problem} is set. */
    public record Checked<T>(T value, String problem) {
        static <T> Checked<T> ok(T value) {
            return new Checked<>(value, null);
        }

        static <T> Checked<T> bad(String problem) {
            return new Checked<>(null, problem);
        }

        public boolean valid() {
            return problem == null;
        }
    }

    // ---------------------------------------------------------------- klines

    /**
     * One REST kline row {@code [start, open, high, low, close, volume, turnover]} as a candle, confirmed
     * once its interval has elapsed at {@code nowMs}. Whether it lies in the future is not judged here:
     * {@code nowMs} is the local estimate of the exchange's clock, and consumers check against their own.
     */
    public static Checked<Candle> klineRow(List<String> row, Interval interval, long nowMs) {
        if (row == null || row.size() < 7) {
            return Checked.bad("has " + (row == null ? 0 : row.size()) + " fields, expected 7");
        }
        long start;
        try {
            start = Long.parseLong(row.get(0) == null ? "" : row.get(0).trim());
        } catch (NumberFormatException e) {
            return Checked.bad("start '" + cut(row.get(0)) + "' is not a millisecond timestamp");
        }
        BigDecimal[] v = new BigDecimal[6];
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = new BigDecimal(row.get(i + 1).trim());
            } catch (NumberFormatException | NullPointerException | ArithmeticException e) {
                return Checked.bad("field " + (i + 1) + " '" + cut(row.get(i + 1)) + "' is not a number");
            }
        }
        // "not in the future" is left to the consumer, who knows the exchange's clock (a simulator's runs ahead)
        return candle(start, v[0], v[1], v[2], v[3], v[4], v[5], interval, start + interval.millis() <= nowMs,
                Long.MAX_VALUE);
    }

    /**
     * A candle from its parts, or the first problem: a start that is implausible, misaligned or after
     * {@code nowMs}; a price not positive; a volume negative; a number out of range; OHLC inconsistent.
     */
    public static Checked<Candle> candle(long start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                                         BigDecimal volume, BigDecimal turnover, Interval interval, boolean confirmed,
                                         long nowMs) {
        Checks c = new Checks()
                .time("start", start, true)
                .price("open", open).price("high", high).price("low", low).price("close", close)
                .size("volume", volume).size("turnover", turnover);
        if (!c.ok()) {
            return Checked.bad(c.problem);
        }
        if (!interval.isAligned(start)) {
            return Checked.bad("start " + start + " is not aligned to interval " + interval.code());
        }
        if (start > nowMs) {
            return Checked.bad("start " + start + " is in the future (now " + nowMs + ")");
        }
        if (high.compareTo(low) < 0 || high.compareTo(open) < 0 || high.compareTo(close) < 0
                || low.compareTo(open) > 0 || low.compareTo(close) > 0) {
            return Checked.bad("inconsistent OHLC open=" + open.toPlainString() + " high=" + high.toPlainString()
                    + " low=" + low.toPlainString() + " close=" + close.toPlainString());
        }
        return Checked.ok(new Candle(start, open.doubleValue(), high.doubleValue(), low.doubleValue(), close.doubleValue(),
                volume.doubleValue(), turnover.doubleValue(), confirmed));
    }

    // ---------------------------------------------------------------- account and trading rows

    public static Optional<String> position(PositionInfo p) {
        Checks c = new Checks().symbol(p.symbol())
                .size("size", p.size())
                .optionalLevel("avgPrice", p.avgPrice()).optionalLevel("entryPrice", p.entryPrice())
                .optionalLevel("markPrice", p.markPrice()).optionalLevel("liqPrice", p.liqPrice())
                .optionalLevel("takeProfit", p.takeProfit()).optionalLevel("stopLoss", p.stopLoss())
                .optionalLevel("trailingStop", p.trailingStop())
                .optionalLevel("leverage", p.leverage()).optionalSize("positionValue", p.positionValue())
                .amount("unrealisedPnl", p.unrealisedPnl()).amount("curRealisedPnl", p.curRealisedPnl())
                .amount("cumRealisedPnl", p.cumRealisedPnl())
                .optionalTime("createdTime", p.createdTime()).optionalTime("updatedTime", p.updatedTime());
        if (c.ok() && p.positionIdx() != null && (p.positionIdx() < 0 || p.positionIdx() > 2)) {
            c.fail("positionIdx " + p.positionIdx() + " is not 0, 1 or 2");
        }
        if (c.ok() && p.size().signum() > 0) {
            c.side(p.side());
            if (c.ok() && (p.entry() == null || p.entry().signum() <= 0)) {
                c.fail("an open position has no positive entry price");
            }
        } else if (c.ok() && !(p.side() == null || p.side().isEmpty() || "None".equals(p.side())
                || "Buy".equals(p.side()) || "Sell".equals(p.side()))) {
            c.fail("side '" + cut(p.side()) + "' is not Buy, Sell or empty");
        }
        return c.result();
    }

    public static Optional<String> order(OrderInfo o) {
        Checks c = new Checks().symbol(o.symbol()).side(o.side())
                .size("qty", o.qty()).optionalLevel("price", o.price())
                .optionalSize("cumExecQty", o.cumExecQty()).optionalSize("cumExecValue", o.cumExecValue())
                .optionalLevel("avgPrice", o.avgPrice()).optionalSize("leavesQty", o.leavesQty())
                .optionalLevel("triggerPrice", o.triggerPrice()).optionalLevel("takeProfit", o.takeProfit())
                .optionalLevel("stopLoss", o.stopLoss()).amount("closedPnl", o.closedPnl())
                .optionalTime("createdTime", o.createdTime()).optionalTime("updatedTime", o.updatedTime());
        if (c.ok() && o.cumFeeDetail() != null) {
            for (Map.Entry<String, BigDecimal> fee : o.cumFeeDetail().entrySet()) {
                c.amount("cumFeeDetail." + fee.getKey(), fee.getValue());
            }
        }
        if (c.ok() && (o.orderId() == null || o.orderId().isEmpty())
                && (o.orderLinkId() == null || o.orderLinkId().isEmpty())) {
            c.fail("has neither orderId nor orderLinkId");
        }
        if (c.ok() && o.qty().signum() > 0 && o.cumExecQty() != null && o.cumExecQty().compareTo(o.qty()) > 0) {
            c.fail("cumExecQty " + o.cumExecQty().toPlainString() + " exceeds qty " + o.qty().toPlainString());
        }
        return c.result();
    }

    public static Optional<String> execution(ExecutionInfo e) {
        Checks c = new Checks().symbol(e.symbol()).side(e.side())
                .price("execPrice", e.execPrice()).size("execQty", e.execQty())
                .optionalSize("execValue", e.execValue()).amount("execFee", e.execFee()).amount("feeRate", e.feeRate())
                .optionalSize("closedSize", e.closedSize()).amount("execPnl", e.execPnl())
                .optionalSize("leavesQty", e.leavesQty()).optionalLevel("orderPrice", e.orderPrice())
                .optionalSize("orderQty", e.orderQty()).optionalLevel("markPrice", e.markPrice())
                .optionalTime("execTime", e.execTime());
        if (c.ok() && (e.execId() == null || e.execId().isEmpty())) {
            c.fail("has no execId");
        }
        return c.result();
    }

    /** An account whose equity is negative, or any of whose numbers is unreadable, is not believed. */
    public static Optional<String> wallet(WalletAccount a) {
        Checks c = new Checks()
                .optionalSize("totalEquity", a.totalEquity())
                .amount("totalWalletBalance", a.totalWalletBalance()).amount("totalMarginBalance", a.totalMarginBalance())
                .amount("totalAvailableBalance", a.totalAvailableBalance()).amount("totalPerpUPL", a.totalPerpUPL())
                .optionalSize("totalInitialMargin", a.totalInitialMargin())
                .optionalSize("totalMaintenanceMargin", a.totalMaintenanceMargin())
                .amount("accountIMRate", a.accountIMRate()).amount("accountMMRate", a.accountMMRate());
        for (CoinBalance coin : a.coin()) {
            if (!c.ok()) {
                break;
            }
            String p = coin == null ? "" : "coin " + cut(coin.coin()) + " ";
            if (coin == null) {
                c.fail("has a null coin entry");
                break;
            }
            c.amount(p + "equity", coin.equity()).amount(p + "walletBalance", coin.walletBalance())
                    .amount(p + "usdValue", coin.usdValue()).amount(p + "unrealisedPnl", coin.unrealisedPnl())
                    .amount(p + "cumRealisedPnl", coin.cumRealisedPnl())
                    .optionalSize(p + "totalPositionIM", coin.totalPositionIM())
                    .optionalSize(p + "totalOrderIM", coin.totalOrderIM()).optionalSize(p + "locked", coin.locked())
                    .optionalSize(p + "borrowAmount", coin.borrowAmount());
        }
        return c.result();
    }

    public static Optional<String> instrument(InstrumentInfo i) {
        Checks c = new Checks().symbol(i.symbol());
        if (!c.ok()) {
            return c.result();
        }
        boolean trading = i.isTrading();
        if (i.priceFilter() != null) {
            c.optionalLevel("minPrice", i.priceFilter().minPrice()).optionalLevel("maxPrice", i.priceFilter().maxPrice())
                    .optionalPrice("tickSize", i.priceFilter().tickSize());
            if (trading) {
                c.price("tickSize", i.priceFilter().tickSize());
            }
        }
        if (i.lotSizeFilter() != null) {
            var l = i.lotSizeFilter();
            c.optionalPrice("qtyStep", l.qtyStep()).optionalPrice("minOrderQty", l.minOrderQty())
                    .optionalPrice("maxOrderQty", l.maxOrderQty()).optionalSize("maxMktOrderQty", l.maxMktOrderQty())
                    .optionalSize("minNotionalValue", l.minNotionalValue());
            if (trading) {
                c.price("qtyStep", l.qtyStep()).price("minOrderQty", l.minOrderQty()).price("maxOrderQty", l.maxOrderQty());
                if (c.ok() && l.maxOrderQty().compareTo(l.minOrderQty()) < 0) {
                    c.fail("maxOrderQty " + l.maxOrderQty().toPlainString() + " is below minOrderQty "
                            + l.minOrderQty().toPlainString());
                }
            }
        }
        if (i.leverageFilter() != null) {
            var f = i.leverageFilter();
            c.optionalPrice("minLeverage", f.minLeverage()).optionalPrice("maxLeverage", f.maxLeverage())
                    .optionalPrice("leverageStep", f.leverageStep());
            if (trading) {
                c.price("maxLeverage", f.maxLeverage());
            }
        }
        if (c.ok() && trading && (i.priceFilter() == null || i.lotSizeFilter() == null || i.leverageFilter() == null)) {
            c.fail("a trading instrument lacks priceFilter, lotSizeFilter or leverageFilter");
        }
        if (c.ok() && i.launchTime() != null && i.launchTime() != 0) {
            c.time("launchTime", i.launchTime(), false);
        }
        return c.result();
    }

    public static Optional<String> ticker(Ticker t) {
        Checks c = new Checks().symbol(t.symbol())
                .optionalPrice("lastPrice", t.lastPrice()).optionalPrice("markPrice", t.markPrice())
                .optionalPrice("indexPrice", t.indexPrice())
                .optionalLevel("bid1Price", t.bid1Price()).optionalSize("bid1Size", t.bid1Size())
                .optionalLevel("ask1Price", t.ask1Price()).optionalSize("ask1Size", t.ask1Size())
                .amount("price24hPcnt", t.price24hPcnt())
                .optionalLevel("highPrice24h", t.highPrice24h()).optionalLevel("lowPrice24h", t.lowPrice24h())
                .optionalSize("volume24h", t.volume24h()).optionalSize("turnover24h", t.turnover24h())
                .optionalSize("openInterest", t.openInterest()).amount("fundingRate", t.fundingRate())
                .optionalTime("nextFundingTime", t.nextFundingTime());
        return c.result();
    }

    /** A server time in ms: plausible (2009..2100) or the problem. */
    public static Optional<String> serverTime(long epochMillis) {
        return new Checks().time("server time", epochMillis, true).result();
    }

    static String cut(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "...(" + s.length() + " chars)";
    }

    /** Accumulates the first problem; every method is a no-op once one was found. */
    static final class Checks {
        String problem;

        boolean ok() {
            return problem == null;
        }

        Optional<String> result() {
            return Optional.ofNullable(problem);
        }

        Checks fail(String p) {
            if (problem == null) {
                problem = p;
            }
            return this;
        }

        private boolean inRange(String name, BigDecimal v) {
            if (v.abs().compareTo(MAX_MAGNITUDE) > 0) {
                fail(name + " " + cut(v.toString()) + " is beyond " + MAX_MAGNITUDE_TEXT);
                return false;
            }
            if (v.scale() > MAX_SCALE) {
                fail(name + " " + cut(v.toString()) + " has more than " + MAX_SCALE + " decimals");
                return false;
            }
            return true;
        }

        /** Required, finite, > 0. */
        Checks price(String name, BigDecimal v) {
            if (!ok()) {
                return this;
            }
            if (v == null) {
                return fail(name + " is missing");
            }
            if (inRange(name, v) && v.signum() <= 0) {
                fail(name + " " + v.toPlainString() + " is not positive");
            }
            return this;
        }

        /** Absent, or finite and > 0. */
        Checks optionalPrice(String name, BigDecimal v) {
            return v == null ? this : price(name, v);
        }

        /** Absent, or finite and >= 0 (a protective level, limit price or flat position's price of 0 means "none"). */
        Checks optionalLevel(String name, BigDecimal v) {
            return optionalSize(name, v);
        }

        /** Required, finite, >= 0. */
        Checks size(String name, BigDecimal v) {
            if (!ok()) {
                return this;
            }
            if (v == null) {
                return fail(name + " is missing");
            }
            if (inRange(name, v) && v.signum() < 0) {
                fail(name + " " + v.toPlainString() + " is negative");
            }
            return this;
        }

        Checks optionalSize(String name, BigDecimal v) {
            return v == null ? this : size(name, v);
        }

        /** Absent, or finite of either sign. */
        Checks amount(String name, BigDecimal v) {
            if (ok() && v != null) {
                inRange(name, v);
            }
            return this;
        }

        Checks time(String name, long ms, boolean required) {
            if (ok() && (ms < MIN_PLAUSIBLE_MS || ms > MAX_PLAUSIBLE_MS)) {
                fail(name + " " + ms + " is not a plausible epoch-millisecond time (2009..2100)");
            }
            return this;
        }

        /** Absent or 0 (unset), or plausible. */
        Checks optionalTime(String name, Long ms) {
            return ms == null || ms == 0L ? this : time(name, ms, false);
        }

        Checks symbol(String s) {
            if (ok() && (s == null || !SYMBOL.matcher(s).matches())) {
                fail("symbol '" + cut(s) + "' is not a symbol");
            }
            return this;
        }

        Checks side(String s) {
            if (ok() && !"Buy".equals(s) && !"Sell".equals(s)) {
                fail("side '" + cut(s) + "' is not Buy or Sell");
            }
            return this;
        }
    }
}
