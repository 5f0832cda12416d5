package io.pybitbot.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Instruments;
import io.pybitbot.domain.Side;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.fill.TimeInForce;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Golden tests of each matching rule; BTCUSDT rules (tick 0.1, step 0.001, min notional 5). */
class MatchingEngineTest {

    private static final String BTC = "BTCUSDT";
    private static final long M = 60_000;

    private MatchingEngine engine;

    @BeforeEach
    void setUp() {
        engine = engine(0.0);
    }

    private static MatchingEngine engine(double slippageBps) {
        return new MatchingEngine(List.of(Instruments.forSymbol(BTC, 30000)),
                new FillModel(FillSettings.bybitDefaults(slippageBps)), new BigDecimal("10000"), BigDecimal.TEN, 7);
    }

    private static Candle c(long i, double o, double h, double l, double cl) {
        return Candle.closed(i * M, o, h, l, cl, 1, 1);
    }

    /** Opens and closes candle {@code k} in the engine. */
    private void run(Candle k) {
        engine.onCandleOpen(BTC, k, k.startMs());
        engine.onCandleClose(BTC, k, k.startMs() + M);
    }

    private static void assertMoney(String expected, BigDecimal actual, String why) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> why + ": expected " + expected + " got "
                + actual.toPlainString());
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " got "
                + actual.toPlainString());
    }

    private int code(Runnable r) {
        return assertThrows(SimRejection.class, r::run).retCode();
    }

    @Test
    void fundingIsChargedToTheOpenPositionAtTheLastPriceAndListedAsAFundingExecution() {
        run(c(0, 30000, 30010, 29990, 30000));
        assertMoney("0", engine.settleFunding(BTC, new BigDecimal("0.0001"), M), "no position, nothing to settle");
        engine.place(NewOrder.market(BTC, Side.BUY, "0.5"), M + 1);
        BigDecimal before = engine.wallet().walletBalance();
        // a long pays a positive rate: 0.5 * 30000 * 0.0001 = 1.5
        assertMoney("-1.5", engine.settleFunding(BTC, new BigDecimal("0.0001"), 2 * M));
        assertMoney(before.subtract(new BigDecimal("1.5")).toPlainString(), engine.wallet().walletBalance());
        SimExecution f = engine.executions(x -> x.execType().equals("Funding")).get(0);
        assertMoney("1.5", f.execFee());
        assertMoney("0", f.closedSize());
        assertEquals(Side.BUY, engine.position(BTC).side(), "the position is unchanged");
        assertMoney("0.5", engine.position(BTC).size());
        // and receives a negative one
        assertMoney("0.75", engine.settleFunding(BTC, new BigDecimal("-0.00005"), 3 * M));
    }

    @Test
    void marketOrderFillsOnArrivalAtTheLastPriceWithSlippageAndTakerFee() {
        engine = engine(2.0);
        run(c(0, 30000, 30010, 29990, 30000)); // last price: the close 30000
        SimOrder o = engine.place(NewOrder.market(BTC, Side.BUY, "0.5"), 60_001);
        assertEquals("Filled", o.status(), "filled within the create call");
        assertEquals(1, engine.executions(x -> true).size());
        assertEquals(Side.BUY, engine.position(BTC).side());
        run(c(1, 30000, 30100, 29950, 30050));
        SimOrder f = engine.order(o.orderId());
        assertEquals("Filled", f.status());
        assertMoney("30006", f.avgPrice());
        assertMoney("8.25165", f.cumExecFee());
        SimExecution e = engine.executions(x -> true).get(0);
        assertFalse(e.isMaker());
        assertMoney("0.00055", e.feeRate());
        PositionView p = engine.position(BTC);
        assertEquals(Side.BUY, p.side());
        assertMoney("0.5", p.size());
        // marked at the close 30050: (30050 - 30006) * 0.5 = 22
        assertMoney("22", p.unrealisedPnl());
        assertMoney("10013.74835", engine.wallet().equity());
        assertMoney("9991.74835", engine.wallet().walletBalance());
    }

    @Test
    void marketOrderPlacedDuringACandleFillsAtTheFormingPriceAndItsStopWalksOnlyTheRest() {
        Candle k0 = c(0, 30000, 30010, 29700, 29950); // bearish: O -> H 30010 -> L 29700 -> C
        engine.onCandleOpen(BTC, k0, 0);
        engine.onForming(BTC, new Candle(0, 30000, 30010, 29800, 29800, 1, 1, false), 30_000); // low so far 29800
        SimOrder o = engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl("30005", "29750"), 30_000);
        assertEquals("Filled", o.status());
        assertMoney("29800", o.avgPrice());
        engine.onCandleClose(BTC, k0, M);
        // after the entry price went on down to 29700 (stop 29750 hit) but never back to 30010 (a TP at 30005
        // would have been hit before the entry, which does not count)
        List<SimExecution> ex = engine.executions(x -> "StopLoss".equals(x.stopOrderType()));
        assertEquals(1, ex.size());
        assertMoney("29750", ex.get(0).execPrice());
    }

    @Test
    void aStopSetMidCandleIgnoresTheExtremeShownBeforeIt() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1"), M); // at 30000
        Candle k1 = c(1, 30000, 30100, 29900, 30050); // bullish: O -> L 29900 -> H -> C
        engine.onCandleOpen(BTC, k1, M);
        engine.onForming(BTC, new Candle(M, 30000, 30020, 29900, 30020, 1, 1, false), M + 30_000);
        engine.tradingStop(BTC, null, new BigDecimal("29950"), null, null, M + 30_000);
        engine.onCandleClose(BTC, k1, 2 * M);
        assertTrue(engine.position(BTC).isOpen(), "the low 29900 came before the stop was set");
        // a candle that goes beyond the extremes shown so far does reach it
        Candle k2 = c(2, 30050, 30060, 29800, 29850);
        engine.onCandleOpen(BTC, k2, 2 * M);
        engine.onForming(BTC, new Candle(2 * M, 30050, 30060, 30000, 30000, 1, 1, false), 2 * M + 30_000);
        engine.tradingStop(BTC, null, new BigDecimal("29900"), null, null, 2 * M + 30_000);
        engine.onCandleClose(BTC, k2, 3 * M);
        assertFalse(engine.position(BTC).isOpen());
    }

    @Test
    void restingLimitFillsAtItsPriceAsMaker() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder o = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29900", TimeInForce.GTC), 1);
        run(c(1, 30000, 30050, 29950, 30000));
        assertEquals("New", engine.order(o.orderId()).status());
        run(c(2, 29980, 29990, 29850, 29950));
        SimOrder f = engine.order(o.orderId());
        assertEquals("Filled", f.status());
        assertMoney("29900", f.avgPrice());
        assertMoney("0.598", f.cumExecFee()); // 0.1 * 29900 * 0.0002
        assertTrue(engine.executions(x -> true).get(0).isMaker());
    }

    @Test
    void marketableLimitOnArrivalTakesAtTheOpenCappedAtTheLimit() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder o = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "30100", TimeInForce.GTC), 1);
        SimOrder f = engine.order(o.orderId());
        assertEquals("Filled", f.status(), "marketable at the last price 30000: takes on arrival");
        assertMoney("30000", f.avgPrice());
        assertFalse(engine.executions(x -> true).get(0).isMaker());
        // with slippage the take is capped at the limit
        engine = engine(50.0);
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder capped = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "30100", TimeInForce.IOC), 1);
        assertMoney("30100", engine.order(capped.orderId()).avgPrice());
        SimOrder sell = engine.place(NewOrder.limit(BTC, Side.SELL, "0.1", "29950", TimeInForce.FOK), 1);
        assertMoney("29950", engine.order(sell.orderId()).avgPrice());
    }

    @Test
    void iocAndFokNotMarketableOnArrivalAreCancelled() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder ioc = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29900", TimeInForce.IOC), 1);
        SimOrder fok = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29900", TimeInForce.FOK), 1);
        assertEquals("Cancelled", engine.order(ioc.orderId()).status(), "nothing to take at 30000: cancelled now");
        assertEquals("EC_NoImmediateQtyToFill", engine.order(ioc.orderId()).rejectReason());
        run(c(1, 30000, 30000, 29800, 29900)); // touches 29900 later, too late for an IOC
        assertEquals("Cancelled", engine.order(fok.orderId()).status());
        assertFalse(engine.position(BTC).isOpen());
    }

    @Test
    void postOnlyThatWouldTakeIsCancelledAndOneThatRestsFillsAsMaker() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder taker = engine.place(NewOrder.limit(BTC, Side.SELL, "0.1", "29900", TimeInForce.POST_ONLY), 1);
        SimOrder maker = engine.place(NewOrder.limit(BTC, Side.SELL, "0.1", "30100", TimeInForce.POST_ONLY), 1);
        assertEquals("Cancelled", engine.order(taker.orderId()).status(), "would take at 30000: cancelled now");
        assertEquals("New", engine.order(maker.orderId()).status());
        run(c(1, 30000, 30150, 29990, 30100));
        SimOrder t = engine.order(taker.orderId());
        assertEquals("Cancelled", t.status());
        assertEquals("EC_PostOnlyWillTakeLiquidity", t.rejectReason());
        assertEquals("Filled", engine.order(maker.orderId()).status());
        assertEquals(Side.SELL, engine.position(BTC).side());
    }

    @Test
    void reduceOnlyNeedsAnOppositePositionAndIsClippedToIt() {
        run(c(0, 30000, 30010, 29990, 30000));
        assertEquals(SimRejection.REDUCE_ONLY,
                code(() -> engine.place(NewOrder.market(BTC, Side.SELL, "0.1").withReduceOnly(), 1)));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        assertEquals(SimRejection.REDUCE_ONLY,
                code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withReduceOnly(), 2)));
        engine.onCandleOpen(BTC, c(2, 30100, 30110, 30090, 30100), 2 * M);
        SimOrder ro = engine.place(NewOrder.market(BTC, Side.SELL, "0.3").withReduceOnly(), 2 * M);
        assertMoney("0.1", engine.order(ro.orderId()).cumExecQty());
        assertFalse(engine.position(BTC).isOpen());
        // gross 0.1 * 100 = 10, fees 0.1*30000*0.00055 + 0.1*30100*0.00055
        assertMoney("10000", engine.wallet().walletBalance().subtract(new BigDecimal("10"))
                .add(new BigDecimal("1.65")).add(new BigDecimal("1.6555")));
        assertEquals(SimRejection.PARAMS, code(() -> engine.place(
                NewOrder.market(BTC, Side.SELL, "0.1").withReduceOnly().withTpSl("29000", null), 3)));
    }

    @Test
    void oppositeOrderLargerThanThePositionReversesIt() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        engine.onCandleOpen(BTC, c(2, 30200, 30210, 30190, 30200), 2 * M);
        engine.place(NewOrder.market(BTC, Side.SELL, "0.3"), 2 * M);
        PositionView p = engine.position(BTC);
        assertEquals(Side.SELL, p.side());
        assertMoney("0.2", p.size());
        assertMoney("30200", p.avgPrice());
        SimExecution e = engine.executions(x -> true).get(0);
        assertMoney("0.1", e.closedSize());
        assertMoney("20", e.execPnl());
    }

    @Test
    void takeProfitAttachedAtCreateTriggersAtTheLevel() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl("30500", "29500"), 1);
        run(c(1, 30000, 30100, 29900, 30050));
        assertMoney("30500", engine.position(BTC).takeProfit());
        run(c(2, 30050, 30600, 30000, 30550));
        assertFalse(engine.position(BTC).isOpen());
        SimExecution e = engine.executions(x -> true).get(0);
        assertEquals("TakeProfit", e.stopOrderType());
        assertMoney("30500", e.execPrice());
        assertEquals(Side.SELL, e.side());
        SimOrder exit = engine.order(e.orderId());
        assertEquals("CreateByTakeProfit", exit.createType());
        assertTrue(exit.reduceOnly());
    }

    @Test
    void stopWinsWhenStopAndTargetAreBothInsideOneCandle() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl("30300", "29700"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        run(c(2, 30000, 30400, 29600, 30350));
        SimExecution e = engine.executions(x -> true).get(0);
        assertEquals("StopLoss", e.stopOrderType());
        assertMoney("29700", e.execPrice());
    }

    @Test
    void stopGappedThroughFillsAtTheOpen() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.SELL, "0.1").withTpSl(null, "30300"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        run(c(2, 30500, 30600, 30400, 30450));
        assertMoney("30500", engine.executions(x -> true).get(0).execPrice());
    }

    @Test
    void trailingStopArmsAtTheActivationPriceAndTrailsTheBestPrice() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        engine.tradingStop(BTC, null, null, new BigDecimal("200"), new BigDecimal("30300"), 2 * M);
        // goes to 30250: not armed, a fall to 30000 triggers nothing
        run(c(2, 30000, 30250, 30000, 30100));
        assertTrue(engine.position(BTC).isOpen());
        // bullish: O->L (29950) -> H (30600: arms, trail 30400) -> C 30450: above the trail
        run(c(3, 30100, 30600, 29950, 30450));
        assertTrue(engine.position(BTC).isOpen());
        // bearish: O->H 30700 raises trail to 30500 -> L 30300 crosses it
        run(c(4, 30450, 30700, 30300, 30350));
        assertFalse(engine.position(BTC).isOpen());
        SimExecution e = engine.executions(x -> true).get(0);
        assertEquals("TrailingStop", e.stopOrderType());
        assertMoney("30500", e.execPrice());
    }

    @Test
    void tradingStopValidatesAndReportsNotModified() {
        run(c(0, 30000, 30010, 29990, 30000));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.tradingStop(BTC, new BigDecimal("31000"), null, null, null, 1)));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        engine.tradingStop(BTC, new BigDecimal("31000"), new BigDecimal("29000"), null, null, 2);
        assertEquals(SimRejection.NOT_MODIFIED,
                code(() -> engine.tradingStop(BTC, new BigDecimal("31000"), null, null, null, 3)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.tradingStop(BTC, null, new BigDecimal("30500"), null, null, 3)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.tradingStop(BTC, new BigDecimal("31000.05"), null, null, null, 3)));
        engine.tradingStop(BTC, BigDecimal.ZERO, null, null, null, 4);
        assertNull(engine.position(BTC).takeProfit());
        assertMoney("29000", engine.position(BTC).stopLoss());
    }

    @Test
    void gridAndMinimumRulesRejectWithBybitCodes() {
        run(c(0, 30000, 30010, 29990, 30000));
        assertEquals(SimRejection.PARAMS, code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "0.0015"), 1)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.place(NewOrder.limit(BTC, Side.BUY, "0.01", "29999.95", TimeInForce.GTC), 1)));
        assertEquals(SimRejection.PARAMS, code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "0"), 1)));
        assertEquals(SimRejection.PARAMS, code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "5000"), 1)));
        // 0.001 * 3000 = 3 USDT < 5
        assertEquals(SimRejection.MIN_NOTIONAL,
                code(() -> engine.place(NewOrder.limit(BTC, Side.BUY, "0.001", "3000", TimeInForce.GTC), 1)));
        assertEquals(SimRejection.PARAMS, code(() -> engine.place(NewOrder.market("DOGEUSDT", Side.BUY, "1"), 1)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl("29000", null), 1)));
    }

    @Test
    void orderBeyondAvailableBalanceIsRejected() {
        run(c(0, 30000, 30010, 29990, 30000));
        // 10000 USDT at 10x buys 100000 USDT of notional: 3.4 BTC is 102000
        assertEquals(SimRejection.AVAILABLE_BALANCE,
                code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "3.4"), 1)));
        engine.place(NewOrder.limit(BTC, Side.BUY, "3", "29000", TimeInForce.GTC), 1); // IM 8700
        assertMoney("1300", engine.wallet().availableBalance());
        assertEquals(SimRejection.AVAILABLE_BALANCE,
                code(() -> engine.place(NewOrder.market(BTC, Side.BUY, "0.5"), 1)));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.4"), 1); // IM 1200 fits
    }

    @Test
    void duplicateOrderLinkIdIsRejectedEvenAfterTheFirstOrderEnded() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder first = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29000", TimeInForce.GTC)
                .withLinkId("bot-1"), 1);
        engine.cancel(BTC, null, "bot-1", 2);
        assertEquals("Cancelled", engine.order(first.orderId()).status());
        assertEquals(SimRejection.DUPLICATE_LINK_ID, code(() -> engine.place(
                NewOrder.market(BTC, Side.BUY, "0.1").withLinkId("bot-1"), 3)));
        assertEquals(SimRejection.PARAMS, code(() -> engine.place(
                NewOrder.market(BTC, Side.BUY, "0.1").withLinkId("x".repeat(37)), 3)));
        assertEquals(SimRejection.ORDER_NOT_FOUND, code(() -> engine.cancel(BTC, null, "bot-1", 4)));
        assertEquals(SimRejection.ORDER_NOT_FOUND, code(() -> engine.cancel(BTC, "nope", null, 4)));
    }

    @Test
    void cancelAllCancelsOpenOrdersAndPositionStops() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl("31000", "29000"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29000", TimeInForce.GTC), 2);
        engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "28000", TimeInForce.GTC), 2);
        List<SimOrder> done = engine.cancelAll(BTC, true, 3);
        assertEquals(2, done.size());
        assertTrue(engine.orders(SimOrder::isOpen).isEmpty());
        assertNull(engine.position(BTC).stopLoss());
    }

    @Test
    void leverageChangesMarginAndUnchangedLeverageIs110043() {
        run(c(0, 30000, 30010, 29990, 30000));
        assertEquals(SimRejection.LEVERAGE_NOT_MODIFIED,
                code(() -> engine.setLeverage(BTC, BigDecimal.TEN, BigDecimal.TEN, 1)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.setLeverage(BTC, new BigDecimal("101"), new BigDecimal("101"), 1)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.setLeverage(BTC, new BigDecimal("5"), new BigDecimal("6"), 1)));
        engine.setLeverage(BTC, new BigDecimal("2"), new BigDecimal("2"), 1);
        engine.place(NewOrder.market(BTC, Side.BUY, "0.5"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        assertMoney("7500", engine.position(BTC).positionIM());
        assertEquals(SimRejection.AVAILABLE_BALANCE,
                code(() -> engine.setLeverage(BTC, BigDecimal.ONE, BigDecimal.ONE, 2)));
    }

    @Test
    void eventsReportOrderExecutionPositionAndWallet() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.drainEvents();
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1"), 1);
        List<EngineEvent> ev = engine.drainEvents();
        // Bybit's order for a market fill: the order (Filled), its execution, the position, the wallet
        assertEquals(4, ev.size(), ev::toString);
        assertTrue(ev.get(0) instanceof EngineEvent.OrderChanged oc && oc.order().status().equals("Filled"));
        assertTrue(ev.get(1) instanceof EngineEvent.Executed);
        assertTrue(ev.get(2) instanceof EngineEvent.PositionChanged pc && pc.position().isOpen());
        assertTrue(ev.get(3) instanceof EngineEvent.WalletChanged);
        assertTrue(engine.drainEvents().isEmpty());
        engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29000", TimeInForce.GTC), 2);
        ev = engine.drainEvents();
        assertTrue(ev.get(0) instanceof EngineEvent.OrderChanged oc && oc.order().status().equals("New"));
    }

    @Test
    void tpSlOnALimitOrderApplyWhenItFillsAndProtectFromTheNextCandle() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29800", TimeInForce.GTC).withTpSl("30400", "29500"), 1);
        // fills at 29800 at this candle's close; its own low 29400 is below the SL but happened before the fill
        run(c(1, 30000, 30000, 29400, 29900));
        PositionView p = engine.position(BTC);
        assertTrue(p.isOpen());
        assertMoney("29800", p.avgPrice());
        assertMoney("29500", p.stopLoss());
        run(c(2, 29900, 30450, 29850, 30420));
        assertFalse(engine.position(BTC).isOpen());
        assertEquals("TakeProfit", engine.executions(x -> true).get(0).stopOrderType());
    }

    @Test
    void closingThePositionDeactivatesRestingReduceOnlyOrders() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl(null, "29500"), 1);
        run(c(1, 30000, 30010, 29990, 30000));
        SimOrder exit = engine.place(NewOrder.limit(BTC, Side.SELL, "0.1", "31000", TimeInForce.GTC)
                .withReduceOnly(), 2);
        run(c(2, 30000, 30000, 29000, 29100)); // the stop closes the position first
        assertFalse(engine.position(BTC).isOpen());
        SimOrder after = engine.order(exit.orderId());
        assertEquals("Deactivated", after.status());
        assertFalse(after.isOpen());
    }

    @Test
    void lossesLowerEquityAndAvailableBalance() {
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.SELL, "1"), 1);
        run(c(1, 30000, 30000, 30000, 30000));
        run(c(2, 30000, 31000, 30000, 31000));
        WalletView w = engine.wallet();
        // short 1 BTC from 30000, marked at 31000: -1000; fee 16.5 paid at entry
        assertMoney("-1000", w.unrealisedPnl());
        assertMoney("9983.5", w.walletBalance());
        assertMoney("8983.5", w.equity());
        assertMoney("3000", w.positionIM());
        assertMoney("5983.5", w.availableBalance());
        assertMoney("-1000", engine.position(BTC).unrealisedPnl());
    }

    @Test
    void amendMovesARestingLimitWhichThenArrivesAgain() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder o = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29000", TimeInForce.GTC), 1);
        run(c(1, 30000, 30050, 29950, 30000));
        assertTrue(engine.order(o.orderId()).evaluated());
        SimOrder a = engine.amend(BTC, o.orderId(), null, null, new BigDecimal("29500"), null, null, 2);
        assertEquals("New", a.status(), "still below the last price 30000: rests");
        run(c(2, 30020, 30060, 29980, 30040));
        assertEquals("New", engine.order(o.orderId()).status());
        a = engine.amend(BTC, o.orderId(), null, new BigDecimal("0.2"), new BigDecimal("30100"), null, null, 3);
        // above the last price 30040: a new arrival that is marketable takes at once
        SimOrder f = engine.order(o.orderId());
        assertEquals("Filled", f.status());
        assertMoney("0.2", f.cumExecQty());
        assertMoney("30040", f.avgPrice());
        assertFalse(engine.executions(x -> true).get(0).isMaker());
        assertEquals(SimRejection.ORDER_NOT_FOUND,
                code(() -> engine.amend(BTC, o.orderId(), null, null, new BigDecimal("30000"), null, null, 3)));
    }

    @Test
    void amendValidatesLikeCreate() {
        run(c(0, 30000, 30010, 29990, 30000));
        SimOrder o = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "29000", TimeInForce.GTC).withLinkId("am"), 1);
        assertEquals(SimRejection.NOT_MODIFIED,
                code(() -> engine.amend(BTC, null, "am", new BigDecimal("0.1"), new BigDecimal("29000"), null, null, 2)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.amend(BTC, null, "am", new BigDecimal("0.1005"), null, null, null, 2)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.amend(BTC, null, "am", null, new BigDecimal("29000.05"), null, null, 2)));
        assertEquals(SimRejection.AVAILABLE_BALANCE,
                code(() -> engine.amend(BTC, null, "am", new BigDecimal("4"), null, null, null, 2)));
        assertEquals(SimRejection.PARAMS,
                code(() -> engine.amend(BTC, null, "am", null, null, new BigDecimal("28000"), null, 2)));
        SimOrder withTp = engine.amend(BTC, null, "am", null, null, new BigDecimal("31000"), null, 2);
        assertMoney("31000", withTp.takeProfit());
        assertTrue(withTp.evaluated() == o.evaluated(), "a TP/SL change keeps the order's place in the book");
    }

    @Test
    void equityAtMaintenanceMarginLiquidatesEverything() {
        engine = new MatchingEngine(List.of(Instruments.forSymbol(BTC, 30000)),
                new FillModel(FillSettings.bybitDefaults(0)), new BigDecimal("1000"), new BigDecimal("50"), 7);
        run(c(0, 30000, 30010, 29990, 30000));
        engine.place(NewOrder.market(BTC, Side.BUY, "1.5"), 1); // 45000 notional, IM 900
        SimOrder resting = engine.place(NewOrder.limit(BTC, Side.BUY, "0.001", "20000", TimeInForce.GTC), 1);
        run(c(1, 30000, 30000, 30000, 30000));
        run(c(2, 30000, 30000, 29500, 29500)); // -750: equity 225.25 > MM 225
        assertTrue(engine.position(BTC).isOpen());
        run(c(3, 29500, 29500, 29350, 29350)); // -975: equity ~0 < MM
        assertFalse(engine.position(BTC).isOpen());
        SimExecution bust = engine.executions(x -> true).get(0);
        assertEquals("BustTrade", bust.execType());
        assertMoney("29350", bust.execPrice());
        assertEquals("CreateByLiq", engine.order(bust.orderId()).createType());
        assertEquals("CancelByLiq", engine.order(resting.orderId()).cancelType());
    }

    @Test
    void ordersArrivingRightAfterACloseTradeAtTheNextOpenLikeTheBacktester() {
        Candle k0 = c(0, 30000, 30010, 29990, 30000);
        Candle k1 = c(1, 30100, 30300, 30050, 30250);
        run(k0);
        engine.onCandleOpen(BTC, k1, M);
        engine.onPrice(BTC, k1.open(), M); // the open's own interim update: price has not moved yet
        SimOrder market = engine.place(NewOrder.market(BTC, Side.BUY, "0.1").withTpSl("30200", null), M);
        SimOrder f = engine.order(market.orderId());
        assertEquals("Filled", f.status());
        assertMoney("30100", f.avgPrice());
        // a limit sent in the same window arrives on this candle: marketable at its open, so it takes
        SimOrder limit = engine.place(NewOrder.limit(BTC, Side.BUY, "0.1", "30150", TimeInForce.GTC), M);
        engine.onCandleClose(BTC, k1, 2 * M);
        SimOrder lf = engine.order(limit.orderId());
        assertEquals("Filled", lf.status());
        assertMoney("30100", lf.avgPrice());
        // the market entry's TP was walked on the same candle, as the backtester protects from the entry candle
        assertTrue(engine.executions(e -> "TakeProfit".equals(e.stopOrderType())).size() == 1);
    }
}
