package io.pybitbot.backtest;

import java.util.List;

/**
 * Summary figures of one set of trades over one equity curve.
 *
 * <ul>
 *   <li>netPnl: sum of trade PnL after fees; grossProfit / grossLoss: sums of winning / losing net PnL;</li>
 *   <li>profitFactor: grossProfit / |grossLoss| (infinite with no loss, NaN with no trade);</li>
 *   <li>maxDrawdownPct: largest fall from a running peak of the equity curve, as a fraction of the peak;</li>
 *   <li>sharpe / sortino: mean of per-sample equity returns over their standard deviation (downside
 *       deviation for Sortino), annualised with the square root of samples per year; risk-free rate 0;</li>
 *   <li>exposurePct: share of the tested time during which a position was open.</li>
 * </ul>
 */
public record PerformanceStats(int trades, int wins, double winRate, double netPnl, double grossProfit,
                               double grossLoss, double fees, double profitFactor, double returnPct,
                               double maxDrawdownPct, double sharpe, double sortino, double exposurePct) {

    /** Net PnL and fee of one closed trade. */
    public record TradeFigures(double netPnl, double fees) {
    }

    /**
     * @param trades         closed trades to summarise
     * @param initialEquity  equity the return is measured against
     * @param equity         equity samples at a regular spacing (may be empty)
     * @param samplesPerYear how many samples of that spacing make a year, for annualising
     * @param exposurePct    share of time in the market, computed by the caller
     */
    public static PerformanceStats compute(List<TradeFigures> trades, double initialEquity, double[] equity,
                                           double samplesPerYear, double exposurePct) {
        int wins = 0;
        double net = 0;
        double profit = 0;
        double loss = 0;
        double fees = 0;
        for (TradeFigures t : trades) {
            net += t.netPnl();
            fees += t.fees();
            if (t.netPnl() > 0) {
                wins++;
                profit += t.netPnl();
            } else {
                loss += t.netPnl();
            }
        }
        int n = trades.size();
        double winRate = n == 0 ? Double.NaN : (double) wins / n;
        double pf = n == 0 ? Double.NaN : loss == 0 ? Double.POSITIVE_INFINITY : profit / -loss;
        double ret = initialEquity > 0 ? net / initialEquity : Double.NaN;
        return new PerformanceStats(n, wins, winRate, net, profit, loss, fees, pf, ret, maxDrawdown(equity),
                sharpe(equity, samplesPerYear, false), sharpe(equity, samplesPerYear, true), exposurePct);
    }

    static double maxDrawdown(double[] equity) {
        double peak = Double.NEGATIVE_INFINITY;
        double worst = 0;
        for (double e : equity) {
            peak = Math.max(peak, e);
            if (peak > 0) {
                worst = Math.max(worst, (peak - e) / peak);
            }
        }
        return worst;
    }

    static double sharpe(double[] equity, double samplesPerYear, boolean downsideOnly) {
        int n = equity.length - 1;
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += equity[i] / equity[i - 1] - 1;
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 1; i <= n; i++) {
            double r = equity[i] / equity[i - 1] - 1;
            if (downsideOnly) {
                sq += r < 0 ? r * r : 0;
            } else {
                sq += (r - mean) * (r - mean);
            }
        }
        double dev = Math.sqrt(sq / (downsideOnly ? n : n - 1));
        if (dev == 0) {
            return mean == 0 ? 0 : Double.NaN;
        }
        return mean / dev * Math.sqrt(samplesPerYear);
    }
}
