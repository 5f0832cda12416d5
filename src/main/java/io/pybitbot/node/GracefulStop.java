package io.pybitbot.node;

import io.pybitbot.config.ExecutionConfig.OnStop;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.CancelAllResult;
import io.pybitbot.execution.OrderExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a graceful stop (SIGINT / SIGTERM), run from the command's thread before the actor system
 * terminates: no new entries; wait (at most the shutdown timeout) until every order on its way has an answer
 * from the exchange; then {@code execution.json $.on_stop}: {@code keep} leaves positions under their
 * exchange-side stops, {@code cancel_orders} cancels resting orders, {@code flatten} also closes every
 * position. Every step is logged; what could not be done in time is logged as an error, never hidden. In a
 * cluster, {@code cancel_orders} and {@code flatten} are applied only by the last node to stop: while other nodes
 * are up they trade the account on.
 */
public final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final ActorSystem<Node.Command> system;
    private final BybitRestApi api;
    private final List<String> symbols;
    private final OnStop onStop;
    private final Duration timeout;
    private final Duration ask;

    /**
     * @param timeout {@code pybit.shutdown-timeout}: the longest wait for answers and for positions to close
     * @param ask     {@code pybit.ask-timeout}: one question to an actor
     */
    public GracefulStop(ActorSystem<Node.Command> system, BybitRestApi api, List<String> symbols, OnStop onStop,
                        Duration timeout, Duration ask) {
        this.system = Objects.requireNonNull(system, "system");
        this.api = Objects.requireNonNull(api, "api");
        this.symbols = List.copyOf(symbols);
        this.onStop = Objects.requireNonNull(onStop, "onStop");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.ask = Objects.requireNonNull(ask, "ask");
    }

    /** @param why what asked for the stop, e.g. "SIGTERM" */
    public void run(String why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info("graceful stop ({}): no new entries; waiting up to {} s for orders on their way", why,
                timeout.toSeconds());
        Node.Refs refs;
        try {
            AskPattern.<Node.Command, Boolean>ask(system, Node.StopEntries::new, ask, system.scheduler())
                    .toCompletableFuture().get(ask.toMillis(), TimeUnit.MILLISECONDS);
            refs = AskPattern.<Node.Command, Node.Refs>ask(system, Node.GetRefs::new, ask, system.scheduler())
                    .toCompletableFuture().get(ask.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.error("graceful stop: the node does not answer ({}); stopping without on_stop {}", e.toString(),
                    onStop.code());
            return;
        }
        int inFlight = awaitOrdersAnswered(refs, deadline);
        if (inFlight > 0) {
            LOG.error("graceful stop: {} order(s) still without an answer from the exchange after {} s; "
                    + "check the exchange's open orders", inFlight, timeout.toSeconds());
        } else {
            LOG.info("graceful stop: every order sent has an answer from the exchange");
        }
        int others = otherMembersUp();
        if (others > 0 && onStop != OnStop.KEEP) {
            // the account is the cluster's, not this node's: cancelling or flattening would pull the rug from
            // under the nodes that go on trading it (and take this node's symbols over)
            LOG.info("graceful stop: {} other node(s) of the cluster keep trading the account; on_stop {} is left "
                    + "to the last node to stop", others, onStop.code());
            return;
        }
        switch (onStop) {
            case KEEP -> LOG.info("graceful stop: on_stop keep: {} position(s) stay open under their exchange-side stops",
                    openPositions().size());
            case CANCEL_ORDERS -> {
                cancelOrders();
                LOG.info("graceful stop: on_stop cancel_orders: {} position(s) stay open under their exchange-side stops",
                        openPositions().size());
            }
            case FLATTEN -> {
                cancelOrders();
                flatten(refs, deadline);
            }
        }
    }

    /** Members other than this node that are up (0 for a node alone, or one whose cluster is gone). */
    private int otherMembersUp() {
        Cluster cluster = Cluster.get(system);
        int n = 0;
        for (Member m : cluster.state().getMembers()) {
            if ((m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp())
                    && !m.uniqueAddress().equals(cluster.selfMember().uniqueAddress())
                    && !cluster.state().getUnreachable().contains(m)) {
                n++;
            }
        }
        return n;
    }

    /** Orders OrderExecution sent that have no answer yet (or entries with Risk); 0 once all are answered. */
    private int awaitOrdersAnswered(Node.Refs refs, long deadline) {
        while (true) {
            int pending;
            try {
                OrderExecution.State st = AskPattern.<OrderExecution.Command, OrderExecution.State>ask(
                        refs.orderExecution(), OrderExecution.GetState::new, ask, system.scheduler())
                        .toCompletableFuture().get(ask.toMillis(), TimeUnit.MILLISECONDS);
                pending = pending(st);
            } catch (Exception e) {
                pending = -1;
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                return Math.max(pending, 0) + (pending < 0 ? 1 : 0);
            }
            sleep(50);
        }
    }

    private static int pending(OrderExecution.State st) {
        // "Unknown" is an answer too (a lost response, not retried; or an order on its way at a restart that
        // could not be looked up): waiting for it would only spend the whole shutdown timeout
        int sending = (int) st.ordersByLinkId().values().stream().filter(o -> o.status().equals("Sending")).count();
        int withRisk = (int) st.entriesInFlight().stream().filter(sym -> st.ordersByLinkId().values().stream()
                .noneMatch(o -> o.symbol().equals(sym) && o.kind() == io.pybitbot.ledger.OrderLinkIds.Kind.ENTRY
                        && !o.status().equals("Sending"))).count();
        return sending + withRisk;
    }

    private void cancelOrders() {
        int cancelled = 0;
        for (String symbol : symbols) {
            BybitResult<CancelAllResult> r = join(api.cancelAll(symbol));
            if (r instanceof BybitResult.Ok<CancelAllResult> ok) {
                cancelled += ok.value().list() == null ? 0 : ok.value().list().size();
            } else {
                LOG.error("graceful stop: cancelling {}'s orders failed: {}", symbol,
                        ((BybitResult.Err<CancelAllResult>) r).error().describe());
            }
        }
        LOG.info("graceful stop: cancelled {} resting order(s) on {}", cancelled, symbols);
    }

    private void flatten(Node.Refs refs, long deadline) {
        List<String> open = openPositions();
        LOG.info("graceful stop: on_stop flatten: closing {} position(s) {}", open.size(), open);
        if (open.isEmpty()) {
            return;
        }
        refs.orderExecution().tell(new OrderExecution.FlattenAll("graceful stop (on_stop flatten)"));
        // OrderExecution closes what it owns; whatever is still open after a few seconds (a position it does
        // not know) is closed here, reduce-only, so flatten means flat
        long direct = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(5).toNanos());
        while (!open.isEmpty() && System.nanoTime() < direct) {
            sleep(100);
            open = openPositions();
        }
        if (!open.isEmpty()) {
            closeDirectly();
        }
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
            open = openPositions();
        }
        if (open.isEmpty()) {
            LOG.info("graceful stop: every position is closed");
        } else {
            LOG.error("graceful stop: {} still open after {} s; close them on the exchange", open, timeout.toSeconds());
        }
    }

    /** Reduce-only market orders for every open position, exactly its size (already on the instrument grid). */
    private void closeDirectly() {
        for (PositionInfo p : positionRows()) {
            io.pybitbot.domain.Side side = io.pybitbot.domain.Side.fromWire(p.side());
            String linkId = "stop-" + p.symbol() + "-" + Long.toString(System.currentTimeMillis(), 36);
            var request = io.pybitbot.exchange.bybit.OrderRequest.closeMarket(p.symbol(), side.opposite(), p.size(),
                    linkId.length() > 36 ? linkId.substring(0, 36) : linkId);
            BybitResult<?> r = join(api.placeOrder(request));
            LOG.info("graceful stop: closing {} {} {} directly: {}", p.symbol(), p.side(), p.size().toPlainString(),
                    r instanceof BybitResult.Err<?> e ? e.error().describe() : "sent");
        }
    }

    /** Symbols with an open position, as the exchange lists them. */
    private List<String> openPositions() {
        return positionRows().stream().map(PositionInfo::symbol).toList();
    }

    private List<PositionInfo> positionRows() {
        List<PositionInfo> open = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            BybitResult<PositionsPage> r = join(api.positions(Optional.empty(), cursor));
            for (int attempt = 1; attempt < 4 && !(r instanceof BybitResult.Ok<PositionsPage>); attempt++) {
                sleep(300L * attempt); // a busy moment (10002, 5xx) must not pass for "no positions"
                r = join(api.positions(Optional.empty(), cursor));
            }
            if (!(r instanceof BybitResult.Ok<PositionsPage> ok)) {
                LOG.warn("graceful stop: could not read positions: {}", ((BybitResult.Err<PositionsPage>) r).error().describe());
                return open;
            }
            for (PositionInfo p : ok.value().list()) {
                if (p.size() != null && p.size().signum() != 0) {
                    open.add(p);
                }
            }
            cursor = Optional.ofNullable(ok.value().nextPageCursor()).filter(c -> !c.isEmpty());
        } while (cursor.isPresent());
        return open;
    }

    private static <T> BybitResult<T> join(java.util.concurrent.CompletionStage<BybitResult<T>> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return BybitResult.err(new io.pybitbot.exchange.bybit.BybitError.Transient(-1, e.toString()));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
