package io.pybitbot.exchange.bybit.dto;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Results of the public {@code /v5/market/*} endpoints, as Bybit sends them (numbers as strings). */
public final class MarketDtos {

    private MarketDtos() {}

    /** {@code /v5/market/time}. */
    public record ServerTime(String timeSecond, String timeNano) {
        /** Server time in ms, from the nanosecond field (timeSecond has only 1 s resolution). */
        public long epochMillis() {
            if (timeNano != null && !timeNano.isBlank()) {
                return Long.parseLong(timeNano.trim()) / 1_000_000L;
            }
            if (timeSecond == null) {
                throw new NumberFormatException("neither timeNano nor timeSecond is set");
            }
            return Math.multiplyExact(Long.parseLong(timeSecond.trim()), 1000L);
        }
    }

    /** {@code /v5/market/kline}: rows {@code [start, open, high, low, close, volume, turnover]}, newest first. */
    public record KlinePage(String category, String symbol, List<List<String>> list) {

        public List<List<String>> list() {
            return list == null ? List.of() : list;
        }

        /**
         * Valid candles oldest first; a row counts as confirmed only if its interval has fully elapsed at
         * {@code nowMs} (the newest REST row may still be forming and carries no confirm flag). Invalid
         * rows are left out: see {@link #checkedCandles} for what was wrong with them.
         */
        public List<Candle> toCandles(Interval interval, long nowMs) {
            return checkedCandles(interval, nowMs).candles();
        }

        /** Every row validated by {@link BybitValidation#klineRow}: the candles, and one line per bad row. */
        public Candles checkedCandles(Interval interval, long nowMs) {
            List<List<String>> rows = list();
            List<Candle> out = new ArrayList<>(rows.size());
            List<String> problems = new ArrayList<>();
            for (int i = rows.size() - 1; i >= 0; i--) {
                BybitValidation.Checked<Candle> c = BybitValidation.klineRow(rows.get(i), interval, nowMs);
                if (c.valid()) {
                    out.add(c.value());
                } else {
                    problems.add("kline row " + i + " of " + symbol + ": " + c.problem());
                }
            }
            return new Candles(List.copyOf(out), List.copyOf(problems));
        }
    }

    /** Candles that passed validation, and what was wrong with each row that did not. */
    public record Candles(List<Candle> candles, List<String> rejected) {}

    public record LeverageFilter(BigDecimal minLeverage, BigDecimal maxLeverage, BigDecimal leverageStep) {}

    public record PriceFilter(BigDecimal minPrice, BigDecimal maxPrice, BigDecimal tickSize) {}

    public record LotSizeFilter(BigDecimal maxOrderQty, BigDecimal minOrderQty, BigDecimal qtyStep,
                                BigDecimal maxMktOrderQty, BigDecimal minNotionalValue) {}

    /** One linear contract from {@code /v5/market/instruments-info}. */
    public record InstrumentInfo(String symbol, String contractType, String status, String baseCoin,
                                 String quoteCoin, String settleCoin, Integer priceScale,
                                 LeverageFilter leverageFilter, PriceFilter priceFilter, LotSizeFilter lotSizeFilter,
                                 Integer fundingInterval, Long launchTime, Long deliveryTime) {

        /** Our domain view; fails naming the symbol and the missing filter if Bybit omitted one. */
        public InstrumentSpec toSpec() {
            if (priceFilter == null || lotSizeFilter == null || leverageFilter == null) {
                throw new IllegalArgumentException("instrument " + symbol + " lacks priceFilter, lotSizeFilter or leverageFilter");
            }
            BigDecimal minNotional = lotSizeFilter.minNotionalValue() == null ? BigDecimal.ZERO : lotSizeFilter.minNotionalValue();
            return new InstrumentSpec(symbol, priceFilter.tickSize(), lotSizeFilter.qtyStep(), lotSizeFilter.minOrderQty(),
                    lotSizeFilter.maxOrderQty(), minNotional, leverageFilter.maxLeverage());
        }

        public boolean isTrading() {
            return "Trading".equals(status);
        }
    }

    /** One page of instruments; follow {@link #nextPageCursor()} until it is empty. */
    public record InstrumentsPage(String category, String nextPageCursor, List<InstrumentInfo> list) {
        public List<InstrumentInfo> list() {
            return list == null ? List.of() : list;
        }

        public boolean hasNext() {
            return nextPageCursor != null && !nextPageCursor.isEmpty();
        }
    }

    /** One row of {@code /v5/market/tickers}. */
    public record Ticker(String symbol, BigDecimal lastPrice, BigDecimal markPrice, BigDecimal indexPrice,
                         BigDecimal bid1Price, BigDecimal bid1Size, BigDecimal ask1Price, BigDecimal ask1Size,
                         BigDecimal price24hPcnt, BigDecimal highPrice24h, BigDecimal lowPrice24h,
                         BigDecimal volume24h, BigDecimal turnover24h, BigDecimal openInterest,
                         BigDecimal fundingRate, Long nextFundingTime) {}

    public record TickersPage(String category, List<Ticker> list) {
        public List<Ticker> list() {
            return list == null ? List.of() : list;
        }
    }
}
