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
 */
public record BacktestResult(String description, double initialEquity, double finalEquity, List<ClosedTrade> trades,
                             EquityCurve equity, Map<String, PerformanceStats> perSymbol, PerformanceStats total,
                             Map<String, Integer> denials, Map<String, CandleSeries> prices, long candles) {
}
