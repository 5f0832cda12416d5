package io.pybitbot.bench;

import com.typesafe.config.ConfigFactory;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.config.JournalConfig;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.execution.ExecutionSettings;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.journal.Journal;
import io.pybitbot.config.TradingMode;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.risk.actor.RiskActor;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Load harness (not a test) for the node's decision path alone: a strategy's entry signal handed to OrderExecution to
 * the order reaching the REST client, through the real ledger, the real Risk and the real H2 file journal (the
 * node's default storage), with a REST client that answers at once (no HTTP: {@code BurstBench} measures that part).
 * Each round hands over the entries of one candle close on {@code --symbols} symbols at once and waits for all their
 * orders; prints the first order of a round and every order at p50 / p90 / p99 / max. Arguments: {@code --symbols N}
 * (default 500), {@code --rounds N} (default 40; the first quarter warms the JIT and is not counted).
 */
public final class ExecutionPathBench {

    private ExecutionPathBench() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = 500;
        int rounds = 40;
        boolean inMemory = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--symbols" -> symbols = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--journal" -> inMemory = switch (args[++i]) {
                        case "h2" -> false;
                        case "memory" -> true;
                        default -> throw new IllegalArgumentException("--journal takes h2 or memory, not " + args[i]);
                    };
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (symbols < 1 || rounds < 2) {
                throw new IllegalArgumentException("--symbols must be >= 1 and --rounds >= 2");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("ExecutionPathBench: " + (e instanceof ArrayIndexOutOfBoundsException
                    ? "a flag lacks its value" : e.getMessage()) + " (usage: --symbols N --rounds N --journal h2|memory)");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("execution-path-bench-");
        com.typesafe.config.Config storage = inMemory ? ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
                pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
                pekko.persistence.snapshot-store.local.dir = "%s"
                """.formatted(dir.resolve("snapshots"))) : Journal.open(JournalConfig.h2File(dir, TradingMode.SIM)).pekkoConfig();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "execution-path-bench",
                storage.withFallback(ConfigFactory.parseString("""
                        pekko.actor.provider = local
                        pekko.loglevel = WARNING
                        pekko.actor.serialization-bindings { "io.pybitbot.CborSerializable" = jackson-cbor }
                        """)).withFallback(ConfigFactory.load()));
        try {
            run(system, symbols, rounds);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void run(ActorSystem<Void> system, int symbols, int rounds) throws Exception {
        InstantSource clock = InstantSource.system();
        Map<String, InstrumentSpec> specs = new HashMap<>();
        for (int s = 0; s < symbols; s++) {
            {
                String symbol = symbolOf(s);
                specs.put(symbol, new InstrumentSpec(symbol, new BigDecimal("0.01"), new BigDecimal("0.001"),
                        new BigDecimal("0.001"), new BigDecimal("1000000"), new BigDecimal("5"), new BigDecimal("50")));
            }
        }
        Map<String, Long> placedNanos = new ConcurrentHashMap<>();
        Map<String, String> placedLinkIds = new ConcurrentHashMap<>();
        CountDownLatch[] roundDone = {new CountDownLatch(symbols)};
        ActorRef<RestClient.Command> rest = system.systemActorOf(answering(placedNanos, placedLinkIds, roundDone), "rest",
                org.apache.pekko.actor.typed.Props.empty());
        ActorRef<AccountFeed.Command> feed = system.systemActorOf(AccountFeed.create(rest, clock), "feed",
                org.apache.pekko.actor.typed.Props.empty());
        RiskRules rules = new RiskRules(new RiskLimits(1_000_000, 1_000_000.0, 1.0, 0.9, 0.9, Duration.ZERO, false),
                SizingRule.fixedNotional(new BigDecimal("50"), new BigDecimal("5")));
        ActorRef<RiskActor.Command> risk = system.systemActorOf(RiskActor.create(rules, feed, clock, "bench-risk"),
                "risk", org.apache.pekko.actor.typed.Props.empty());
        ActorRef<OrderExecution.Command> exec = system.systemActorOf(OrderExecution.create(
                PersistenceId.ofUniqueId("bench-order-execution"), risk, rest, feed, specs,
                ExecutionSettings.of(new BigDecimal("5")), clock), "exec", org.apache.pekko.actor.typed.Props.empty());
        awaitEquity(system, risk);

        Histogram first = new Histogram(3);
        Histogram all = new Histogram(3);
        int warmRounds = rounds / 4;
        long candle = clock.millis() / 300_000 * 300_000;
        for (int r = 0; r < rounds; r++) {
            roundDone[0] = new CountDownLatch(symbols);
            Map<String, Long> sent = new HashMap<>();
            for (int s = 0; s < symbols; s++) {
                String symbol = symbolOf(s);
                sent.put(symbol, System.nanoTime());
                exec.tell(new OrderExecution.Submit(Signal.entry("bench", symbol, Side.BUY, 100.0, 98.0, 104.0,
                        candle + r * 300_000L, "bench")));
            }
            if (!roundDone[0].await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("round " + r + ": " + roundDone[0].getCount() + " orders never came");
            }
            // the exchange cancels them all: each symbol's entry ends, as a fill would end it, before the next close
            for (Map.Entry<String, String> e : placedLinkIds.entrySet()) {
                feed.tell(new AccountFeed.Inject(new AccountEvent.OrderUpdate(e.getKey(), "o-" + e.getValue(),
                        e.getValue(), Side.BUY, "Cancelled", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO, false, "",
                        "", clock.millis())));
            }
            awaitSettled(system, exec);
            if (r < warmRounds) {
                continue;
            }
            long firstNanos = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : sent.entrySet()) {
                long d = placedNanos.get(e.getKey()) - e.getValue();
                all.recordValue(d);
                firstNanos = Math.min(firstNanos, d);
            }
            first.recordValue(firstNanos);
        }
        System.out.printf(Locale.ROOT, "%d symbols, %d rounds counted (%d warm-up): signal to order at the REST client%n",
                symbols, rounds - warmRounds, warmRounds);
        print("first order of a round", first);
        print("every order", all);
    }

    private static void print(String what, Histogram h) {
        System.out.printf(Locale.ROOT, "  %-24s p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (%d)%n", what,
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6, h.getTotalCount());
    }

    private static String symbolOf(int s) {
        return String.format(Locale.ROOT, "S%04dUSDT", s);
    }

    /** Waits until the ledger has no entry in flight (every cancel of the round applied). */
    private static void awaitSettled(ActorSystem<Void> system, ActorRef<OrderExecution.Command> exec) throws Exception {
        for (int i = 0; i < 2000; i++) {
            OrderExecution.State s = org.apache.pekko.actor.typed.javadsl.AskPattern.<OrderExecution.Command,
                    OrderExecution.State>ask(exec, OrderExecution.GetState::new, Duration.ofSeconds(10),
                    system.scheduler()).toCompletableFuture().get(20, TimeUnit.SECONDS);
            if (s.entriesInFlight().isEmpty()) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the round's orders never ended");
    }

    /** A REST client that answers every call at once from an empty 1,000,000 USDT account. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Behavior<RestClient.Command> answering(Map<String, Long> placedNanos,
                                                          Map<String, String> placedLinkIds, CountDownLatch[] roundDone) {
        BigDecimal equity = new BigDecimal("1000000");
        WalletBalance wallet = new WalletBalance(List.of(new WalletAccount("UNIFIED", equity, equity, equity, equity,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, List.of())));
        return Behaviors.receive(RestClient.Command.class).onMessage(RestClient.Submit.class, s -> {
            Object op = s.op();
            Object answer = null;
            if (op instanceof RestOp.PlaceOrder p) {
                placedNanos.put(p.request().symbol(), System.nanoTime());
                placedLinkIds.put(p.request().symbol(), p.request().orderLinkId());
                roundDone[0].countDown();
                answer = new OrderIds("o-" + p.request().orderLinkId(), p.request().orderLinkId());
            } else if (op instanceof RestOp.GetWallet) {
                answer = wallet;
            } else if (op instanceof RestOp.GetPositions) {
                answer = new PositionsPage("linear", "", new ArrayList<>());
            } else if (op instanceof RestOp.GetOpenOrders) {
                answer = new OrdersPage("linear", "", new ArrayList<>());
            }
            ((ActorRef) s.replyTo()).tell(BybitResult.ok(answer));
            return Behaviors.same();
        }).build();
    }

    private static void awaitEquity(ActorSystem<Void> system, ActorRef<RiskActor.Command> risk) throws Exception {
        for (int i = 0; i < 200; i++) {
            RiskActor.Status s = org.apache.pekko.actor.typed.javadsl.AskPattern.<RiskActor.Command, RiskActor.Status>ask(
                    risk, RiskActor.GetStatus::new, Duration.ofSeconds(5), system.scheduler()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            if (s.equity() > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Risk never saw the wallet");
    }
}
