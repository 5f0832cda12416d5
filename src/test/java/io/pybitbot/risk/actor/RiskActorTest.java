package io.pybitbot.risk.actor;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.open;
import static io.pybitbot.execution.ActorTestSupport.position;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static io.pybitbot.execution.ActorTestSupport.wallet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.execution.ActorTestSupport;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.risk.TradingState;
import io.pybitbot.risk.Verdict;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.pubsub.Topic;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.time.InstantSource;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RiskActorTest {

    private static final ActorTestKit kit = ActorTestKit.create("RiskActorTest", ActorTestSupport.config());
    /** 2023-11-14T22:13:20Z; the next UTC day starts 6 h 46 min 40 s later. */
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    /** Limits: 2 positions, 5 % daily loss, 20 % drawdown, 15 min cooldown; 1000 USDT per entry at 5x. */
    private static RiskRules rules(boolean flattenOnHalt) {
        RiskLimits limits = new RiskLimits(2, 3.0, 1.0, 0.05, 0.20, Duration.ofMinutes(15), flattenOnHalt);
        return new RiskRules(limits, SizingRule.fixedNotional(new BigDecimal("1000"), new BigDecimal("5")));
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private static InstantSource at(AtomicLong nowMs) {
        return () -> Instant.ofEpochMilli(nowMs.get());
    }

    /** A probe subscribed to Risk's halt topic, as OrderExecution subscribes. */
    private static TestProbe<RiskActor.HaltNotice> haltListener() {
        TestProbe<RiskActor.HaltNotice> p = kit.createTestProbe();
        ActorRef<Topic.Command<RiskActor.HaltNotice>> topic = kit.spawn(
                Topic.create(RiskActor.HaltNotice.class, RiskActor.HALT_TOPIC));
        topic.tell(Topic.subscribe(p.getRef()));
        return p;
    }

    private final class Fixture {
        final TestProbe<RiskActor.HaltNotice> halts = haltListener();
        final ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
        final AtomicLong clock = new AtomicLong(T0);
        final String persistenceId = "risk-test-" + IDS.incrementAndGet();
        final boolean flattenOnHalt;
        ActorRef<RiskActor.Command> risk;

        Fixture(boolean flattenOnHalt, String walletEquity) {
            this.flattenOnHalt = flattenOnHalt;
            start(walletEquity);
        }

        /** (Re)starts Risk on this fixture's journal id; the feed's view has {@code walletEquity}. */
        void start(String walletEquity) {
            feed.tell(new AccountFeed.Inject(equity(walletEquity, clock.get())));
            risk = kit.spawn(RiskActor.create(rules(flattenOnHalt), feed, at(clock), persistenceId));
            double start = Double.parseDouble(walletEquity);
            statusWhen(s -> s.equity() == start);
        }

        void stop() {
            kit.stop(risk, WAIT);
        }

        Verdict check(String symbol, InstrumentSpec spec, long candle) {
            TestProbe<Verdict> reply = kit.createTestProbe();
            Signal s = Signal.entry("strategy_b", symbol, Side.BUY, spec == BTC ? 30000 : 2000,
                    spec == BTC ? 29000 : 1900, Double.NaN, candle, "test");
            risk.tell(new RiskActor.Check(s, spec, reply.getRef()));
            return reply.receiveMessage(WAIT);
        }

        void account(AccountEvent e) {
            risk.tell(new RiskActor.Account(e));
        }

        RiskActor.Status status() {
            TestProbe<RiskActor.Status> p = kit.createTestProbe();
            risk.tell(new RiskActor.GetStatus(p.getRef()));
            return p.receiveMessage(WAIT);
        }

        /** Waits until the REST answers (delivered through temporary actors) are in the status. */
        RiskActor.Status statusWhen(java.util.function.Predicate<RiskActor.Status> ok) {
            TestProbe<RiskActor.Status> p = kit.createTestProbe();
            return p.awaitAssert(WAIT, () -> {
                RiskActor.Status s = status();
                assertTrue(ok.test(s), s.toString());
                return s;
            });
        }
    }

    private static AccountEvent.WalletUpdate equity(String usdt, long timeMs) {
        return new AccountEvent.WalletUpdate(new BigDecimal(usdt), new BigDecimal(usdt), BigDecimal.ZERO, timeMs);
    }

    private static DenyReason denial(Verdict v) {
        return assertInstanceOf(Verdict.Denied.class, v, "expected a denial, got " + v).reason();
    }

    @Test
    void exposureAfterStartIsTheExchangesPositionsReadByTheFeedNotByRisk() {
        TestProbe<RestClient.Command> feedRest = kit.createTestProbe();
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(T0));
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(feedRest.getRef(), clock));
        TestProbe<AccountEvent> early = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(early.getRef())); // before the answers: it sees them come in
        expectRest(feedRest, RestOp.GetWallet.class).ok(wallet("12000"));
        expectRest(feedRest, RestOp.GetPositions.class).ok(positions(
                position("BTCUSDT", Side.BUY, "0.1", "30000", "31000", "29000")));
        early.fishForMessage(WAIT, e -> e instanceof AccountEvent.Snapshot snap && snap.positions().size() == 1
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        // Risk starts after the feed has its view: it has no REST client at all, the snapshot is all it gets
        ActorRef<RiskActor.Command> risk = kit.spawn(RiskActor.create(rules(false), feed, clock,
                "risk-test-" + IDS.incrementAndGet()));
        TestProbe<RiskActor.Status> p = kit.createTestProbe();
        RiskActor.Status s = p.awaitAssert(WAIT, () -> {
            RiskActor.Status st = status(risk);
            assertEquals(1, st.openPositions(), st.toString());
            return st;
        });
        assertEquals(12000.0, s.equity());
        assertEquals(3100.0, s.totalExposure(), 1e-9, "size * mark");
        assertEquals(TradingState.ACTIVE, s.tradingState());
        feedRest.expectNoMessage(Duration.ofMillis(200));

        // a later stream event moves Risk's view on from the snapshot
        feed.tell(new AccountFeed.Inject(AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 1)));
        p.awaitAssert(WAIT, () -> {
            assertEquals(0, status(risk).openPositions());
            return null;
        });
    }

    private static RiskActor.Status status(ActorRef<RiskActor.Command> risk) {
        TestProbe<RiskActor.Status> p = kit.createTestProbe();
        risk.tell(new RiskActor.GetStatus(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    @Test
    void withoutAWalletEveryEntryIsDenied() {
        ActorRef<RiskActor.Command> risk = kit.spawn(RiskActor.create(rules(false), kit.spawn(AccountFeed.create()),
                InstantSource.fixed(Instant.ofEpochMilli(T0)), "risk-test-" + IDS.incrementAndGet()));
        TestProbe<Verdict> reply = kit.createTestProbe();
        risk.tell(new RiskActor.Check(Signal.entry("s", "BTCUSDT", Side.BUY, 30000, 29000, Double.NaN, T0, ""), BTC,
                reply.getRef()));
        assertEquals(DenyReason.EQUITY_UNKNOWN, denial(reply.receiveMessage(WAIT)), "unknown, not zero");
    }

    @Test
    void absurdEquityHaltsEntriesIsJournaledAndAnnouncedAndIsNotUsed() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("1000000000000", T0 + MIN)); // beyond the 50 % bound: would have unblocked sizing
        RiskActor.HaltNotice notice = f.halts.receiveMessage(WAIT);
        assertEquals(DenyReason.ABSURD_ACCOUNT_DATA.name(), notice.reason());
        assertTrue(notice.message().contains("beyond the 50 % bound"), notice.message());
        RiskActor.Status s = f.status();
        assertEquals(TradingState.HALTED, s.tradingState());
        assertEquals(10000.0, s.equity(), "the absurd figure is not believed");
        assertEquals(10000.0, s.peakEquity());
        assertEquals(DenyReason.ABSURD_ACCOUNT_DATA, denial(f.check("BTCUSDT", BTC, T0 + 2 * MIN)));

        // the halt is in the journal: a restarted Risk is still halted
        f.stop();
        f.start("10000");
        assertEquals(TradingState.HALTED, f.status().tradingState());
    }

    @Test
    void equityThatIsNotAFiniteNumberHaltsEntries() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("1e400", T0 + MIN));
        assertTrue(f.halts.receiveMessage(WAIT).message().contains("not a finite number"));
        assertEquals(10000.0, f.status().equity());
    }

    @Test
    void approvesWithQuantityAndLeverageThenDeniesPastMaxOpenPositions() {
        Fixture f = new Fixture(false, "10000");
        Verdict.Approved a = assertInstanceOf(Verdict.Approved.class, f.check("BTCUSDT", BTC, T0));
        assertEquals("0.033", a.qty().toPlainString(), "1000 USDT / 30000 rounded down to 0.001");
        assertEquals(0, new BigDecimal("5").compareTo(a.leverage()));

        f.account(open("BTCUSDT", Side.BUY, "0.033", "30000", "29000", T0));
        assertEquals(DenyReason.POSITION_EXISTS, denial(f.check("BTCUSDT", BTC, T0 + MIN)));
        f.account(open("SOLUSDT", Side.SELL, "10", "60", "63", T0));
        assertEquals(DenyReason.MAX_OPEN_POSITIONS, denial(f.check("ETHUSDT", ETH, T0 + MIN)));

        f.account(AccountEvent.PositionUpdate.flat("SOLUSDT", T0 + 2 * MIN));
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0 + 2 * MIN));
    }

    @Test
    void theDailyLossLimitDeniesUntilTheNextUtcDay() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("10000", T0));
        f.account(equity("9450", T0 + MIN)); // -5.5 % today, drawdown 5.5 % < 20 %
        assertEquals(DenyReason.DAILY_LOSS_LIMIT, denial(f.check("BTCUSDT", BTC, T0 + 2 * MIN)));
        RiskActor.Status s = f.status();
        assertEquals(10000.0, s.dayStartEquity());
        assertEquals(TradingState.ACTIVE, s.tradingState(), "a daily stop is not a halt");

        long tomorrow = (T0 / 86_400_000L + 1) * 86_400_000L + MIN;
        f.account(equity("9450", tomorrow));
        assertEquals(9450.0, f.status().dayStartEquity());
        assertInstanceOf(Verdict.Approved.class, f.check("BTCUSDT", BTC, tomorrow));
    }

    @Test
    void aNewDayStartsAtTheLastFigureOfTheDayBeforeNotAtTheFirstOfTheNewOne() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("10000", T0));
        f.account(equity("9300", T0 + MIN));
        long midnight = (T0 / 86_400_000L + 1) * 86_400_000L;
        f.account(equity("9350", midnight + 30_000)); // the first figure after midnight
        RiskActor.Status s = f.statusWhen(st -> st.day() == midnight / 86_400_000L);
        assertEquals(9300.0, s.dayStartEquity(), "what the account held when the day began");
        assertEquals(9350.0, s.equity());
    }

    @Test
    void drawdownHaltsStaysHaltedAndFlattensWhenConfigured() {
        Fixture f = new Fixture(true, "10000");
        f.account(equity("11000", T0));
        f.account(equity("8700", T0 + MIN)); // 20.9 % below the 11000 peak

        RiskActor.HaltNotice notice = f.halts.receiveMessage(WAIT);
        assertTrue(notice.flatten());
        assertEquals("MAX_DRAWDOWN_HALT", notice.reason());
        assertTrue(notice.message().contains("drawdown"), notice.message());
        RiskActor.Status s = f.status();
        assertEquals(TradingState.HALTED, s.tradingState());
        assertEquals(11000.0, s.peakEquity());
        assertTrue(s.haltReason().startsWith("MAX_DRAWDOWN_HALT"), s.haltReason());

        // a recovery does not lift the kill switch, nor does a new day
        long tomorrow = (T0 / 86_400_000L + 1) * 86_400_000L + MIN;
        f.account(equity("10900", tomorrow));
        assertEquals(DenyReason.MAX_DRAWDOWN_HALT, denial(f.check("BTCUSDT", BTC, tomorrow)));
        // tripped once: no second flatten
        f.account(equity("8000", tomorrow + MIN));
        assertEquals(TradingState.HALTED, f.status().tradingState());
        f.halts.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void withoutFlattenOnHaltTheHaltOnlyDenies() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("7900", T0));
        assertEquals(DenyReason.MAX_DRAWDOWN_HALT, denial(f.check("ETHUSDT", ETH, T0 + MIN)));
        assertEquals(false, f.halts.receiveMessage(WAIT).flatten(), "announced, without flattening");
    }

    @Test
    void aLosingTradeCoolsItsSymbolDown() {
        Fixture f = new Fixture(false, "10000");
        f.risk.tell(new RiskActor.TradeClosed("BTCUSDT", new BigDecimal("-12.5"), T0));
        assertEquals(DenyReason.COOLDOWN, denial(f.check("BTCUSDT", BTC, T0 + 14 * MIN)));
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0 + 14 * MIN), "other symbols trade");
        assertInstanceOf(Verdict.Approved.class, f.check("BTCUSDT", BTC, T0 + 15 * MIN), "the cooldown ends");

        f.risk.tell(new RiskActor.TradeClosed("ETHUSDT", new BigDecimal("3.0"), T0 + 20 * MIN));
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0 + 21 * MIN), "a winner starts no cooldown");
    }

    @Test
    void anOperatorResetLiftsTheHaltFromTheCurrentEquity() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("7500", T0));
        assertEquals(DenyReason.MAX_DRAWDOWN_HALT, denial(f.check("ETHUSDT", ETH, T0 + MIN)));

        TestProbe<RiskActor.Status> reply = kit.createTestProbe();
        f.risk.tell(new RiskActor.ResetHalt("alice", reply.getRef()));
        RiskActor.Status s = reply.receiveMessage(WAIT);
        assertEquals(TradingState.ACTIVE, s.tradingState());
        assertEquals(7500.0, s.peakEquity());
        assertEquals("", s.haltReason());
        // the daily loss (25 % today) still applies; tomorrow entries are allowed again
        assertEquals(DenyReason.DAILY_LOSS_LIMIT, denial(f.check("ETHUSDT", ETH, T0 + 2 * MIN)));
        long tomorrow = (T0 / 86_400_000L + 1) * 86_400_000L + MIN;
        f.account(equity("7500", tomorrow));
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, tomorrow));
    }

    @Test
    void aFlatAccountsDailyLimitLiftsAtMidnightByTheClockWithoutAWalletEvent() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("9450", T0 + MIN)); // -5.5 % today, then flat: no more wallet events
        assertEquals(DenyReason.DAILY_LOSS_LIMIT, denial(f.check("BTCUSDT", BTC, T0 + 2 * MIN)));
        long today = T0 / 86_400_000L;
        assertEquals(today, f.status().day());

        f.clock.set((today + 1) * 86_400_000L + 1); // the clock passes midnight; nothing else happens
        RiskActor.Status s = f.statusWhen(st -> st.day() == today + 1);
        assertEquals(9450.0, s.dayStartEquity(), "the new day starts at the equity of the moment");
        assertInstanceOf(Verdict.Approved.class, f.check("BTCUSDT", BTC, T0 + 3 * MIN),
                "the limit lifted although the signal's candle is from before midnight");
    }

    @Test
    void peakDayStartAndCooldownsSurviveARestart() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("11000", T0 + MIN));
        f.risk.tell(new RiskActor.TradeClosed("BTCUSDT", new BigDecimal("-40"), T0 + 2 * MIN));
        f.statusWhen(s -> s.peakEquity() == 11000.0);
        assertEquals(DenyReason.COOLDOWN, denial(f.check("BTCUSDT", BTC, T0 + 3 * MIN)));
        f.stop();

        f.start("10500"); // the exchange reports less than the peak: the peak is the journal's
        RiskActor.Status s = f.status();
        assertEquals(11000.0, s.peakEquity());
        assertEquals(10000.0, s.dayStartEquity(), "today's start is not the equity at restart");
        assertEquals(T0 / 86_400_000L, s.day());
        assertEquals(TradingState.ACTIVE, s.tradingState());
        assertEquals(DenyReason.COOLDOWN, denial(f.check("BTCUSDT", BTC, T0 + 4 * MIN)), "the cooldown continues");
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0 + 4 * MIN));
    }

    @Test
    void aHaltSurvivesARestartAndAnOperatorsResetIsJournaled() {
        Fixture f = new Fixture(false, "10000");
        f.account(equity("7900", T0 + MIN)); // 21 % below the 10000 peak
        assertEquals("MAX_DRAWDOWN_HALT", f.halts.receiveMessage(WAIT).reason());
        f.stop();

        f.start("8200"); // recovered a little while the node was down: still halted, not re-announced
        RiskActor.Status halted = f.status();
        assertEquals(TradingState.HALTED, halted.tradingState());
        assertTrue(halted.haltReason().startsWith("MAX_DRAWDOWN_HALT: drawdown 21.00%"), halted.haltReason());
        assertEquals(DenyReason.MAX_DRAWDOWN_HALT, denial(f.check("ETHUSDT", ETH, T0 + 2 * MIN)));
        f.halts.expectNoMessage(Duration.ofMillis(200));

        TestProbe<RiskActor.Status> reply = kit.createTestProbe();
        f.risk.tell(new RiskActor.ResetHalt("alice", reply.getRef()));
        assertEquals(TradingState.ACTIVE, reply.receiveMessage(WAIT).tradingState());
        f.stop();

        f.start("8200");
        RiskActor.Status lifted = f.status();
        assertEquals(TradingState.ACTIVE, lifted.tradingState());
        assertEquals(8200.0, lifted.peakEquity(), "the peak restarted at the equity of the reset");
    }

    @Test
    void aPausedStrategyIsDeniedOthersAreNotThePauseSurvivesARestartUntilResumed() {
        Fixture f = new Fixture(false, "10000");
        TestProbe<RiskActor.Status> reply = kit.createTestProbe();
        f.risk.tell(new RiskActor.PauseStrategy("strategy_b", "alice", reply.getRef()));
        RiskActor.Status paused = reply.receiveMessage(WAIT);
        assertTrue(paused.pausedStrategies().get("strategy_b").startsWith("paused by alice at "), paused.toString());
        assertEquals(TradingState.ACTIVE, paused.tradingState());
        Verdict denied = f.check("BTCUSDT", BTC, T0 + MIN); // the fixture's signals are strategy_b's
        assertEquals(DenyReason.STRATEGY_PAUSED, denial(denied));
        Signal other = Signal.entry("strategy_a", "BTCUSDT", Side.BUY, 30000, 29000, Double.NaN, T0 + MIN, "test");
        TestProbe<Verdict> v = kit.createTestProbe();
        f.risk.tell(new RiskActor.Check(other, BTC, v.getRef()));
        assertInstanceOf(Verdict.Approved.class, v.receiveMessage(WAIT), "another strategy still trades");
        f.stop();

        f.start("10000");
        assertEquals(DenyReason.STRATEGY_PAUSED, denial(f.check("ETHUSDT", ETH, T0 + 2 * MIN)), "journaled");
        f.risk.tell(new RiskActor.ResetHalt("bob", reply.getRef()));
        assertEquals(1, reply.receiveMessage(WAIT).pausedStrategies().size(), "lifting halts leaves a pause alone");
        f.risk.tell(new RiskActor.ResumeStrategy("strategy_b", "alice", reply.getRef()));
        assertTrue(reply.receiveMessage(WAIT).pausedStrategies().isEmpty());
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0 + 3 * MIN));
        f.stop();
        f.start("10000");
        assertTrue(f.status().pausedStrategies().isEmpty(), "the resume is journaled too");
    }

    @Test
    void aSymbolHaltedForFailingProtectionDeniesOnlyThatSymbolSurvivesARestartAndAResumeLiftsIt() {
        Fixture f = new Fixture(false, "10000");
        f.risk.tell(new RiskActor.HaltSymbol("BTCUSDT", "tpsl", "3 failed protective actions in 60 s"));
        RiskActor.Status s = f.statusWhen(st -> !st.haltedSymbols().isEmpty());
        assertEquals(Map.of("BTCUSDT", "3 failed protective actions in 60 s"), s.haltedSymbols());
        assertEquals(TradingState.ACTIVE, s.tradingState(), "trading as a whole goes on");
        Verdict denied = f.check("BTCUSDT", BTC, T0 + MIN);
        assertEquals(DenyReason.SYMBOL_HALTED, denial(denied));
        assertTrue(((Verdict.Denied) denied).message().contains("3 failed protective actions"), denied.toString());
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0 + MIN));
        f.halts.expectNoMessage(Duration.ofMillis(200));
        f.stop();

        f.start("10000");
        assertEquals(DenyReason.SYMBOL_HALTED, denial(f.check("BTCUSDT", BTC, T0 + 2 * MIN)), "journaled");
        TestProbe<RiskActor.Status> reply = kit.createTestProbe();
        f.risk.tell(new RiskActor.ResetHalt("alice", reply.getRef()));
        RiskActor.Status lifted = reply.receiveMessage(WAIT);
        assertTrue(lifted.haltedSymbols().isEmpty(), lifted.toString());
        assertEquals(10000.0, lifted.peakEquity(), "lifting a symbol halt leaves the drawdown peak alone");
        assertInstanceOf(Verdict.Approved.class, f.check("BTCUSDT", BTC, T0 + 3 * MIN));
        f.stop();
        f.start("10000");
        assertTrue(f.status().haltedSymbols().isEmpty(), "the lift is journaled too");
    }

    /** Two entries approved before either position shows must not both fit under the last free slot. */
    @Test
    void approvedEntriesInFlightCountAsOpenPositionsUntilTheyEnd() {
        Fixture f = new Fixture(false, "10000"); // limit: 2 positions
        assertInstanceOf(Verdict.Approved.class, f.check("BTCUSDT", BTC, T0));
        assertInstanceOf(Verdict.Approved.class, f.check("ETHUSDT", ETH, T0));
        assertEquals(DenyReason.MAX_OPEN_POSITIONS, denial(f.check("SOLUSDT", ETH, T0)),
                "two entries on their way fill both slots");

        f.account(open("BTCUSDT", Side.BUY, "0.033", "30000", "29000", T0)); // BTC's entry is now its position
        assertEquals(DenyReason.MAX_OPEN_POSITIONS, denial(f.check("SOLUSDT", ETH, T0 + 1)));

        f.risk.tell(new RiskActor.EntryEnded("ETHUSDT")); // ETH's entry was rejected
        assertInstanceOf(Verdict.Approved.class, f.check("SOLUSDT", ETH, T0 + 2));
        assertEquals(1, f.status().openPositions(), "the status counts positions, not entries on their way");
    }
}
