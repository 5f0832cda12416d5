package io.pybitbot.ops;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.node.Node;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What the account stream said lately, for the dashboard: the last fills (newest first, bounded) and each open
 * position's mark price and unrealised PnL as the exchange last reported them. Fed by a listener subscribed to the
 * AccountFeed singleton; it subscribes again every few seconds (harmless when already subscribed) so it follows the
 * singleton when it moves to another node.
 */
final class AccountTape {

    /**
     * @param closedSize part of qty that reduced a position: 0 for an entry's fill
     * @param execPnl    realised PnL of the closed part before fees, as the exchange reports it
     */
    record Fill(long timeMs, String execId, String symbol, String side, BigDecimal qty, BigDecimal price,
                BigDecimal fee, BigDecimal closedSize, BigDecimal execPnl, String orderLinkId) {}

    record Mark(BigDecimal markPrice, BigDecimal unrealisedPnl, long timeMs) {}

    private final int capacity;
    private final Deque<Fill> fills = new ArrayDeque<>();
    private final Map<String, Mark> marks = new ConcurrentHashMap<>();

    AccountTape(int capacity) {
        this.capacity = capacity;
    }

    void accept(AccountEvent event) {
        if (event instanceof AccountEvent.Execution x && x.qty().signum() > 0) {
            add(new Fill(x.timeMs(), x.execId(), x.symbol(), x.side() == null ? "" : x.side().name(), x.qty(),
                    x.price(), x.fee(), x.closedSize(), x.execPnl(), x.orderLinkId()));
        } else if (event instanceof AccountEvent.PositionUpdate p) {
            if (p.size().signum() == 0) {
                marks.remove(p.symbol());
            } else {
                marks.put(p.symbol(), new Mark(p.markPrice(), p.unrealisedPnl(), p.timeMs()));
            }
        }
    }

    private synchronized void add(Fill f) {
        if (!f.execId().isEmpty() && fills.stream().anyMatch(o -> o.execId().equals(f.execId()))) {
            return; // a fill relayed twice (reconnect, reconciliation) is still one fill
        }
        fills.addFirst(f);
        while (fills.size() > capacity) {
            fills.removeLast();
        }
    }

    /** Newest first. */
    synchronized List<Fill> recentFills() {
        return List.copyOf(fills);
    }

    Optional<Mark> mark(String symbol) {
        return Optional.ofNullable(marks.get(symbol));
    }

    /** The actor that keeps the tape subscribed to the AccountFeed singleton. */
    static final class Listener {
        private Listener() {
        }

        sealed interface Command permits Event, Subscribe, Resolved, NotUp, Stop {}

        record Event(AccountEvent event) implements Command {}

        /** Time to (re)subscribe. */
        record Subscribe() implements Command {}

        record Resolved(Node.Refs refs) implements Command {}

        record NotUp() implements Command {}

        /** The status API stops. */
        record Stop() implements Command {}

        static Behavior<Command> create(AccountTape tape, Supplier<CompletionStage<Node.Refs>> refs, Duration every) {
            return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
                ActorRef<AccountEvent> self = ctx.messageAdapter(AccountEvent.class, Event::new);
                timers.startTimerWithFixedDelay(new Subscribe(), Duration.ZERO, every);
                return Behaviors.receive(Command.class)
                        .onMessage(Event.class, e -> {
                            tape.accept(e.event());
                            return Behaviors.same();
                        })
                        .onMessage(Subscribe.class, s -> {
                            // not up yet: the next tick tries again
                            ctx.pipeToSelf(refs.get(), (r, err) -> err == null ? new Resolved(r) : new NotUp());
                            return Behaviors.same();
                        })
                        .onMessage(Resolved.class, r -> {
                            r.refs().accountFeed().tell(new AccountFeed.Subscribe(self));
                            return Behaviors.same();
                        })
                        .onMessage(NotUp.class, n -> Behaviors.same())
                        .onMessage(Stop.class, n -> Behaviors.stopped())
                        .build();
            }));
        }
    }
}
