package io.pybitbot.node;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.StrategyConfig;
import io.pybitbot.domain.Interval;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.symbol.SymbolActor;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Drives the embedded simulator (started paused) for the {@code run} command: it waits until every
 * symbol has loaded its history and gone live (a symbol short of history keeps warming on the replay), then steps the replay one tick at a time, paced to at most a multiple of real time and,
 * in lock-step (the default of {@code run}), waiting at every close of the strategies' timeframe it waits until the node has acted on it
 * (every symbol has processed the closed candle, no entry or order is on its way, and the node's
 * positions match the exchange's, twice in a row). In lock-step a market order decided on a close fills
 * at the next candle's open, exactly as the backtester fills it.
 */
public final class ReplayDriver {
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

    private final ActorSystem<Node.Command> system;
    private final SimulatedExchange sim;
    private final AppConfig cfg;
    private final Interval timeframe;
    private final long tf;

    public ReplayDriver(ActorSystem<Node.Command> system, SimulatedExchange sim, AppConfig cfg) {
        this.system = system;
        this.sim = sim;
        this.cfg = cfg;
        this.timeframe = cfg.strategies().enabled().values().stream().map(StrategyConfig::timeframe)
                .min(Comparator.comparingLong(Interval::millis)).orElseThrow();
        this.tf = timeframe.millis();
    }

    /**
     * @param speed    virtual time per wall time (e.g. 10000), or +infinity for as fast as possible
     * @param lockstep wait for the node at every close ({@code speed} is then an upper bound)
     */
    public void run(double speed, boolean lockstep) throws Exception {
        run(speed, lockstep, () -> false);
    }

    /** As above, ending early once {@code stop} says so (a graceful stop: the replay ends where it is). */
    public void run(double speed, boolean lockstep, java.util.function.BooleanSupplier stop) throws Exception {
        Node.Refs refs = AskPattern.<Node.Command, Node.Refs>ask(system, Node.GetRefs::new, ASK, system.scheduler())
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        settle(refs, Long.MIN_VALUE, false);
        long boundary = Math.floorDiv(sim.virtualNowMs(), tf) * tf;
        long wallStart = System.nanoTime();
        long virtualStart = sim.virtualNowMs();
        while (!sim.core().finished() && !stop.getAsBoolean()) {
            if (lockstep && Math.floorDiv(sim.virtualNowMs() + sim.core().tickMs(), tf) * tf > boundary) {
                // the next tick closes the candle: a stop or target that fired inside it must be known to the node
                // first, as the backtester knows it, or the strategy decides on that close with a stale position
                awaitPositionsAgree(refs, boundary);
            }
            sim.step(1);
            if (lockstep) {
                long b = Math.floorDiv(sim.virtualNowMs(), tf) * tf;
                if (b > boundary) {
                    boundary = b;
                    settle(refs, b - tf, true);
                }
            }
            if (Double.isFinite(speed)) {
                // keep pace: virtual time elapsed / speed is how much wall time should have passed (in lock-step an
                // upper bound: a node that keeps up is not replayed faster than this)
                long dueNanos = (long) ((sim.virtualNowMs() - virtualStart) / speed * 1_000_000);
                long sleepNanos = dueNanos - (System.nanoTime() - wallStart);
                if (sleepNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleepNanos);
                } else if (lockstep) {
                    wallStart -= sleepNanos; // time spent waiting for the node is not made up for by running faster
                }
            }
        }
    }

    /** Waits until every symbol has seen the candle starting at {@code closedStart} and the orders settled. */
    private void settle(Node.Refs refs, long closedStart, boolean orders) throws Exception {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        String code = timeframe.code();
        ClusterSharding sharding = ClusterSharding.get(system);
        for (String symbol : cfg.general().symbols()) {
            if (closedStart != Long.MIN_VALUE && closedStart > sim.core().lastCandleStartMs(symbol)) {
                continue; // its data ended before this candle (the bundled series have different lengths)
            }
            long pollAt = System.nanoTime() + 200_000_000L;
            while (true) {
                SymbolActor.Snapshot s = sharding.entityRefFor(SymbolActor.ENTITY_KEY, symbol)
                        .<SymbolActor.Snapshot>ask(SymbolActor.GetSnapshot::new, ASK).toCompletableFuture()
                        .get(ASK.toMillis(), TimeUnit.MILLISECONDS);
                if (s.live() && (closedStart == Long.MIN_VALUE || s.lastClosedStartMs().getOrDefault(code, Long.MIN_VALUE) >= closedStart)) {
                    break;
                }
                if (closedStart != Long.MIN_VALUE && System.nanoTime() > pollAt) {
                    // the close was not pushed (e.g. before the subscription was active): fetch it over REST
                    sharding.entityRefFor(SymbolActor.ENTITY_KEY, symbol).tell(SymbolActor.Poll.INSTANCE);
                    pollAt = System.nanoTime() + 1_000_000_000L;
                }
                waitOrFail(deadline, symbol + " did not process the candle of " + closedStart);
            }
        }
        if (!orders) {
            // before the first candle: OrderExecution's start-up reconciliation must be over, or the first signals
            // wait for it while the replay moves on, and fill at a later price than the backtest's
            while (askExecution(refs).starting()) {
                waitOrFail(deadline, "the order execution did not finish its start-up reconciliation");
            }
            return;
        }
        String previous = null;
        while (true) {
            OrderExecution.State st = askExecution(refs);
            // an entry is settled once the exchange has it (it may fill at the next open); before that it is
            // with Risk or on the wire
            // a limit entry's cancel must reach the exchange before the next close could fill it
            boolean told = cfg.general().symbols().stream()
                    .filter(sym -> closedStart <= sim.core().lastCandleStartMs(sym))
                    .allMatch(sym -> st.candleClosedMs().getOrDefault(sym, Long.MIN_VALUE) >= closedStart);
            boolean sending = !told || st.cancelsInFlight() > 0
                    || st.ordersByLinkId().values().stream().anyMatch(o -> o.status().equals("Sending"))
                    || st.entriesInFlight().stream().anyMatch(sym -> st.ordersByLinkId().values().stream()
                    .noneMatch(o -> o.symbol().equals(sym) && o.kind() == io.pybitbot.ledger.OrderLinkIds.Kind.ENTRY
                            && !o.status().equals("Sending") && !o.status().equals("Filled")
                            && !o.status().equals("Rejected")));
            io.pybitbot.risk.actor.RiskActor.Status risk = AskPattern.<io.pybitbot.risk.actor.RiskActor.Command,
                            io.pybitbot.risk.actor.RiskActor.Status>ask(refs.risk(), io.pybitbot.risk.actor.RiskActor.GetStatus::new,
                            ASK, system.scheduler()).toCompletableFuture().get(ASK.toMillis(), TimeUnit.MILLISECONDS);
            // Risk must see the same positions before the next close asks it about an entry
            String view = fingerprint(st) + " risk=" + risk.openPositions();
            String exchange = exchangeFingerprint() + " risk=" + sim.core().engine().openPositions().stream()
                    .filter(p -> p.size() != null && p.size().signum() != 0).count();
            // the TP/SL manager has acted on this close (break-even, trailing) and the exchange has answered
            io.pybitbot.tpsl.TpSlActor.State tpsl = AskPattern.<io.pybitbot.tpsl.TpSlActor.Command,
                            io.pybitbot.tpsl.TpSlActor.State>ask(refs.tpsl(), io.pybitbot.tpsl.TpSlActor.GetState::new,
                            ASK, system.scheduler()).toCompletableFuture().get(ASK.toMillis(), TimeUnit.MILLISECONDS);
            boolean tpslIdle = tpsl.callsInFlight() == 0 && cfg.general().symbols().stream()
                    .filter(sym -> closedStart <= sim.core().lastCandleStartMs(sym))
                    .allMatch(sym -> tpsl.lastPriceMs().getOrDefault(sym, Long.MIN_VALUE) > closedStart);
            String progress = view + " tpsl=" + tpsl.stopsSet() + "/" + tpsl.trailingStopsSet() + "/"
                    + tpsl.breakEvenMoves();
            if (!sending && tpslIdle && view.equals(exchange) && progress.equals(previous)) {
                return;
            }
            previous = progress;
            waitOrFail(deadline, "orders did not settle after the candle of " + closedStart + ": node " + view
                    + ", exchange " + exchange + ", entries in flight " + st.entriesInFlight() + ", TP/SL calls in flight "
                    + tpsl.callsInFlight());
        }
    }

    /** Waits until the node's positions are the exchange's (fills made inside the candle have reached it). */
    private void awaitPositionsAgree(Node.Refs refs, long candleStart) throws Exception {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (true) {
            String node = fingerprint(askExecution(refs));
            String exchange = exchangeFingerprint();
            if (node.equals(exchange)) {
                return;
            }
            waitOrFail(deadline, "positions did not agree before the close of the candle of " + candleStart
                    + ": node " + node + ", exchange " + exchange);
        }
    }

    private OrderExecution.State askExecution(Node.Refs refs) throws Exception {
        return AskPattern.<OrderExecution.Command, OrderExecution.State>ask(refs.orderExecution(),
                OrderExecution.GetState::new, ASK, system.scheduler()).toCompletableFuture()
                .get(ASK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void waitOrFail(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new Stuck("lock-step replay stuck: " + what);
        }
        Thread.sleep(2);
    }

    private static String fingerprint(OrderExecution.State st) {
        Map<String, String> m = new TreeMap<>();
        st.positionsBySymbol().forEach((sym, p) -> {
            if (p.size() != null && p.size().signum() != 0) {
                m.put(sym, p.side() + ":" + p.size().stripTrailingZeros().toPlainString());
            }
        });
        return m.toString();
    }

    private String exchangeFingerprint() {
        Map<String, String> m = new TreeMap<>();
        for (PositionView p : sim.core().engine().openPositions()) {
            if (p.size() != null && p.size().signum() != 0 && p.side() != null) {
                m.put(p.symbol(), p.side() + ":" + p.size().stripTrailingZeros().toPlainString());
            }
        }
        return m.toString();
    }

    /** The lock-step replay waited in vain for the node: a runtime failure of the run, said in one line. */
    public static final class Stuck extends IllegalStateException {
        Stuck(String message) {
            super(message);
        }
    }
}
