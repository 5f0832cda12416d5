package io.pybitbot.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.ledger.OrderView;
import io.pybitbot.ledger.PositionView;
import io.pybitbot.node.Node;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.symbol.SymbolActor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What the status API reports, gathered by asking the node's actors (each ask bounded, so one slow actor shows
 * as "unavailable" instead of hanging the answer) and written as JSON.
 */
final class NodeReport {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final ActorSystem<Node.Command> system;
    private final String mode;
    private final List<String> symbols;
    private final Duration timeout;
    private final InstantSource clock;
    private final AccountTape tape;
    private final java.util.function.Supplier<java.util.Map<String, Long>> invalidRows;

    /** @param invalidRows rows of exchange data dropped at the venue boundary, by kind (kline, position, ...) */
    NodeReport(ActorSystem<Node.Command> system, String mode, List<String> symbols, Duration timeout,
               InstantSource clock, AccountTape tape, java.util.function.Supplier<java.util.Map<String, Long>> invalidRows) {
        this.invalidRows = invalidRows;
        this.system = system;
        this.tape = tape;
        this.clock = clock;
        this.mode = mode;
        this.symbols = List.copyOf(symbols);
        this.timeout = timeout;
    }

    /** The node's actors once it is up; fails (within the timeout) while it is still starting. */
    CompletionStage<Node.Refs> refs() {
        return AskPattern.ask(system, Node.GetRefs::new, timeout, system.scheduler());
    }

    CompletionStage<RiskActor.Status> risk(Node.Refs refs) {
        return AskPattern.ask(refs.risk(), RiskActor.GetStatus::new, timeout, system.scheduler());
    }

