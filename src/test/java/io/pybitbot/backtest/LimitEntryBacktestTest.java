package io.pybitbot.backtest;

import static io.pybitbot.backtest.BacktestEngineTest.SPEC;
import static io.pybitbot.backtest.BacktestEngineTest.input;
import static io.pybitbot.backtest.BacktestEngineTest.scripted;
import static io.pybitbot.backtest.BacktestEngineTest.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.ledger.LedgerSettings;
import io.pybitbot.portfolio.ClosedTrade;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.strategy.Strategy;
import io.pybitbot.tpsl.TpSlRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** order_type Limit in the backtester: post-only at the signal's price, a time in force in candles, then cancel or market. */
class LimitEntryBacktestTest {

    private static Strategy buyOn2() {
        return scripted(i -> i == 2 ? Signal.entry("scripted", "TESTUSDT", Side.BUY, 100, 90, 120, 120_000, "t") : null);
    }

    private static BacktestResult run(double[][] ohlc, Strategy strategy, LedgerSettings.LimitEntries limit) {
        BacktestEngine.Settings st = new BacktestEngine.Settings(new BigDecimal("10000"),
                new RiskRules(RiskLimits.unlimited(), SizingRule.fixedNotional(new BigDecimal("1000"), BigDecimal.ONE)),
                TpSlRules.signalOnly(), new FillModel(new FillSettings(5, FeeSchedule.BYBIT_DEFAULT)), Long.MIN_VALUE,
                limit);
        return new BacktestEngine(st).run(List.of(input(series("TESTUSDT", ohlc), SPEC, strategy)), "limit", null);
    }

