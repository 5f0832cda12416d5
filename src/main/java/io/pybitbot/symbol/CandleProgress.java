package io.pybitbot.symbol;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Interval;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The last closed candle a symbol acted on, per timeframe, in the journal: whichever node runs the symbol next
 * (after a rebalance, a crash or a restart) acts on the candles that closed after it and on none before, so no
 * confirmed candle is missed and none is acted on twice.
 *
 * <p>A child of its {@link SymbolActor}: it lives and dies with it. The symbol records a candle after it has sent
 * that candle's signals, so a crash between the two repeats at most that one candle; its intents carry the same
 * orderLinkIds and are not placed twice. One event per candle per timeframe; a snapshot every 500 keeps recovery
 * short, and the events before the last two snapshots are deleted.
 */
public final class CandleProgress extends EventSourcedBehavior<CandleProgress.Command, CandleProgress.Processed,
        CandleProgress.State> {

    public sealed interface Command {
    }

    /** The symbol acted on the closed candle of {@code interval} starting at {@code startMs}. */
    public record Record(Interval interval, long startMs) implements Command {
    }

    /** Answered once the journal has been read. */
    public record Get(ActorRef<State> replyTo) implements Command {
    }

    /** Stops once every write before it is in the journal (a handover must not race the next owner's read). */
    public enum Stop implements Command { INSTANCE }

    /** The journaled event. */
    public record Processed(String interval, long startMs) implements CborSerializable {
    }

    /** Per timeframe code, the start of the last candle acted on. */
    public record State(Map<String, Long> lastStartMs) implements CborSerializable {
        public State {
            lastStartMs = Map.copyOf(lastStartMs);
        }

        static final State EMPTY = new State(Map.of());

        State with(Processed p) {
            Map<String, Long> m = new HashMap<>(lastStartMs);
            m.put(p.interval(), p.startMs());
            return new State(m);
        }
    }

    public static PersistenceId persistenceId(String symbol) {
        return PersistenceId.ofUniqueId("candles-" + symbol);
    }

    public static Behavior<Command> create(String symbol) {
        return new CandleProgress(persistenceId(symbol));
    }

    private CandleProgress(PersistenceId id) {
        // a journal that fails a write or a read is retried; the symbol keeps trading meanwhile
        super(id, SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(500, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public CommandHandler<Command, Processed, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Record.class, (state, r) -> {
                    // the symbol only goes back when the exchange did (a simulator started over): that is recorded too
                    Long last = state.lastStartMs().get(r.interval().code());
                    return last != null && last == r.startMs() ? Effect().none()
                            : Effect().persist(new Processed(r.interval().code(), r.startMs()));
                })
                .onCommand(Get.class, (state, g) -> Effect().reply(g.replyTo(), state))
                .onCommand(Stop.class, (state, s) -> Effect().stop())
                .build();
    }

    @Override
    public EventHandler<State, Processed> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::with);
    }
}