    ObjectNode health(boolean up) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", up ? "UP" : "STARTING");
        n.put("mode", mode);
        n.put("node", Cluster.get(system).selfMember().address().toString());
        return n;
    }

    CompletionStage<ObjectNode> status() {
        return refs().thenCompose(refs -> {
            CompletableFuture<RiskActor.Status> risk = risk(refs).toCompletableFuture();
            CompletableFuture<OrderExecution.State> exec = AskPattern.<OrderExecution.Command, OrderExecution.State>ask(
                    refs.orderExecution(), OrderExecution.GetState::new, timeout, system.scheduler()).toCompletableFuture();
            CompletableFuture<io.pybitbot.rest.RestClient.Stats> rest = AskPattern.<io.pybitbot.rest.RestClient.Command,
                    io.pybitbot.rest.RestClient.Stats>ask(refs.rest(), io.pybitbot.rest.RestClient.GetStats::new, timeout,
                    system.scheduler()).toCompletableFuture();
            CompletableFuture<io.pybitbot.account.AccountFeed.Stats> feed = AskPattern.<io.pybitbot.account.AccountFeed.Command,
                    io.pybitbot.account.AccountFeed.Stats>ask(refs.accountFeed(), io.pybitbot.account.AccountFeed.GetStats::new,
                    timeout, system.scheduler()).toCompletableFuture();
            List<CompletableFuture<ObjectNode>> syms = new ArrayList<>();
            for (String s : symbols) {
                syms.add(symbol(s));
            }
            List<CompletableFuture<?>> all = new ArrayList<>(syms);
            all.add(risk);
            all.add(exec);
            all.add(rest);
            all.add(feed);
            return CompletableFuture.allOf(all.stream().map(f -> f.handle((v, e) -> null))
                    .toArray(CompletableFuture[]::new)).thenApply(done -> {
                ObjectNode n = health(true);
                n.put("time", clock.instant().toString());
                n.set("cluster", cluster());
                n.set("risk", risk.isCompletedExceptionally() ? unavailable("risk") : risk(risk.join()));
                if (exec.isCompletedExceptionally()) {
                    n.set("execution", unavailable("order execution"));
                } else {
                    execution(n, exec.join());
                }
                trades(n);
                n.set("rest", rest.isCompletedExceptionally() ? unavailable("the REST client") : rest(rest.join()));
                n.set("invalidData", invalidData());
                n.set("accountStream", feed.isCompletedExceptionally() ? unavailable("the account feed")
                        : accountStream(feed.join()));
                ArrayNode symbolsNode = n.putArray("symbols");
                syms.forEach(f -> symbolsNode.add(f.join()));
                return n;
            });
        });
    }

    /** The private stream as the account feed saw it. */
    private static ObjectNode accountStream(io.pybitbot.account.AccountFeed.Stats s) {
        ObjectNode a = JSON.createObjectNode();
        a.put("streaming", s.streaming());
        a.put("connections", s.connections());
        a.put("reconnects", Math.max(0, s.connections() - 1));
        a.put("stalls", s.stalls());
        a.put("events", s.events());
        a.put("implausibleDropped", s.implausibleDropped());
        return a;
    }

    /** What the venue boundary dropped: a total and counts by kind, as Prometheus counters expect (never down). */
    private ObjectNode invalidData() {
        ObjectNode d = JSON.createObjectNode();
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>(invalidRows.get());
        d.put("total", byKind.values().stream().mapToLong(Long::longValue).sum());
        ObjectNode kinds = d.putObject("byKind");
        byKind.forEach(kinds::put);
        return d;
    }

    /** The one REST client's queue: what waits (by priority), what runs, what the rate limits held back. */
    private static ObjectNode rest(io.pybitbot.rest.RestClient.Stats s) {
        ObjectNode r = JSON.createObjectNode();
        r.put("queued", s.queued());
        ObjectNode byPriority = r.putObject("queuedByPriority");
        s.queuedByPriority().forEach((p, q) -> byPriority.put(p.name(), q));
        r.put("inFlight", s.inFlight());
        r.put("submitted", s.submitted());
        r.put("completed", s.completed());
        r.put("deferredByLimiter", s.deferredByLimiter());
        r.put("refusedQueueFull", s.rejectedQueueFull());
        r.put("maxQueueWaitMs", s.maxQueueWait().toNanos() / 1e6);
        r.put("meanQueueWaitMs", s.meanQueueWait().toNanos() / 1e6);
        ArrayNode buckets = r.putArray("buckets");
        for (io.pybitbot.rest.RestClient.BucketStats b : s.buckets()) {
            ObjectNode bn = buckets.addObject();
            bn.put("name", b.name());
            bn.put("capacity", b.capacity());
            bn.put("available", b.available());
            bn.put("calls", b.calls());
            bn.put("rateLimited", b.rateLimited());
        }
        return r;
    }

    private ObjectNode cluster() {
        Cluster cluster = Cluster.get(system);
        ObjectNode c = JSON.createObjectNode();
        c.put("self", cluster.selfMember().address().toString());
        c.put("singletons", io.pybitbot.node.ClusterStatus.singletonHolder(cluster.state())
                .map(m -> m.address().toString()).orElse(""));
        ArrayNode members = c.putArray("members");
        for (Member m : cluster.state().getMembers()) {
            ObjectNode mn = members.addObject();
            mn.put("address", m.address().toString());
            mn.put("status", m.status().toString());
            mn.put("reachable", !cluster.state().getUnreachable().contains(m));
        }
        return c;
    }

    private static ObjectNode risk(RiskActor.Status s) {
        ObjectNode r = JSON.createObjectNode();
        r.put("state", s.tradingState().name());
        r.put("haltReason", s.haltReason());
        r.put("equity", s.equity());
        r.put("peakEquity", s.peakEquity());
        r.put("dayStartEquity", s.dayStartEquity());
        r.put("drawdownPct", s.peakEquity() > 0 ? 100 * (s.peakEquity() - s.equity()) / s.peakEquity() : 0);
        r.put("openPositions", s.openPositions());
        r.put("totalExposure", s.totalExposure());
        ObjectNode halted = r.putObject("haltedSymbols");
        new java.util.TreeMap<>(s.haltedSymbols()).forEach(halted::put);
        ObjectNode paused = r.putObject("pausedStrategies");
        new java.util.TreeMap<>(s.pausedStrategies()).forEach(paused::put);
        return r;
    }

    /** The account stream's last fills, newest first: what the dashboard lists as recent trades. */
    private void trades(ObjectNode n) {
        ArrayNode trades = n.putArray("trades");
        for (AccountTape.Fill f : tape.recentFills()) {
            ObjectNode t = trades.addObject();
            t.put("time", Instant.ofEpochMilli(f.timeMs()).toString());
            t.put("timeMs", f.timeMs());
            t.put("symbol", f.symbol());
            t.put("side", f.side());
            t.put("kind", f.closedSize().signum() > 0 ? "exit" : "entry");
            t.put("qty", f.qty());
            t.put("price", f.price());
            t.put("fee", f.fee());
            t.put("realisedPnl", f.execPnl());
            t.put("orderLinkId", f.orderLinkId());
        }
    }

    private void execution(ObjectNode n, OrderExecution.State s) {
        ArrayNode positions = n.putArray("positions");
        for (PositionView p : s.positionsBySymbol().values()) {
            ObjectNode pn = positions.addObject();
            pn.put("symbol", p.symbol());
            pn.put("strategy", p.strategy());
            pn.put("side", p.side().name());
            pn.put("size", p.size());
            pn.put("entryPrice", p.entryPrice());
            pn.put("stopLoss", p.stopLoss());
            pn.put("takeProfit", p.takeProfit());
            pn.put("protected", p.stopLoss() != null && p.stopLoss().signum() > 0);
            tape.mark(p.symbol()).ifPresent(m -> {
                pn.put("markPrice", m.markPrice());
                pn.put("unrealisedPnl", m.unrealisedPnl());
            });
        }
        ArrayNode orders = n.putArray("openOrders");
        for (OrderView o : s.ordersByLinkId().values()) {
            if (isOpen(o.status())) {
                orders.addPOJO(o);
            }
        }
        ObjectNode e = n.putObject("execution");
        e.put("submitted", s.submitted());
        e.put("denied", s.denied());
        e.put("rejected", s.rejected());
        e.putPOJO("denialsByReason", s.denialsByReason());
        e.putPOJO("entriesInFlight", s.entriesInFlight());
        e.put("reconcileDifferences", s.reconcileDifferences());
        e.put("lastReconcileDifference", s.lastReconcileDifference());
    }

    private static boolean isOpen(String status) {
        return switch (status) {
            case OrderView.SENDING, "Accepted", "New", "Created", "PartiallyFilled", "Untriggered" -> true;
            default -> false;
        };
    }

    private CompletableFuture<ObjectNode> symbol(String symbol) {
        return ClusterSharding.get(system).entityRefFor(SymbolActor.ENTITY_KEY, symbol)
                .<SymbolActor.Snapshot>ask(SymbolActor.GetSnapshot::new, timeout).toCompletableFuture()
                .handle((s, e) -> {
                    ObjectNode n = JSON.createObjectNode();
                    n.put("symbol", symbol);
                    if (e != null) {
                        n.put("state", "unavailable");
                        return n;
                    }
                    n.put("state", s.quarantined() ? "quarantined" : s.live() ? "live" : "warming up");
                    if (s.quarantined()) {
                        n.put("quarantine", s.quarantine());
                    }
                    n.putPOJO("lastClosedCandle", lastClosed(s.lastClosedStartMs()));
                    n.put("liveCandles", s.liveCandles());
                    n.put("signals", s.signals());
                    n.put("staleSignals", s.staleSignals());
                    n.putPOJO("strategies", s.strategies());
                    SymbolActor.StreamHealth h = s.stream();
                    ObjectNode stream = n.putObject("stream");
                    stream.put("connections", h.connections());
                    stream.put("reconnects", Math.max(0, h.connections() - 1));
                    stream.put("stalls", h.stalls());
                    stream.put("lastEvent", h.lastEventMs() > 0 ? Instant.ofEpochMilli(h.lastEventMs()).toString() : "");
                    stream.put("closeLagMs", h.lastCloseLagMs());
                    return n;
                });
    }

    private static Map<String, String> lastClosed(Map<String, Long> startMsByTimeframe) {
        Map<String, String> out = new java.util.TreeMap<>();
        startMsByTimeframe.forEach((tf, ms) -> out.put(tf, Instant.ofEpochMilli(ms).toString()));
        return out;
    }

    private static ObjectNode unavailable(String what) {
        ObjectNode n = JSON.createObjectNode();
        n.put("unavailable", what + " did not answer in time");
        return n;
    }
}
