package io.pybitbot.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceStatsTest {

    @Test
    void tradeFigures() {
        var s = PerformanceStats.compute(List.of(new PerformanceStats.TradeFigures(30, 1),
                new PerformanceStats.TradeFigures(-10, 1), new PerformanceStats.TradeFigures(20, 1)), 1000,
                new double[] {1000, 1030, 1020, 1040}, 252, 0.5);
        assertEquals(3, s.trades());
        assertEquals(2, s.wins());
        assertEquals(2.0 / 3, s.winRate(), 1e-12);
        assertEquals(40, s.netPnl(), 1e-12);
        assertEquals(5.0, s.profitFactor(), 1e-12);   // 50 / 10
        assertEquals(0.04, s.returnPct(), 1e-12);
        assertEquals(3, s.fees(), 1e-12);
        assertEquals(10.0 / 1030, s.maxDrawdownPct(), 1e-12);
        assertEquals(0.5, s.exposurePct());
    }

    @Test
    void sharpeAndSortinoFromReturns() {
        // returns: +10%, -10%, +10% → mean 0.0333.., sample std 0.11547, downside dev sqrt(0.01/3)
        double[] eq = {100, 110, 99, 108.9};
        double mean = (0.1 - 0.1 + 0.1) / 3;
        double std = Math.sqrt((2 * Math.pow(0.1 - mean, 2) + Math.pow(-0.1 - mean, 2)) / 2);
        assertEquals(mean / std, PerformanceStats.sharpe(eq, 1, false), 1e-9);
        assertEquals(mean / Math.sqrt(0.01 / 3), PerformanceStats.sharpe(eq, 1, true), 1e-9);
        assertEquals(mean / std * 2, PerformanceStats.sharpe(eq, 4, false), 1e-9);
    }

    @Test
    void degenerateCases() {
        var none = PerformanceStats.compute(List.of(), 1000, new double[0], 1, 0);
        assertTrue(Double.isNaN(none.winRate()) && Double.isNaN(none.profitFactor()) && Double.isNaN(none.sharpe()));
        var allWins = PerformanceStats.compute(List.of(new PerformanceStats.TradeFigures(5, 0)), 1000,
                new double[] {1000, 1005}, 1, 1);
        assertEquals(Double.POSITIVE_INFINITY, allWins.profitFactor());
    }
}
