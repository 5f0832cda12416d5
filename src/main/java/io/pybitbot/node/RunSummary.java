package io.pybitbot.node;

import io.pybitbot.backtest.BacktestResult;
import io.pybitbot.backtest.EquityCurve;
import io.pybitbot.backtest.PerformanceStats;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.fill.Fill;
import io.pybitbot.fill.Liquidity;
import io.pybitbot.portfolio.ClosedTrade;
import io.pybitbot.portfolio.ExitReason;
import io.pybitbot.portfolio.Portfolio;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The account's trades as the exchange reports them (its execution list), replayed through the same
 * {@link Portfolio} accounting the backtester uses, so a run and a backtest are summarised alike.
 *
 * <p>Exit reasons are inferred: a fill of one of our own orders carries its orderLinkId, whose tag says
 * exit, reversal close or flatten; a fill without one was triggered on the exchange by a stop (a loss: STOP_LOSS) or a target
 * or trailing stop (a gain: TAKE_PROFIT).
 */
public final class RunSummary {
    private RunSummary() {
    }

    /**
     * @param strategyOf the strategy that placed an order, from its orderLinkId (null when unknown)
     */
    public static BacktestResult from(String description, BigDecimal initialEquity, List<ExecutionInfo> executions,
                                      Function<String, String> strategyOf, Map<String, CandleSeries> prices) {
        return from(description, initialEquity, executions, strategyOf, prices, Map.of(), 0);
    }

    /**
     * @param denials entries Risk (or the ledger) refused, by reason, as the node counted them
     * @param candles closed candles the node's symbols traded on
     */
    public static BacktestResult from(String description, BigDecimal initialEquity, List<ExecutionInfo> executions,
                                      Function<String, String> strategyOf, Map<String, CandleSeries> prices,
                                      Map<String, Integer> denials, long candles) {
        return from(description, initialEquity, executions, strategyOf, prices, denials, candles, null);
    }

    /**
     * @param sampled the account's equity at every candle close (a simulator run), or null: then the totals' Sharpe,
     *                Sortino and exposure are computed from it, as a backtest's are, and it is the equity curve
     */
    public static BacktestResult from(String description, BigDecimal initialEquity, List<ExecutionInfo> executions,
                                      Function<String, String> strategyOf, Map<String, CandleSeries> prices,
                                      Map<String, Integer> denials, long candles, EquitySampler sampled) {
        List<ExecutionInfo> fills = new ArrayList<>(executions.stream()
                .filter(e -> e.execQty() != null && e.execQty().signum() > 0 && e.execPrice() != null)
                // trades and liquidations (BustTrade), and funding (charged to the open position, below); other
                // settlement rows are no fills
                .filter(e -> e.execType() == null || e.execType().equals("Trade") || e.execType().equals("BustTrade")
                        || isFunding(e))
                .toList());
        fills.sort(Comparator.comparingLong((ExecutionInfo e) -> e.execTime() == null ? 0 : e.execTime())
                .thenComparingLong(e -> e.seq() == null ? 0 : e.seq()));
        long start = fills.isEmpty() ? 0 : fills.get(0).execTime();
        Portfolio portfolio = new Portfolio(initialEquity, start);
        EquityCurve equity = new EquityCurve();
        equity.add(start, initialEquity.doubleValue());
        List<ClosedTrade> trades = new ArrayList<>();
        Map<String, String> owner = new TreeMap<>();
        for (ExecutionInfo e : fills) {
            Side side = Side.fromWire(e.side());
            long t = e.execTime();
            if (isFunding(e)) {
                // Bybit lists what the position paid as the fee (negative when it received)
                portfolio.addFunding(e.symbol(), e.execFee() == null ? BigDecimal.ZERO : e.execFee().negate(), t);
                equity.add(t, portfolio.balance().doubleValue());
                continue;
            }
            String linkId = e.orderLinkId() == null ? "" : e.orderLinkId();
            String strategy = linkId.isEmpty() ? null : strategyOf.apply(linkId);
            Fill fill = new Fill(side, e.execQty(), e.execPrice(), e.execFee() == null ? BigDecimal.ZERO : e.execFee(),
                    Boolean.TRUE.equals(e.isMaker()) ? Liquidity.MAKER : Liquidity.TAKER, t);
            var position = portfolio.position(e.symbol());
            ExitReason reason = null;
            if (position != null && position.side() != side) {
                if ("BustTrade".equals(e.execType())) {
                    reason = ExitReason.LIQUIDATION;
                } else if (!linkId.isEmpty()) {
                    // our own order: the orderLinkId's tag says why (R reversal close, F flatten, X exit)
                    reason = linkId.matches(".*-R[BS]$") ? ExitReason.REVERSAL
                            : linkId.matches(".*-F[BS]$") ? ExitReason.RISK_HALT : ExitReason.SIGNAL;
                } else {
                    boolean gain = side == Side.SELL ? e.execPrice().compareTo(position.entryPrice()) > 0
                            : e.execPrice().compareTo(position.entryPrice()) < 0;
                    reason = gain ? ExitReason.TAKE_PROFIT : ExitReason.STOP_LOSS;
                }
            }
            String s = strategy != null ? strategy : owner.getOrDefault(e.symbol(), "unknown");
            ClosedTrade closed = portfolio.apply(e.symbol(), s, fill, reason);
            if (portfolio.hasPosition(e.symbol())) {
                owner.put(e.symbol(), portfolio.position(e.symbol()).strategy());
            }
            if (closed != null) {
                trades.add(closed);
            }
            equity.add(t, portfolio.balance().doubleValue());
        }
        Map<String, PerformanceStats> perSymbol = new TreeMap<>();
        for (String symbol : fills.stream().map(ExecutionInfo::symbol).distinct().sorted().toList()) {
            perSymbol.put(symbol, stats(trades.stream().filter(t -> t.symbol().equals(symbol)).toList(), initialEquity));
        }
        PerformanceStats total;
        if (sampled != null && sampled.curve().size() >= 2) {
            equity = sampled.curve();
            total = PerformanceStats.compute(trades.stream().map(RunSummary::figures).toList(),
                    initialEquity.doubleValue(), equity.values(), sampled.samplesPerYear(), sampled.exposure());
        } else {
            total = PerformanceStats.compute(trades.stream().map(RunSummary::figures).toList(),
                    initialEquity.doubleValue(), equity.values(), Double.NaN, Double.NaN); // fills are irregular: no Sharpe
        }
        return new BacktestResult(description, initialEquity.doubleValue(), portfolio.balance().doubleValue(),
                trades, equity, perSymbol, total, Map.copyOf(denials), prices, candles);
    }

    private static boolean isFunding(ExecutionInfo e) {
        return "Funding".equals(e.execType());
    }

    private static PerformanceStats stats(List<ClosedTrade> trades, BigDecimal initialEquity) {
        EquityCurve eq = new EquityCurve();
        double e = initialEquity.doubleValue();
        eq.add(0, e);
        for (ClosedTrade t : trades) {
            e += t.netPnl().doubleValue();
            eq.add(t.exitTimeMs(), e);
        }
        return PerformanceStats.compute(trades.stream().map(RunSummary::figures).toList(), initialEquity.doubleValue(),
                eq.values(), Double.NaN, Double.NaN);
    }

    private static PerformanceStats.TradeFigures figures(ClosedTrade t) {
        return new PerformanceStats.TradeFigures(t.netPnl().doubleValue(), t.fees().doubleValue());
    }
}
