package io.pybitbot.tpsl;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.inject;
import static io.pybitbot.execution.ActorTestSupport.open;
import static io.pybitbot.execution.ActorTestSupport.position;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.TradingStopRequest;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.execution.ActorTestSupport;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import io.pybitbot.risk.actor.RiskActor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TpSlActorTest {

    private static final ActorTestKit kit = ActorTestKit.create("TpSlActorTest",
            ManualTime.config().withFallback(ActorTestSupport.config()));
    private static final ManualTime time = ManualTime.get(kit.system());
    private static final long T0 = 1_700_000_000_000L;
    private static final Duration PROTECT = Duration.ofSeconds(30);
    private static final Duration VERIFY = Duration.ofMinutes(10);
    private static final TpSlActor.Settings SETTINGS = new TpSlActor.Settings(0.01, VERIFY, PROTECT, Duration.ofHours(1));

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private final class Fixture {
        final TestProbe<RestClient.Command> rest = kit.createTestProbe();
        /** The account feed's REST: TpSl reads no positions itself, the feed does. */
        final TestProbe<RestClient.Command> feedRest = kit.createTestProbe();
        final ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(feedRest.getRef(),
                InstantSource.fixed(Instant.ofEpochMilli(T0))));
        final TestProbe<RiskActor.Command> risk = kit.createTestProbe();
        final ActorRef<TpSlActor.Command> tpsl;

        /** Starts the actor; the feed's first position read is answered with {@code rows}. */
        Fixture(TpSlRules rules, PositionInfo... rows) {
            this(rules, InstantSource.fixed(Instant.ofEpochMilli(T0)), rows);
        }

        Fixture(TpSlRules rules, InstantSource clock, PositionInfo... rows) {
            tpsl = kit.spawn(TpSlActor.create(rules, SETTINGS, rest.getRef(), feed, risk.getRef(),
                    Map.of("BTCUSDT", BTC, "ETHUSDT", ETH), clock));
            ActorTestSupport.expectPositionsRead(feedRest).ok(positions(rows));
            // the answer reaches the actor through a temporary actor: wait until it is in
            stateWhen(st -> st.positions().size() == rows.length);
        }

        TradingStopRequest expectTradingStop() {
            var req = expectRest(rest, RestOp.SetTradingStop.class);
            req.ok(null);
            return req.op().request();
        }

        TpSlActor.State stateWhen(Predicate<TpSlActor.State> ok) {
            TestProbe<TpSlActor.State> p = kit.createTestProbe();
            return p.awaitAssert(WAIT, () -> {
                tpsl.tell(new TpSlActor.GetState(p.getRef()));
                TpSlActor.State s = p.receiveMessage(WAIT);
                assertTrue(ok.test(s), s.toString());
                return s;
            });
        }
    }

    private static TpSlRules trailingAndBreakEven() {
        return TpSlRules.signalOnly().withTrailing(new TrailingRule(true, 1.5, 1.0))
                .withBreakEven(new BreakEvenRule(true, 1.0, 2));
    }

    @Test
    void aPositionWithoutAStopGetsOneAndIsNotFlattened() {
        Fixture f = new Fixture(TpSlRules.signalOnly(), position("BTCUSDT", Side.BUY, "0.1", "30123.4", "30130.0", "0"));
        TradingStopRequest stop = f.expectTradingStop();
        assertEquals("BTCUSDT", stop.symbol());
        // 1 % below 30123.4 is 29822.166, rounded down to the 0.1 tick
        assertEquals("29822.1", stop.stopLoss().toPlainString());
        assertNull(stop.takeProfit());
        assertNull(stop.trailingStop());

        TpSlActor.State s = f.stateWhen(st -> st.stopsSet() == 1);
        assertEquals(List.of("BTCUSDT"), s.protectedSymbols());
        assertTrue(s.unprotectedSymbols().isEmpty());
        time.expectNoMessageFor(PROTECT.plusSeconds(1), f.rest);
    }

    @Test
    void aPositionStillUnprotectedAfterTheTimeoutIsFlattened() {
        Fixture f = new Fixture(TpSlRules.signalOnly(), position("BTCUSDT", Side.SELL, "0.25", "30000.0", "29990.0", "0"));
        var stop = expectRest(f.rest, RestOp.SetTradingStop.class);
        assertEquals("30300.0", stop.op().request().stopLoss().toPlainString(), "a short's stop is above entry");
        stop.fail(new BybitError.Rejected(10001, "StopLoss:3030000000 set for Sell position should greater base_price"));
        assertEquals(List.of("BTCUSDT"), f.stateWhen(st -> true).unprotectedSymbols());

        time.expectNoMessageFor(PROTECT.minusSeconds(1), f.rest);
        time.timePasses(Duration.ofSeconds(2));
        var close = expectRest(f.rest, RestOp.PlaceOrder.class);
        OrderRequest req = close.op().request();
        assertTrue(req.reduceOnly());
        assertEquals(Side.BUY, req.side());
        assertEquals("0.25", req.qty().toPlainString());
        close.ok(new OrderIds("o1", req.orderLinkId()));
        assertEquals(1, f.stateWhen(st -> st.flattened() == 1).flattened());
    }

    @Test
    void aStopRefusedBecauseThePositionIsAlreadyGoneIsNoProtectionFailure() {
        AtomicLong now = new AtomicLong(T0);
        Fixture f = new Fixture(TpSlRules.signalOnly(), () -> Instant.ofEpochMilli(now.get()),
                position("ETHUSDT", Side.BUY, "3.00", "2000.00", "1999.00", "0"));
        // closed by its target between the update and the call: Bybit's answer for a stop on nothing
        BybitError.Rejected gone = new BybitError.Rejected(10001, "can not set tp/sl/ts for zero position");
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                now.addAndGet(1_000);
                inject(kit, f.feed, open("ETHUSDT", Side.BUY, "3.00", "2000.00", "0", now.get()));
            }
            var call = expectRest(f.rest, RestOp.SetTradingStop.class);
            org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit.info("not set: the position is already closed")
                    .expect(kit.system(), () -> {
                        call.fail(gone);
                        return null;
                    });
        }
        assertEquals(0, f.stateWhen(st -> true).failedProtections(), "four refusals, more than the bound of 3");
        f.risk.expectNoMessage(java.time.Duration.ofMillis(200));
    }

    @Test
    void stopPlacementsThatKeepFailingHaltTheSymbolAndArePacedInsteadOfLooping() {
        AtomicLong now = new AtomicLong(T0);
        Fixture f = new Fixture(TpSlRules.signalOnly(), () -> Instant.ofEpochMilli(now.get()),
                position("ETHUSDT", Side.BUY, "3.00", "2000.00", "1999.00", "0"));
        BybitError.Rejected refused = new BybitError.Rejected(10001, "params error: StopLoss invalid");
        expectRest(f.rest, RestOp.SetTradingStop.class).fail(refused);
        f.stateWhen(st -> st.failedProtections() == 1);
        // every stream update of the unprotected position prompts another try, up to the bound (3 in 60 s)
        for (int i = 1; i < 3; i++) {
            now.addAndGet(1_000);
            inject(kit, f.feed, open("ETHUSDT", Side.BUY, "3.00", "2000.00", "0", now.get()));
            expectRest(f.rest, RestOp.SetTradingStop.class).fail(refused);
            int failed = i + 1;
            f.stateWhen(st -> st.failedProtections() == failed);
        }
        RiskActor.HaltSymbol halt = f.risk.expectMessageClass(RiskActor.HaltSymbol.class);
        assertEquals("ETHUSDT", halt.symbol());
        assertEquals("tpsl", halt.source());
        assertTrue(halt.why().contains("3 failed protective actions in 60 s") && halt.why().contains("StopLoss invalid"),
                halt.why());

        assertEquals(List.of("ETHUSDT"), f.stateWhen(st -> true).pacedSymbols());
        // a storm of updates no longer becomes a storm of calls
        for (int i = 0; i < 20; i++) {
            now.addAndGet(500);
            inject(kit, f.feed, open("ETHUSDT", Side.BUY, "3.00", "2000.00", "0", now.get()));
        }
        time.expectNoMessageFor(Duration.ofSeconds(1), f.rest);
        f.risk.expectNoMessage(Duration.ofMillis(200));

        // at the bound's own rate (60 s / 3) it tries again; once a stop holds, attempts are immediate again
        now.addAndGet(20_000);
        inject(kit, f.feed, open("ETHUSDT", Side.BUY, "3.00", "2000.00", "0", now.get()));
        assertEquals("1980.00", f.expectTradingStop().stopLoss().toPlainString());
        assertEquals(List.of("ETHUSDT"), f.stateWhen(st -> st.stopsSet() == 1).protectedSymbols());
    }

    @Test
    void aPositionAlreadyPastTheFallbackStopIsFlattenedAtOnce() {
        Fixture f = new Fixture(TpSlRules.signalOnly(), position("ETHUSDT", Side.BUY, "3.00", "2000.00", "1975.00", "0"));
        OrderRequest req = expectRest(f.rest, RestOp.PlaceOrder.class).op().request();
        assertEquals("ETHUSDT", req.symbol());
        assertTrue(req.reduceOnly());
        assertEquals(Side.SELL, req.side());
    }

    @Test
    void trailingIsSetOnceOnTheExchangeFromTheAtr() {
        Fixture f = new Fixture(trailingAndBreakEven());
        f.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30000.0, 200.0, T0));
        inject(kit, f.feed, open("BTCUSDT", Side.BUY, "0.1", "30000.0", "29500.0", T0));
        TradingStopRequest trail = f.expectTradingStop();
        assertEquals("200.0", trail.trailingStop().toPlainString(), "1 ATR behind the best price");
        assertEquals("30300.0", trail.activePrice().toPlainString(), "armed 1.5 ATR above entry");
        assertNull(trail.stopLoss(), "the stop-loss is left as it is");
        f.stateWhen(st -> st.trailingStopsSet() == 1);

        f.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30100.0, 210.0, T0 + 60_000));
        time.expectNoMessageFor(Duration.ofSeconds(1), f.rest);
    }

    @Test
    void theStopMovesToBreakEvenOnceWhenProfitReachesTheTrigger() {
        TpSlRules rules = TpSlRules.signalOnly().withBreakEven(new BreakEvenRule(true, 1.0, 2));
        Fixture f = new Fixture(rules, position("BTCUSDT", Side.BUY, "0.1", "30000.0", "30000.0", "29500.0"));
        f.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30150.0, 200.0, T0));
        time.expectNoMessageFor(Duration.ofSeconds(1), f.rest);

        f.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30250.0, 220.0, T0 + 60_000));
        TradingStopRequest be = f.expectTradingStop();
        assertEquals("30000.2", be.stopLoss().toPlainString(), "entry plus 2 ticks");
        TpSlActor.State s = f.stateWhen(st -> st.breakEvenMoves() == 1);
        assertEquals("30000.2", s.positions().get("BTCUSDT").stopLoss().toPlainString());
        assertTrue(s.positions().get("BTCUSDT").breakEvenDone());

        f.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30600.0, 220.0, T0 + 120_000));
        time.expectNoMessageFor(Duration.ofSeconds(1), f.rest);
    }

    /** A position row as the exchange lists it after TpSl moved its stop and set a trailing distance. */
    private static PositionInfo withTrailing(PositionInfo row, String trailing) {
        return new PositionInfo(row.category(), row.symbol(), row.positionIdx(), row.side(), row.size(), row.avgPrice(),
                row.entryPrice(), row.markPrice(), row.leverage(), row.positionValue(), row.liqPrice(), row.takeProfit(),
                row.stopLoss(), new BigDecimal(trailing), row.unrealisedPnl(), row.curRealisedPnl(),
                row.cumRealisedPnl(), row.positionStatus(), row.seq(), row.createdTime(), row.updatedTime());
    }

    @Test
    void aRestartedTpSlKeepsTheBreakEvenAndTrailingStopsItHadSet() {
        // the first TpSl trails the position and moves its stop to break-even
        Fixture first = new Fixture(trailingAndBreakEven(), position("BTCUSDT", Side.BUY, "0.1", "30000.0", "30000.0", "29500.0"));
        first.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30250.0, 200.0, T0));
        TradingStopRequest trail = first.expectTradingStop();
        assertEquals("200.0", trail.trailingStop().toPlainString());
        TradingStopRequest be = first.expectTradingStop();
        assertEquals("30000.2", be.stopLoss().toPlainString());
        first.stateWhen(st -> st.breakEvenMoves() == 1 && st.trailingStopsSet() == 1);
        kit.stop(first.tpsl);

        // a new one (a restart, a takeover) sees the exchange's position with those stops
        Fixture second = new Fixture(trailingAndBreakEven(), withTrailing(
                position("BTCUSDT", Side.BUY, "0.1", "30000.0", "30400.0", "30000.2"), "200.0"));
        TpSlActor.ProtectionView view = second.stateWhen(st -> st.positions().size() == 1).positions().get("BTCUSDT");
        assertTrue(view.breakEvenDone(), "the stop at entry + 2 ticks is the break-even made before: " + view);
        // candles with the ATR arrive again: neither the trailing stop nor the break-even is sent again
        second.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30400.0, 250.0, T0 + 60_000));
        second.tpsl.tell(new TpSlActor.PriceUpdate("BTCUSDT", 30500.0, 250.0, T0 + 120_000));
        time.expectNoMessageFor(Duration.ofSeconds(1), second.rest);
        assertEquals("30000.2", second.stateWhen(st -> true).positions().get("BTCUSDT").stopLoss().toPlainString());
    }

    @Test
    void aShortsBreakEvenStopIsBelowEntry() {
        TpSlRules rules = TpSlRules.signalOnly().withBreakEven(new BreakEvenRule(true, 1.0, 2));
        Fixture f = new Fixture(rules, position("ETHUSDT", Side.SELL, "2.00", "2000.00", "2000.00", "2040.00"));
        f.tpsl.tell(new TpSlActor.PriceUpdate("ETHUSDT", 1979.0, 20.0, T0));
        assertEquals("1999.98", f.expectTradingStop().stopLoss().toPlainString());
    }

    @Test
    void theVerifyTimerRereadsPositionsAndProtectsNewOnes() {
        Fixture f = new Fixture(TpSlRules.signalOnly(), position("BTCUSDT", Side.BUY, "0.1", "30000.0", "30000.0", "29000.0"));
        assertEquals(List.of("BTCUSDT"), f.stateWhen(st -> st.positions().size() == 1).protectedSymbols());

        time.timePasses(VERIFY);
        // BTCUSDT was closed meanwhile; ETHUSDT appeared without a stop
        ActorTestSupport.expectPositionsRead(f.feedRest).ok(positions(
                position("ETHUSDT", Side.SELL, "1.00", "2000.00", "2001.00", "0")));
        TradingStopRequest stop = f.expectTradingStop();
        assertEquals("ETHUSDT", stop.symbol());
        assertEquals("2020.00", stop.stopLoss().toPlainString());
        TpSlActor.State s = f.stateWhen(st -> st.stopsSet() == 1);
        assertEquals(List.of("ETHUSDT"), List.copyOf(s.positions().keySet()));
    }

    @Test
    void aPositionReadOlderThanTheStreamDoesNotResurrectAClosedPosition() {
        Fixture f = new Fixture(TpSlRules.signalOnly());
        time.timePasses(VERIFY);
        var read = ActorTestSupport.expectPositionsRead(f.feedRest);
        // while the read is on its way, the stream reports ETHUSDT opened and closed again
        inject(kit, f.feed, open("ETHUSDT", Side.SELL, "1.00", "2000.00", "2030.00", T0));
        inject(kit, f.feed, io.pybitbot.account.AccountEvent.PositionUpdate.flat("ETHUSDT", T0 + 1));
        read.ok(positions(position("ETHUSDT", Side.SELL, "1.00", "2000.00", "2001.00", "0"),
                position("BTCUSDT", Side.BUY, "0.1", "30000.0", "30000.0", "0")));

        TradingStopRequest stop = f.expectTradingStop();
        assertEquals("BTCUSDT", stop.symbol(), "the stale ETHUSDT row is skipped");
        TpSlActor.State s = f.stateWhen(st -> st.stopsSet() == 1);
        assertEquals(List.of("BTCUSDT"), List.copyOf(s.positions().keySet()));
    }
}
