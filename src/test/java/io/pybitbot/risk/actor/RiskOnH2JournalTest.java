package io.pybitbot.risk.actor;

import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static io.pybitbot.execution.ActorTestSupport.wallet;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.config.JournalConfig;
import io.pybitbot.config.TradingMode;
import io.pybitbot.journal.Journal;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.risk.TradingState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Risk's state across two actor systems on the same H2 journal file, as a node restart sees it. */
class RiskOnH2JournalTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    private RiskActor.Status runRisk(Journal journal, String walletEquity, AccountEvent... events) {
        ActorTestKit kit = ActorTestKit.create("risk-h2", journal.pekkoConfig()
                .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
                .withFallback(io.pybitbot.execution.ActorTestSupport.config()));
        try {
            RiskRules rules = new RiskRules(new RiskLimits(2, 3.0, 1.0, 0.05, 0.20, Duration.ofMinutes(15), false),
                    SizingRule.fixedNotional(new BigDecimal("1000"), new BigDecimal("5")));
            ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
            BigDecimal start = new BigDecimal(walletEquity);
            feed.tell(new AccountFeed.Inject(new AccountEvent.WalletUpdate(start, start, BigDecimal.ZERO, T0)));
            ActorRef<RiskActor.Command> risk = kit.spawn(RiskActor.create(rules, feed,
                    InstantSource.fixed(Instant.ofEpochMilli(T0))));
            TestProbe<RiskActor.Status> first = kit.createTestProbe();
            first.awaitAssert(WAIT, () -> {
                risk.tell(new RiskActor.GetStatus(first.getRef()));
                assertEquals(start.doubleValue(), first.receiveMessage(WAIT).equity(), "the feed's snapshot is in");
                return null;
            });
            for (AccountEvent e : events) {
                risk.tell(new RiskActor.Account(e));
            }
            double last = events.length == 0 ? Double.parseDouble(walletEquity)
                    : ((AccountEvent.WalletUpdate) events[events.length - 1]).totalEquity().doubleValue();
            TestProbe<RiskActor.Status> p = kit.createTestProbe();
            return p.awaitAssert(WAIT, () -> {
                risk.tell(new RiskActor.GetStatus(p.getRef()));
                RiskActor.Status s = p.receiveMessage(WAIT);
                assertEquals(last, s.equity(), "every update is in");
                return s;
            });
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void aRestartedNodeKeepsPeakDayStartAndHalt() {
        Journal journal = Journal.open(JournalConfig.h2File(dataDir, TradingMode.TESTNET));
        BigDecimal high = new BigDecimal("12500");
        BigDecimal low = new BigDecimal("9900");
        RiskActor.Status before = runRisk(journal, "10000",
                new AccountEvent.WalletUpdate(high, high, BigDecimal.ZERO, T0 + 1000),
                new AccountEvent.WalletUpdate(low, low, BigDecimal.ZERO, T0 + 2000));
        assertEquals(TradingState.HALTED, before.tradingState(), "20.8 % below the 12500 peak");

        RiskActor.Status after = runRisk(Journal.open(journal.config()), "9950");
        assertEquals(12500.0, after.peakEquity());
        assertEquals(before.dayStartEquity(), after.dayStartEquity());
        assertEquals(10000.0, after.dayStartEquity());
        assertEquals(before.day(), after.day());
        assertEquals(TradingState.HALTED, after.tradingState());
        assertEquals(before.haltReason(), after.haltReason());
    }
}