    @Test
    void aLimitFillsAtItsPriceAsMakerWhenTheMarketComesBack() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 101, 99, 100},
                {101, 102, 100.5, 101.5},  // 3: rests (low 100.5 above the limit 100)
                {101, 101.5, 99.8, 100.2}, // 4: touched: fills at exactly 100
                {100.2, 101, 100, 100.5}};
        BacktestResult r = run(ohlc, buyOn2(), new LedgerSettings.LimitEntries(0, 3, false));
        assertEquals(1, r.trades().size());
        ClosedTrade t = r.trades().get(0);
        assertEquals(4 * 60_000L, t.entryTimeMs());
        assertEquals(0, new BigDecimal("100").compareTo(t.entryPrice()), "no slippage on a resting limit");
        // maker 0.02 % of 10 * 100 on the way in, taker on the way out at the end of the data
        BigDecimal makerIn = new BigDecimal("0.2");
        assertTrue(t.fees().compareTo(makerIn) > 0 && t.fees().compareTo(new BigDecimal("0.8")) < 0, t.fees().toPlainString());
        // the market entry of the same signal pays the slipped open of candle 3
        BacktestResult market = run(ohlc, buyOn2(), null);
        assertTrue(market.trades().get(0).entryPrice().compareTo(new BigDecimal("101")) > 0);
    }

    @Test
    void anUnfilledLimitExpiresAfterItsCandles() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 101, 99, 100},
                {101, 102, 100.5, 101.5}, {101.5, 103, 101, 102.5}, // 3, 4: rest
                {102.5, 103, 99, 100},                              // 5: would fill, but the 2 candles are over
                {100, 101, 99, 100}};
        BacktestResult r = run(ohlc, buyOn2(), new LedgerSettings.LimitEntries(0, 2, false));
        assertEquals(0, r.trades().size());
        assertEquals(Map.of("LIMIT_NOT_FILLED", 1), r.denials());
    }

    @Test
    void onExpiryMarketTakesTheNextOpen() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 101, 99, 100},
                {101, 102, 100.5, 101.5}, {101.5, 103, 101, 102.5}, // 3, 4: rest
                {103, 104, 102, 103.5}, {103.5, 104, 103, 103.5}};  // 5: market at its open
        BacktestResult r = run(ohlc, buyOn2(), new LedgerSettings.LimitEntries(0, 2, true));
        assertEquals(1, r.trades().size());
        assertEquals(5 * 60_000L, r.trades().get(0).entryTimeMs());
        assertTrue(r.trades().get(0).entryPrice().compareTo(new BigDecimal("103")) > 0, "slipped above the open");
    }

    @Test
    void aPostOnlyTheOpenHasCrossedIsRefusedOrTakenAtMarket() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 101, 99, 100},
                {99, 100, 98, 99.5}, {99.5, 100, 99, 99.5}}; // 3 opens below the buy limit 100
        BacktestResult refused = run(ohlc, buyOn2(), new LedgerSettings.LimitEntries(0, 3, false));
        assertEquals(0, refused.trades().size());
        assertEquals(Map.of("LIMIT_NOT_FILLED", 1), refused.denials());
        BacktestResult taken = run(ohlc, buyOn2(), new LedgerSettings.LimitEntries(0, 3, true));
        assertEquals(3 * 60_000L, taken.trades().get(0).entryTimeMs());
    }

    @Test
    void anOffsetRestsFurtherFromTheMarketAndAnExitWithdrawsIt() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 101, 99, 100},
                {100.5, 101, 99.95, 100.5}, // 3: the limit 100 - 10 ticks of 0.1 = 99 is not touched
                {100.5, 101, 98.5, 99},     // 4: the exit below was decided on 3, so it is withdrawn at this open
                {99, 100, 98, 99}};
        Strategy buyThenExit = scripted(i -> switch (i) {
            case 2 -> Signal.entry("scripted", "TESTUSDT", Side.BUY, 100, 90, 120, 120_000, "t");
            case 3 -> Signal.exit("scripted", "TESTUSDT", Side.BUY, 100.5, 180_000, "changed its mind");
            default -> null;
        });
        assertEquals(0, run(ohlc, buyThenExit, new LedgerSettings.LimitEntries(10, 5, true)).trades().size());
        BacktestResult kept = run(ohlc, buyOn2(), new LedgerSettings.LimitEntries(10, 5, true));
        assertEquals(0, new BigDecimal("99").compareTo(kept.trades().get(0).entryPrice()));
    }

    @Test
    void aRestingLimitHoldsItsPositionSlotAsTheLiveRiskDoes() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 101, 99, 100},
                {101, 102, 100.5, 101.5}, {101.5, 102, 101, 101.5}, {101.5, 102, 101, 101.5}};
        io.pybitbot.domain.InstrumentSpec other = new io.pybitbot.domain.InstrumentSpec("OTHERUSDT", SPEC.tickSize(),
                SPEC.qtyStep(), SPEC.minOrderQty(), SPEC.maxOrderQty(), SPEC.minNotional(), SPEC.maxLeverage());
        RiskLimits onePosition = new RiskLimits(1, 10, 10, 0.5, 0.5, java.time.Duration.ZERO, false);
        BacktestEngine.Settings st = new BacktestEngine.Settings(new BigDecimal("10000"),
                new RiskRules(onePosition, SizingRule.fixedNotional(new BigDecimal("1000"), BigDecimal.ONE)),
                TpSlRules.signalOnly(), new FillModel(new FillSettings(5, FeeSchedule.BYBIT_DEFAULT)), Long.MIN_VALUE,
                new LedgerSettings.LimitEntries(0, 5, false));
        BacktestResult r = new BacktestEngine(st).run(List.of(input(series("TESTUSDT", ohlc), SPEC, buyOn2()),
                input(series("OTHERUSDT", ohlc), other, scripted(i -> i == 3
                        ? Signal.entry("scripted", "OTHERUSDT", Side.BUY, 101.5, 95, 110, 180_000, "b") : null))),
                "slots", null);
        assertEquals(Map.of("MAX_OPEN_POSITIONS", 1), r.denials(),
                "the second symbol's entry meets the first one's resting limit");
    }
}
