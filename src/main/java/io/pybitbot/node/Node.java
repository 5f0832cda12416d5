package io.pybitbot.node;

import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPositions;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.rest.RestClient;
import io.pybitbot.symbol.SymbolActor;
import io.pybitbot.tpsl.TpSlActor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The guardian of a node: joins the cluster (itself when no seed node is configured), then starts the
 * singletons (REST client, account feed, Risk, OrderExecution, TpSl) and one sharded {@link SymbolActor}
 * per configured symbol, and keeps every symbol alive (after a crash or a rebalance the entity is
 * started again by the next keep-alive).
 */
public final class Node {

    private static final org.slf4j.Logger STOPPING_LOG = org.slf4j.LoggerFactory.getLogger(Node.class);

    public sealed interface Command {
    }

    private record Up(SelfUp up) implements Command {
    }

    /** Starts the node with its parts; built outside the actor, where blocking set-up work belongs. */
    public record Start(Parts parts) implements Command {
    }

    private enum KeepSymbolsAlive implements Command { INSTANCE }

    /**
     * A graceful stop begins: from now on ENTRY signals are dropped (exits still go through); answers true
     * once the gate is closed.
     */
    public record StopEntries(ActorRef<Boolean> replyTo) implements Command {
    }

    /** Asks for the proxies, once the node is up (for the run command's summary and tests). */
    public record GetRefs(ActorRef<Refs> replyTo) implements Command {
    }

    public record Refs(ActorRef<RiskActor.Command> risk, ActorRef<OrderExecution.Command> orderExecution,
                       ActorRef<TpSlActor.Command> tpsl, ActorRef<AccountFeed.Command> accountFeed,
                       ActorRef<RestClient.Command> rest) {
    }

    /** How to build each part; the run command fills it in per mode. */
    public record Parts(Behavior<RestClient.Command> restClient,
                        Function<ActorRef<RestClient.Command>, Behavior<AccountFeed.Command>> accountFeed,
                        Function<Singletons, Behavior<RiskActor.Command>> risk,
                        Function<Singletons, Behavior<OrderExecution.Command>> orderExecution,
                        Function<Singletons, Behavior<TpSlActor.Command>> tpsl,
                        List<String> symbols,
                        Function<SymbolActor.Outputs, SymbolActor.Settings> symbolSettings) {
        public Parts {
            Objects.requireNonNull(restClient, "restClient");
            symbols = List.copyOf(symbols);
        }
    }

    /** The singleton proxies, for the behaviors that need each other's. */
    public record Singletons(ActorRef<RestClient.Command> rest, ActorRef<AccountFeed.Command> accountFeed,
                             ActorRef<RiskActor.Command> risk, ActorRef<OrderExecution.Command> orderExecution,
                             ActorRef<TpSlActor.Command> tpsl) {
    }

    private Node() {
    }

