package io.pybitbot.backtest;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.portfolio.ClosedTrade;
import java.util.List;
import java.util.Map;

/**
 * Everything one backtest produced.
 *
 * @param description   one line saying what ran (symbols, interval, period, strategies)
 * @param trades        closed trades in the order they closed
 * @param perSymbol     statistics per symbol, sorted by symbol
 * @param denials       signals the risk rules refused, counted by reason code
 * @param prices        the candles each symbol was tested on, for the report's price charts
 * @param candles       number of candles processed (all symbols)
 * @param indicators    per symbol, the indicators each strategy computed ("strategy_b SMA 10"), for the
 *                      report's charts; empty when none were recorded
 * @param riskEvents    when and why Risk stopped entries (kill switch, daily loss limit), oldest first
 */
public record BacktestResult(String description, double initialEquity, double finalEquity, List<ClosedTrade> trades,
                             EquityCurve equity, Map<String, PerformanceStats> perSymbol, PerformanceStats total,
                             Map<String, Integer> denials, Map<String, CandleSeries> prices, long candles,
                             Map<String, Map<String, IndicatorLine>> indicators, List<RiskEvent> riskEvents) {

    public BacktestResult {
        riskEvents = riskEvents == null ? List.of() : List.copyOf(riskEvents);
    }

    /** Without indicator lines (a run's summary). */
    public BacktestResult(String description, double initialEquity, double finalEquity, List<ClosedTrade> trades,
                          EquityCurve equity, Map<String, PerformanceStats> perSymbol, PerformanceStats total,
                          Map<String, Integer> denials, Map<String, CandleSeries> prices, long candles) {
        this(description, initialEquity, finalEquity, trades, equity, perSymbol, total, denials, prices, candles, Map.of(),
                List.of());
    }

    /** The same result with the report's indicator lines (a run's, recomputed from the candles it replayed). */
    public BacktestResult withIndicators(Map<String, Map<String, IndicatorLine>> lines) {
        return new BacktestResult(description, initialEquity, finalEquity, trades, equity, perSymbol, total, denials,
                prices, candles, lines, riskEvents);
    }
}
