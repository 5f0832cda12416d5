package io.pybitbot.execution;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** Shared pieces of the actor tests: config with the CBOR binding, instruments, a REST probe's answers. */
public final class ActorTestSupport {

    private ActorTestSupport() {}

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** CBOR for our messages, and Pekko's in-memory journal and snapshot store for event-sourced actors. */
    public static Config config() {
        return ConfigFactory.parseString("pekko.actor.serialization-bindings { \"io.pybitbot.CborSerializable\" = jackson-cbor }")
                .withFallback(org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin.getInstance().config())
                .withFallback(org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.load());
    }

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** A journal id of its own for each event-sourced actor a test spawns. */
    public static org.apache.pekko.persistence.typed.PersistenceId freshId(String name) {
        return org.apache.pekko.persistence.typed.PersistenceId.ofUniqueId(name + "-" + IDS.incrementAndGet());
    }

    public static final InstrumentSpec BTC = new InstrumentSpec("BTCUSDT", new BigDecimal("0.10"), new BigDecimal("0.001"),
            new BigDecimal("0.001"), new BigDecimal("100"), new BigDecimal("5"), new BigDecimal("100"));

    public static final InstrumentSpec ETH = new InstrumentSpec("ETHUSDT", new BigDecimal("0.01"), new BigDecimal("0.01"),
            new BigDecimal("0.01"), new BigDecimal("1000"), new BigDecimal("5"), new BigDecimal("50"));

    /** Next request to the REST probe, checked to be of {@code opClass}. */
    @SuppressWarnings("unchecked")
    public static <T, O extends RestOp<T>> Request<T, O> expectRest(TestProbe<RestClient.Command> rest, Class<O> opClass) {
        RestClient.Submit<T> submit = (RestClient.Submit<T>) rest.expectMessageClass(RestClient.Submit.class, WAIT);
        while (submit.op() instanceof RestOp.PresetLeverage && opClass != RestOp.PresetLeverage.class) {
            // the leverage a starting OrderExecution sets ahead: refused here, so an entry sets it as it would alone
            ((ActorRef<BybitResult<Void>>) (ActorRef<?>) submit.replyTo()).tell(BybitResult.err(
                    new io.pybitbot.exchange.bybit.BybitError.Transient(-1, "not answered in this test")));
            submit = (RestClient.Submit<T>) rest.expectMessageClass(RestClient.Submit.class, WAIT);
        }
        O op = assertInstanceOf(opClass, submit.op(), "REST op");
        return new Request<>(op, submit.replyTo());
    }

    /**
     * The next position read of an {@link io.pybitbot.account.AccountFeed} reconciling over {@code feedRest}; wallet
     * reads on the way are answered with 10000 USDT.
     */
    @SuppressWarnings("unchecked")
    public static Request<PositionsPage, RestOp.GetPositions> expectPositionsRead(TestProbe<RestClient.Command> feedRest) {
        while (true) {
            RestClient.Submit<?> s = feedRest.expectMessageClass(RestClient.Submit.class, WAIT);
            if (s.op() instanceof RestOp.GetWallet) {
                ((ActorRef<BybitResult<WalletBalance>>) (ActorRef<?>) s.replyTo()).tell(BybitResult.ok(wallet("10000")));
            } else {
                RestClient.Submit<PositionsPage> p = (RestClient.Submit<PositionsPage>) s;
                return new Request<>(assertInstanceOf(RestOp.GetPositions.class, p.op(), "REST op"), p.replyTo());
            }
        }
    }

    /**
     * Answers the two position reads a starting OrderExecution causes with {@code page}: the feed's own at its start
     * and the one OrderExecution's recovery asks the feed for.
     */
    public static void answerStartReads(TestProbe<RestClient.Command> feedRest, PositionsPage page) {
        expectPositionsRead(feedRest).ok(page);
        expectPositionsRead(feedRest).ok(page);
    }

    /** A request the probe received, to inspect and answer. */
    public record Request<T, O extends RestOp<T>>(O op, ActorRef<BybitResult<T>> replyTo) {
        public void ok(T value) {
            replyTo.tell(BybitResult.ok(value));
        }

        public void fail(BybitError error) {
            replyTo.tell(BybitResult.err(error));
        }
    }

    public static io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage orders(
            io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo... rows) {
        return new io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage("linear", "", List.of(rows));
    }

    public static PositionsPage positions(PositionInfo... rows) {
        return new PositionsPage("linear", "", List.of(rows));
    }

    public static PositionInfo position(String symbol, Side side, String size, String entry, String mark, String stopLoss) {
        return new PositionInfo("linear", symbol, 0, side.wire(), new BigDecimal(size), new BigDecimal(entry), null,
                new BigDecimal(mark), new BigDecimal("5"), null, null, BigDecimal.ZERO, new BigDecimal(stopLoss),
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, "Normal", 1L, 1L, 1L);
    }

    public static WalletBalance wallet(String equity) {
        BigDecimal e = new BigDecimal(equity);
        return new WalletBalance(List.of(new WalletAccount("UNIFIED", e, e, e, e, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, List.of())));
    }

    public static AccountEvent.PositionUpdate open(String symbol, Side side, String size, String entry, String stopLoss,
                                                   long timeMs) {
        return new AccountEvent.PositionUpdate(symbol, side, new BigDecimal(size), new BigDecimal(entry),
                new BigDecimal(entry), new BigDecimal(stopLoss), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, timeMs);
    }

    /** Relays {@code event} through the feed and waits until the feed has told every subscriber. */
    public static void inject(ActorTestKit kit, ActorRef<AccountFeed.Command> feed, AccountEvent event) {
        feed.tell(new AccountFeed.Inject(event));
        TestProbe<AccountFeed.Stats> stats = kit.createTestProbe();
        feed.tell(new AccountFeed.GetStats(stats.getRef()));
        stats.receiveMessage(WAIT);
    }
}