    /**
     * The guardian: joins the cluster and waits for {@link Start}; requests for the refs wait until the
     * node is up and started.
     */
    public static Behavior<Command> create(boolean selfJoin) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(SelfUp.class, Up::new), SelfUp.class));
            if (selfJoin) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            ctx.getLog().info("node {} joining the cluster", cluster.selfMember().address());
            return waiting(null, false);
        });
    }

    /** Before both the cluster is up and the parts have arrived. */
    private static Behavior<Command> waiting(Parts parts, boolean up) {
        if (parts != null && up) {
            return start(parts);
        }
        return Behaviors.withStash(100, stash -> Behaviors.receive(Command.class)
                .onMessage(Up.class, m -> stash.unstashAll(waiting(parts, true)))
                .onMessage(Start.class, m -> stash.unstashAll(waiting(m.parts(), up)))
                .onMessage(GetRefs.class, m -> {
                    stash.stash(m);
                    return Behaviors.same();
                })
                .onMessage(StopEntries.class, m -> {
                    stash.stash(m);
                    return Behaviors.same();
                })
                .build());
    }

    private static Behavior<Command> start(Parts parts) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ClusterSingleton singletons = ClusterSingleton.get(ctx.getSystem());
            ActorRef<RestClient.Command> rest = restClientSingleton(ctx.getSystem(), parts.restClient());
            ActorRef<AccountFeed.Command> feed = singletons.init(SingletonActor.of(
                    supervised(parts.accountFeed().apply(rest)), "account-feed"));
            // Risk and OrderExecution need each other's proxy: build them when the singleton starts
            AtomicReference<Singletons> all = new AtomicReference<>();
            ActorRef<RiskActor.Command> risk = singletons.init(SingletonActor.of(
                    supervised(Behaviors.setup(c -> parts.risk().apply(all.get()))), "risk"));
            ActorRef<OrderExecution.Command> execution = singletons.init(SingletonActor.of(
                    supervised(Behaviors.setup(c -> parts.orderExecution().apply(all.get()))), "order-execution"));
            ActorRef<TpSlActor.Command> tpsl = singletons.init(SingletonActor.of(
                    supervised(Behaviors.setup(c -> parts.tpsl().apply(all.get()))), "tpsl"));
            all.set(new Singletons(rest, feed, risk, execution, tpsl));

            AtomicBoolean entriesOpen = new AtomicBoolean(true);
            SymbolActor.Outputs outputs = new SymbolActor.Outputs() {
                @Override
                public void signal(Signal signal) {
                    if (signal.kind() == Signal.Kind.ENTRY && !entriesOpen.get()) {
                        // called on the SymbolActor's thread: the guardian's ctx.getLog() would throw there
                        STOPPING_LOG.info("entry {} {} {} dropped: the node is stopping", signal.strategy(),
                                signal.symbol(), signal.side());
                        return;
                    }
                    execution.tell(new OrderExecution.Submit(signal));
                }

                @Override
                public void watchPositions(String symbol, ActorRef<StrategyPositions> replyTo) {
                    execution.tell(new OrderExecution.WatchPositions(symbol, replyTo));
                }

                @Override
                public void candleClosed(String symbol, Candle candle, double atr) {
                    tpsl.tell(new TpSlActor.PriceUpdate(symbol, candle.close(), atr, candle.startMs() + 1));
                    execution.tell(new OrderExecution.CandleClosed(symbol, candle.startMs()));
                }
            };
            SymbolActor.Settings symbolSettings = parts.symbolSettings().apply(outputs);
            ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
            // a symbol handed over to another node first finishes journaling the last candle it acted on
            sharding.init(Entity.of(SymbolActor.ENTITY_KEY, e -> SymbolActor.create(e.getEntityId(), symbolSettings))
                    .withStopMessage(SymbolActor.Stop.INSTANCE));
            ctx.spawn(ClusterStatus.create(parts.symbols(),
                    ctx.getSystem().settings().config().getInt("pekko.cluster.sharding.number-of-shards")),
                    ClusterStatus.NAME);
            ctx.getLog().info("node up: singletons started, {} symbol(s): {}", parts.symbols().size(), parts.symbols());
            keepAlive(sharding, parts.symbols());
            timers.startTimerWithFixedDelay(KeepSymbolsAlive.INSTANCE, Duration.ofSeconds(10));
            Refs refs = new Refs(risk, execution, tpsl, feed, rest);
            return Behaviors.receive(Command.class)
                    .onMessageEquals(KeepSymbolsAlive.INSTANCE, () -> {
                        keepAlive(sharding, parts.symbols());
                        return Behaviors.same();
                    })
                    .onMessage(GetRefs.class, m -> {
                        m.replyTo().tell(refs);
                        return Behaviors.same();
                    })
                    .onMessage(StopEntries.class, m -> {
                        entriesOpen.set(false);
                        ctx.getLog().info("node stopping: no new entries from now on");
                        m.replyTo().tell(true);
                        return Behaviors.same();
                    })
                    .onMessage(Up.class, m -> Behaviors.same())
                    .build();
        }));
    }

    /**
     * The proxy to the cluster's one REST client. The singleton's name makes it one per cluster: every node's
     * calls on the account (orders, stops, position and wallet reads) meet in one queue and spend one per-UID
     * budget, wherever they come from.
     */
    public static ActorRef<RestClient.Command> restClientSingleton(ActorSystem<?> system,
                                                                   Behavior<RestClient.Command> client) {
        return ClusterSingleton.get(system).init(SingletonActor.of(supervised(client), "rest-client"));
    }

    private static void keepAlive(ClusterSharding sharding, List<String> symbols) {
        for (String s : symbols) {
            sharding.entityRefFor(SymbolActor.ENTITY_KEY, s).tell(SymbolActor.Start.INSTANCE);
        }
    }

    /** Singletons restart with backoff rather than stop on a failure. */
    private static <T> Behavior<T> supervised(Behavior<T> b) {
        return Behaviors.supervise(b).onFailure(Exception.class,
                SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    }
}
