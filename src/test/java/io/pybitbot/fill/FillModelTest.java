package io.pybitbot.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Golden tests: every expected number is worked out by hand in the comment above it. */
class FillModelTest {

    static final InstrumentSpec BTC = new InstrumentSpec("BTCUSDT", new BigDecimal("0.1"), new BigDecimal("0.001"),
            new BigDecimal("0.001"), new BigDecimal("100"), new BigDecimal("5"), new BigDecimal("100"));
    static final long T = 1_678_665_600_000L; // 2023-03-13T00:00Z

    private final FillModel model = new FillModel(FillSettings.bybitDefaults(2.0));

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, bd(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    private static Candle candle(double o, double h, double l, double c) {
        return Candle.closed(T, o, h, l, c, 1, 1);
    }

    @Test
    void marketBuyFillsAtNextOpenPlusSlippageWithTakerFee() {
        Fill f = model.marketAtOpen(Side.BUY, bd("0.5"), candle(30000.0, 30100, 29900, 30050), BTC);
        // 30000.0 * (1 + 2/10000) = 30006.0 (already on the 0.1 tick)
        assertMoney("30006.0", f.price());
        // fee = 0.5 * 30006.0 * 0.00055 = 15003 * 0.00055 = 8.25165
        assertMoney("8.25165", f.fee());
        assertEquals(Liquidity.TAKER, f.liquidity());
        assertEquals(T, f.timeMs());
    }

    @Test
    void marketSellSlipsDown() {
        Fill f = model.marketAtOpen(Side.SELL, bd("0.5"), candle(30000.0, 30100, 29900, 30050), BTC);
        // 30000.0 * (1 - 0.0002) = 29994.0; fee = 0.5 * 29994 * 0.00055 = 14997 * 0.00055 = 8.24835
        assertMoney("29994.0", f.price());
        assertMoney("8.24835", f.fee());
    }

    @Test
    void slippedPricesRoundToTheTickAgainstTheTaker() {
        // 100.0 * 1.0002 = 100.02 -> buy pays the next tick up: 100.1
        assertMoney("100.1", model.slipped(Side.BUY, 100.0, BTC));
        // 100.0 * 0.9998 = 99.98 -> sell gets the tick below: 99.9
        assertMoney("99.9", model.slipped(Side.SELL, 100.0, BTC));
        // without slippage an off-grid reference snaps to the nearest tick: 100.04 -> 100.0
        FillModel noSlip = new FillModel(FillSettings.bybitDefaults(0));
        assertMoney("100.0", noSlip.slipped(Side.BUY, 100.04, BTC));
    }

    @Test
    void linearPnlIsQtyTimesMoveTimesSign() {
        // long 0.5 from 30006.0 to 30600.0: 0.5 * 594.0 = 297.0
        assertMoney("297.0", FillModel.pnl(Side.BUY, bd("0.5"), bd("30006.0"), bd("30600.0")));
        // short 0.5 from 29994.0 to 29000.0: -(0.5 * (29000 - 29994)) = 497.0
        assertMoney("497.0", FillModel.pnl(Side.SELL, bd("0.5"), bd("29994.0"), bd("29000.0")));
        // short loses when price rises: -(2 * (101 - 100)) = -2
        assertMoney("-2", FillModel.pnl(Side.SELL, bd("2"), bd("100"), bd("101")));
    }

    @Test
    void restingLimitBuyFillsAtTheLimitWhenTouchedAsMaker() {
        LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29900.0"), TimeInForce.GTC);
        LimitOutcome r = model.limit(o, candle(30000, 30100, 29850, 30050), true, BTC);
        assertEquals(LimitOutcome.Status.FILLED, r.status());
        assertMoney("29900.0", r.fill().price());
        // maker fee = 1.0 * 29900 * 0.0002 = 5.98
        assertMoney("5.98", r.fill().fee());
        assertEquals(Liquidity.MAKER, r.fill().liquidity());
    }

    @Test
    void limitTouchedExactlyAtTheLowFills() {
        LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29900.0"), TimeInForce.GTC);
        assertEquals(LimitOutcome.Status.FILLED, model.limit(o, candle(30000, 30100, 29900, 30050), false, BTC).status());
        assertSame(LimitOutcome.RESTING, model.limit(o, candle(30000, 30100, 29900.1, 30050), false, BTC));
    }

    @Test
    void limitMarketableOnArrivalFillsAtTheBetterOpenAsTaker() {
        LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29900.0"), TimeInForce.GTC);
        LimitOutcome r = model.limit(o, candle(29800, 29950, 29700, 29900), true, BTC);
        // open 29800 * 1.0002 = 29805.96 -> up to 29806.0, better than the 29900 limit
        assertMoney("29806.0", r.fill().price());
        // taker fee = 29806 * 0.00055 = 16.3933
        assertMoney("16.3933", r.fill().fee());
        assertEquals(Liquidity.TAKER, r.fill().liquidity());
    }

    @Test
    void marketableLimitNeverFillsBeyondItsLimit() {
        LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29801.0"), TimeInForce.IOC);
        // slipped open 29806.0 is above the limit: capped at 29801.0
        LimitOutcome r = model.limit(o, candle(29800, 29950, 29700, 29900), true, BTC);
        assertMoney("29801.0", r.fill().price());
    }

    @Test
    void restingLimitGappedThroughFillsAtItsOwnPrice() {
        LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29900.0"), TimeInForce.GTC);
        LimitOutcome r = model.limit(o, candle(29800, 29950, 29700, 29900), false, BTC);
        assertMoney("29900.0", r.fill().price());
        assertEquals(Liquidity.MAKER, r.fill().liquidity());
    }

    @Test
    void sellLimitFillsWhenHighReachesIt() {
        LimitOrder o = new LimitOrder(Side.SELL, bd("0.2"), bd("30200.0"), TimeInForce.GTC);
        assertSame(LimitOutcome.RESTING, model.limit(o, candle(30000, 30199.9, 29900, 30100), true, BTC));
        LimitOutcome r = model.limit(o, candle(30100, 30250, 30000, 30150), false, BTC);
        assertMoney("30200.0", r.fill().price());
        // 0.2 * 30200 * 0.0002 = 1.208
        assertMoney("1.208", r.fill().fee());
    }

    @Test
    void postOnlyIsRejectedWhenItWouldTakeButRestsOtherwise() {
        LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29900.0"), TimeInForce.POST_ONLY);
        assertSame(LimitOutcome.REJECTED, model.limit(o, candle(29800, 29950, 29700, 29900), true, BTC));
        LimitOutcome r = model.limit(o, candle(30000, 30100, 29850, 30050), true, BTC);
        assertEquals(Liquidity.MAKER, r.fill().liquidity());
    }

    @Test
    void iocAndFokThatCannotTakeOnArrivalAreCancelled() {
        for (TimeInForce tif : new TimeInForce[] {TimeInForce.IOC, TimeInForce.FOK}) {
            LimitOrder o = new LimitOrder(Side.BUY, bd("1.0"), bd("29900.0"), tif);
            // would be touched later in the candle, but IOC/FOK live only at arrival
            assertSame(LimitOutcome.CANCELLED, model.limit(o, candle(30000, 30100, 29850, 30050), true, BTC));
        }
    }

    @Test
    void protectiveExitIsAMarketOrderAtTheTriggerPlusSlippage() {
        PositionProtection p = PositionProtection.of(
                io.pybitbot.tpsl.ProtectionPlan.fixed(Side.BUY, 100.0, 98.0, Double.NaN), new io.pybitbot.tpsl.TickGrid(0.1));
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(100.5, 101, 97.5, 99)));
        Fill f = model.protectiveExit(p, bd("2"), T, BTC);
        assertEquals(Side.SELL, f.side());
        // 98.0 * 0.9998 = 97.9804 -> down to 97.9; fee = 2 * 97.9 * 0.00055 = 0.10769
        assertMoney("97.9", f.price());
        assertMoney("0.10769", f.fee());
    }

    @Test
    void protectiveExitNeedsATrigger() {
        PositionProtection p = PositionProtection.of(
                io.pybitbot.tpsl.ProtectionPlan.fixed(Side.BUY, 100.0, 98.0, Double.NaN), new io.pybitbot.tpsl.TickGrid(0.1));
        assertThrows(IllegalStateException.class, () -> model.protectiveExit(p, bd("1"), T, BTC));
    }

    @Test
    void customFeeScheduleIsUsed() {
        FillModel m = new FillModel(new FillSettings(0, new FeeSchedule(bd("0.001"), bd("-0.0001"))));
        Fill taker = m.market(Side.BUY, bd("2"), 50.0, T, BTC);
        // 2 * 50 * 0.001 = 0.1
        assertMoney("0.1", taker.fee());
        LimitOutcome maker = m.limit(new LimitOrder(Side.BUY, bd("2"), bd("49.0"), TimeInForce.GTC),
                candle(50, 51, 48, 50), true, BTC);
        // rebate: 2 * 49 * -0.0001 = -0.0098
        assertMoney("-0.0098", maker.fill().fee());
    }

    @Test
    void badSettingsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeeSchedule(bd("0.055"), bd("0.0002")));
        assertEquals(true, e.getMessage().contains("fees.taker"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FillSettings.bybitDefaults(-1));
        assertEquals(true, e.getMessage().contains("slippage_bps"), e.getMessage());
    }
}
