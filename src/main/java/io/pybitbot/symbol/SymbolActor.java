package io.pybitbot.symbol;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;
import io.pybitbot.domain.StrategyPositions;
import io.pybitbot.exchange.bybit.ws.ConfirmedCandleGate;
import io.pybitbot.indicator.Atr;
import io.pybitbot.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One trading pair: owns its kline stream child and its strategies' state.
 *
 * <p>Lifecycle: on start it spawns the stream child and loads, over REST, enough closed candles of each
 * timeframe for every strategy's warm-up; stream events wait in the stash meanwhile. History candles
 * only warm the strategies up (their signals are ignored: they are in the past). Then it goes live:
 * every closed candle, from the stream or from a REST gap fill after a (re)connection, passes through a
 * {@link ConfirmedCandleGate}, so each is seen exactly once and in order, and is fed to the strategies
 * of its timeframe. Their signals go to {@link Outputs#signal}; every closed candle of the finest
 * timeframe is reported to {@link Outputs#candleClosed} (for TP/SL management).
 *
 * <p>Warm-up is honest: the symbol is {@link Snapshot#warm warm} only once every strategy has seen its own
 * {@link Strategy#warmupCandles()} closed candles. When the exchange has less history than that (too little
 * data, a newly listed symbol) it says so in a WARN naming what it got and what each strategy needs, goes live
 * anyway and keeps warming on live candles; a strategy that has not seen its warm-up yet sends no signal.
 *
 * <p>Bad history never trades: a backfill or gap fill with invalid candles (the exchange sent rows that
 * failed validation, or {@link HistoryCheck} finds a non-positive price, a misaligned or unclosed start)
 * puts the symbol in quarantine: no signal leaves it, its strategies are rebuilt, and the whole history is
 * read again after a back-off that doubles from {@code minBackoff} to {@code maxBackoff} until a read is
 * clean. {@link Snapshot#quarantine()} says why meanwhile. Other symbols are not affected.
 *
 * <p>A signal decided on a candle that closed longer ago than {@code maxSignalAgeFraction} of its interval
 * (a late gap fill, a slow stream) is not traded: the market has moved on since. It is logged and counted.
 *
 * <p>A strategy that throws fails this actor only; its supervisor restarts it with backoff, which
 * rebuilds the strategies from a fresh backfill while every other symbol keeps trading.
 */
public final class SymbolActor extends AbstractBehavior<SymbolActor.Command> {

    public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Symbol");

    public sealed interface Command permits Start, GetSnapshot, Poll, StreamEvent, HistoryLoaded, HistoryFailed,
            GapFilled, GapFailed, RetryHistory, Stop, ProgressKnown, ProgressStopped, PositionsKnown {
    }

    /** Wakes the entity (sharding starts it on first message); idempotent. */
    public enum Start implements Command, CborSerializable { INSTANCE }

    public record GetSnapshot(ActorRef<Snapshot> replyTo) implements Command, CborSerializable {
    }

    /** Asks the symbol to fetch, over REST, any closed candle its stream has not delivered yet. */
    public enum Poll implements Command, CborSerializable { INSTANCE }

    /**
     * Sharding's stop message (a handover to another node, a node leaving): stops once the last candle acted on is
     * in the journal, so the next owner starts right after it.
     */
    public enum Stop implements Command, CborSerializable { INSTANCE }

    private record ProgressKnown(CandleProgress.State state) implements Command {
    }

    private enum ProgressStopped implements Command { INSTANCE }

    /** The ledger's positions on this symbol by strategy, now (on asking, and on every change). */
    private record PositionsKnown(StrategyPositions positions) implements Command {
    }

    /**
     * What the symbol is doing.
     *
     * @param warm              every strategy has seen its warm-up (they may all signal)
     * @param lastClosedStartMs per timeframe code, start of the last closed candle seen
     * @param liveCandles       closed candles processed since going live
     * @param live              history loaded, acting on live candles (possibly still warming)
     * @param warmUp            per strategy, closed candles seen and needed
     * @param quarantine        why the symbol is out of trading on bad history, "" when it is not
     * @param staleSignals      signals not traded because their candle had closed too long ago
     */
    public record Snapshot(String symbol, boolean warm, Map<String, Long> lastClosedStartMs, long liveCandles,
                           long signals, List<String> strategies, boolean live, List<WarmUp> warmUp,
                           String quarantine, long staleSignals, StreamHealth stream) implements CborSerializable {
        public Snapshot {
            quarantine = quarantine == null ? "" : quarantine;
            stream = stream == null ? StreamHealth.NONE : stream;
        }

        public Snapshot(String symbol, boolean warm, Map<String, Long> lastClosedStartMs, long liveCandles,
                        long signals, List<String> strategies, boolean live, List<WarmUp> warmUp) {
            this(symbol, warm, lastClosedStartMs, liveCandles, signals, strategies, live, warmUp, "", 0, null);
        }

        public boolean quarantined() {
            return !quarantine.isEmpty();
        }
    }

    /**
     * The symbol's kline stream as its actor saw it. Times are exchange time (the replay's in sim).
     *
     * @param connections    connections opened (reconnections are this minus one)
     * @param stalls         connections replaced because they went silent past the stall timeout
     * @param lastEventMs    when the last stream event arrived, 0 before the first
     * @param lastCloseLagMs how long after its close the last confirmed candle arrived, -1 before the first
     */
    public record StreamHealth(int connections, int stalls, long lastEventMs, long lastCloseLagMs)
            implements CborSerializable {
        public static final StreamHealth NONE = new StreamHealth(0, 0, 0, -1);
    }

    /** One strategy's warm-up: closed candles of its timeframe seen so far, and how many it needs. */
    public record WarmUp(String strategy, String timeframe, long seen, int needed) implements CborSerializable {
        public boolean warm() {
            return seen >= needed;
        }
    }

    /** From the stream child. */
    record StreamEvent(MarketData.Event event) implements Command {
    }

    /** {@code epoch}: the strategy generation the read was made for; reads of an older one are ignored. */
    private record HistoryLoaded(int epoch, Interval interval, List<Candle> candles) implements Command {
    }

    private record HistoryFailed(int epoch, Interval interval, Throwable cause) implements Command {
    }

    private record GapFilled(int epoch, ConfirmedCandleGate.Gap gap, List<Candle> candles) implements Command {
    }

    private record GapFailed(int epoch, ConfirmedCandleGate.Gap gap, Throwable cause) implements Command {
    }

    private record RetryHistory(Interval interval) implements Command {
    }

    /** One strategy instance of this symbol. */
    public record Slot(String name, Interval timeframe, Strategy strategy) {
        public Slot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeframe, "timeframe");
            Objects.requireNonNull(strategy, "strategy");
        }
    }

    /** Where a symbol's decisions go; the node wires these to the singletons. */
    public interface Outputs {
        void signal(Signal signal);

        /**
         * Asks for the symbol's positions by strategy, now and on every change, sent to {@code replyTo}; asked again
         * on every {@link Start} (the node's keep-alive), so a new OrderExecution after a failover learns of it. The
         * node wires it to OrderExecution; without it every strategy is told it is flat.
         */
        default void watchPositions(String symbol, ActorRef<StrategyPositions> replyTo) {
        }

        /** A closed candle of the symbol's finest timeframe, with the ATR of that timeframe (NaN while warming). */
        void candleClosed(String symbol, Candle candle, double atr);
    }

    /**
     * @param strategies      builds fresh strategy instances for a symbol (called again on every restart)
     * @param backfillCandles closed candles loaded per timeframe before going live (at least each warm-up)
     * @param atrPeriod       ATR period reported with closed candles
     * @param maxSignalAgeFraction a signal on a candle closed longer ago than this fraction of its interval
     *                        is not traded (general.json {@code system.max_signal_age_fraction}); +infinity turns
     *                        the limit off (accelerated simulator replays, where virtual time outruns the bot)
     * @param journaled       the last candle acted on is kept in the journal ({@link CandleProgress}) and a new
     *                        owner acts on the candles closed since; off, every start only warms up on history
     */
    public record Settings(MarketData marketData, Function<String, List<Slot>> strategies, int backfillCandles,
                           int atrPeriod, Outputs outputs, Duration minBackoff, Duration maxBackoff,
                           double maxSignalAgeFraction, boolean journaled) {
        public Settings {
            Objects.requireNonNull(marketData, "marketData");
            Objects.requireNonNull(strategies, "strategies");
            Objects.requireNonNull(outputs, "outputs");
            if (!(maxSignalAgeFraction > 0 && maxSignalAgeFraction <= 1) && maxSignalAgeFraction != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("maxSignalAgeFraction must be in (0, 1] or +infinity, got "
                        + maxSignalAgeFraction);
            }
        }

        /** With the default signal age limit of 10 % of the interval, not journaled. */
        public Settings(MarketData marketData, Function<String, List<Slot>> strategies, int backfillCandles,
                        int atrPeriod, Outputs outputs, Duration minBackoff, Duration maxBackoff) {
            this(marketData, strategies, backfillCandles, atrPeriod, outputs, minBackoff, maxBackoff, 0.1, false);
        }

        public Settings journaled(boolean on) {
            return new Settings(marketData, strategies, backfillCandles, atrPeriod, outputs, minBackoff, maxBackoff,
                    maxSignalAgeFraction, on);
        }
    }

    /** The supervised behavior: a failure restarts this symbol only, with backoff. */
    public static Behavior<Command> create(String symbol, Settings settings) {
        Behavior<Command> b = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(10_000,
                stash -> new SymbolActor(ctx, timers, stash, symbol, settings))));
        return Behaviors.supervise(b).onFailure(Exception.class,
                SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final StashBuffer<Command> stash;
    private final String symbol;
    private final Settings settings;
    private List<Slot> slots;
    private final List<Interval> intervals;
    private final Interval finest;
    private final Map<Interval, Integer> warmup = new LinkedHashMap<>();
    private final Map<Interval, List<Candle>> history = new TreeMap<>(Comparator.comparingLong(Interval::millis));
    private ConfirmedCandleGate gate = new ConfirmedCandleGate();
    /** Timeframes with a REST gap fill under way (one at a time each). */
    private final java.util.Set<Interval> filling = java.util.EnumSet.noneOf(Interval.class);
    private Atr atr;
    private boolean live;
    /** Closed candles each slot has seen (same order as {@link #slots}). */
    private long[] seen;
    private boolean warm;
    /** Bumped when the strategies are rebuilt after bad history: reads made before are ignored. */
    private int epoch;
    /** Why the symbol is out of trading, or null. */
    private String quarantine;
    private Duration quarantineBackoff;
    private long staleSignals;
    private int streamConnections;
    private int streamStalls;
    private long streamLastEventMs;
    private long streamCloseLagMs = -1;
    /** End of the newest candle the stream confirmed as closed: the exchange's clock is at least there. */
    private long provenClosedMs = Long.MIN_VALUE;
    private final java.util.Set<StreamEvent> countedWhileStashed =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private long liveCandles;
    private long signals;
    /** Where OrderExecution sends this symbol's positions by strategy. */
    private final ActorRef<StrategyPositions> positionsAdapter;
    /** Each strategy's own position as the ledger last said; flat until it has. */
    private StrategyPositions positions;
    /** The journal's record of the last candle acted on per timeframe, or null when off. */
    private final ActorRef<CandleProgress.Command> progress;
    /** Per timeframe, start of the last candle acted on (by this actor or a previous owner); null until read. */
    private Map<Interval, Long> lastActed;

    private SymbolActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, StashBuffer<Command> stash,
                        String symbol, Settings settings) {
        super(ctx);
        this.ctx = ctx;
        this.timers = timers;
        this.stash = stash;
        this.symbol = symbol;
        this.settings = settings;
        this.slots = List.copyOf(settings.strategies().apply(symbol));
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("no enabled strategy trades " + symbol);
        }
        this.seen = new long[slots.size()];
        for (Slot s : slots) {
            warmup.merge(s.timeframe(), Math.max(settings.backfillCandles(), s.strategy().warmupCandles()), Math::max);
        }
        this.intervals = warmup.keySet().stream().sorted(Comparator.comparingLong(Interval::millis)).toList();
        this.finest = intervals.get(0);
        this.atr = new Atr(settings.atrPeriod());
        this.positions = new StrategyPositions(symbol, Map.of());
        this.positionsAdapter = ctx.messageAdapter(StrategyPositions.class, PositionsKnown::new);
        settings.outputs().watchPositions(symbol, positionsAdapter);
        ctx.spawn(Behaviors.supervise(KlineStream.create(settings.marketData(), symbol, intervals, ctx.getSelf()))
                        .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2)),
                "stream");
        if (settings.journaled()) {
            progress = ctx.spawn(CandleProgress.create(symbol), "progress");
            ctx.watchWith(progress, ProgressStopped.INSTANCE);
            progress.tell(new CandleProgress.Get(ctx.messageAdapter(CandleProgress.State.class, ProgressKnown::new)));
        } else {
            progress = null;
            lastActed = new java.util.EnumMap<>(Interval.class);
        }
        intervals.forEach(this::loadHistory);
        ctx.getLog().info("{}: warming up {} on {} (loading {} closed candles per timeframe)", symbol,
                slots.stream().map(Slot::name).toList(), intervals, warmup);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Start.INSTANCE, () -> {
                    settings.outputs().watchPositions(symbol, positionsAdapter);
                    return this;
                })
                .onMessage(PositionsKnown.class, m -> {
                    positions = m.positions();
                    return this;
                })
                .onMessage(GetSnapshot.class, this::onGetSnapshot)
                .onMessageEquals(Poll.INSTANCE, this::onPoll)
                .onMessage(HistoryLoaded.class, this::onHistoryLoaded)
                .onMessage(HistoryFailed.class, this::onHistoryFailed)
                .onMessage(RetryHistory.class, m -> loadHistory(m.interval()))
                .onMessage(StreamEvent.class, this::onStreamEvent)
                .onMessage(GapFilled.class, this::onGapFilled)
                .onMessage(GapFailed.class, this::onGapFailed)
                .onMessage(ProgressKnown.class, this::onProgressKnown)
                .onMessageEquals(ProgressStopped.INSTANCE, () -> {
                    throw new IllegalStateException(symbol + ": its journal of candles acted on stopped");
                })
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .build();
    }

    private Behavior<Command> onProgressKnown(ProgressKnown m) {
        lastActed = new java.util.EnumMap<>(Interval.class);
        m.state().lastStartMs().forEach((code, start) -> Interval.fromCode(code).ifPresent(i -> lastActed.put(i, start)));
        return goLiveWhenReady();
    }

    private Behavior<Command> onStop() {
        if (progress == null) {
            return Behaviors.stopped();
        }
        progress.tell(CandleProgress.Stop.INSTANCE);
        // nothing more is acted on; the journal's writes finish, then this actor stops
        return Behaviors.receive(Command.class)
                .onMessageEquals(ProgressStopped.INSTANCE, Behaviors::stopped)
                .onMessage(GetSnapshot.class, this::onGetSnapshot)
                .onAnyMessage(x -> Behaviors.same())
                .build();
    }

    /** Records, after its signals have gone, that the closed candle of {@code tf} starting at {@code startMs} was acted on. */
    private void acted(Interval tf, long startMs) {
        Long last = lastActed.get(tf);
        if (last != null && last >= startMs) {
            return;
        }
        lastActed.put(tf, startMs);
        if (progress != null) {
            progress.tell(new CandleProgress.Record(tf, startMs));
        }
    }

    private Behavior<Command> loadHistory(Interval interval) {
        int e = epoch;
        ctx.pipeToSelf(settings.marketData().recentClosed(symbol, interval, warmup.get(interval)),
                (candles, failure) -> failure == null ? new HistoryLoaded(e, interval, candles)
                        : new HistoryFailed(e, interval, failure));
        return this;
    }

    private Behavior<Command> onHistoryFailed(HistoryFailed m) {
        if (m.epoch() != epoch) {
            return this;
        }
        if (invalid(m.cause())) {
            return quarantine(invalidReason(m.cause()));
        }
        ctx.getLog().warn("{}: loading history of interval {} failed ({}); retrying in {}", symbol, m.interval(),
                m.cause().getMessage(), settings.minBackoff());
        timers.startSingleTimer(m.interval(), new RetryHistory(m.interval()), settings.minBackoff());
        return this;
    }

    private Behavior<Command> onHistoryLoaded(HistoryLoaded m) {
        if (m.epoch() != epoch) {
            return this;
        }
        var problem = HistoryCheck.firstProblem(m.candles(), m.interval(), exchangeNowMs());
        if (problem.isPresent()) {
            return quarantine("history of interval " + m.interval().code() + ": " + problem.get());
        }
        history.put(m.interval(), m.candles());
        return goLiveWhenReady();
    }

    /**
     * Once every timeframe's history is in and the journal has said what was last acted on: warms up on the history
     * and goes live. History candles after the last one acted on (by a previous owner of the symbol, on this node
     * or another) closed while nobody ran the symbol: they are acted on now, in order; the others only warm up.
     */
    private Behavior<Command> goLiveWhenReady() {
        if (history.size() < intervals.size() || lastActed == null) {
            return this;
        }
        Map<Interval, Long> resumeAfter = resumePoints();
        // warm up in time order across timeframes; past candles are not acted on unless they close after resumeAfter
        List<Candle> merged = new ArrayList<>();
        Map<Candle, Interval> tfOf = new java.util.IdentityHashMap<>();
        history.forEach((tf, cs) -> cs.forEach(c -> {
            merged.add(c);
            tfOf.put(c, tf);
        }));
        merged.sort(Comparator.comparingLong((Candle c) -> c.startMs() + tfOf.get(c).millis())
                .thenComparingLong(c -> tfOf.get(c).millis()));
        int caughtUp = 0;
        for (Candle c : merged) {
            Interval tf = tfOf.get(c);
            for (Candle delivered : gate.accept(symbol, tf, List.of(c))) {
                Long after = resumeAfter.get(tf);
                boolean acting = after != null && delivered.startMs() > after;
                caughtUp += acting ? 1 : 0;
                onClosed(tf, delivered, acting);
            }
        }
        if (caughtUp > 0) {
            ctx.getLog().info("{}: acted on {} candle(s) that closed after the last one acted on before ({}), "
                    + "while no node ran the symbol", symbol, caughtUp, resumeAfter);
        }
        history.clear();
        live = true;
        // the baseline for the next owner: everything up to here was seen (and acted on, or history)
        for (Interval i : intervals) {
            gate.lastDelivered(symbol, i).ifPresent(t -> acted(i, t));
        }
        if (quarantine != null) {
            ctx.getLog().info("{}: history is clean again, out of quarantine (was: {})", symbol, quarantine);
            quarantine = null;
            quarantineBackoff = null;
        }
        warm = allWarm();
        if (warm) {
            ctx.getLog().info("{}: warm ({} candles of history), live", symbol, merged.size());
        } else {
            ctx.getLog().warn("{}: not warm: the exchange has too little history ({}); live, warming on live candles "
                    + "(no signal from a strategy before its warm-up)", symbol, warmUpText());
        }
        intervals.forEach(this::fillGap);
        return stash.unstashAll(this);
    }

    private Behavior<Command> onStreamEvent(StreamEvent m) {
        // the stream's health is counted whatever the symbol's state (a quarantined symbol's stream still matters),
        // and once: an event stashed while warming comes through here again
        if (!countedWhileStashed.remove(m)) {
            streamLastEventMs = settings.marketData().nowMs();
            if (m.event() instanceof MarketData.Event.Connected) {
                streamConnections++;
            } else if (m.event() instanceof MarketData.Event.Stalled s) {
                streamStalls++;
                ctx.getLog().warn("{}: stream connection {} stalled (silent past the stall timeout); reconnecting",
                        symbol, s.connection());
            }
        }
        if (m.event() instanceof MarketData.Event.Stalled) {
            return this;
        }
        if (quarantine != null) {
            return this; // the history read after the back-off and its gap fill cover what is skipped here
        }
        if (!live) {
            if (stash.isFull()) {
                // a stalled REST backfill cannot be allowed to exhaust memory; the gap fill recovers
                ctx.getLog().warn("{}: stash full while warming, dropping a stream event", symbol);
            } else {
                stash.stash(m);
                countedWhileStashed.add(m);
            }
            return this;
        }
        if (m.event() instanceof MarketData.Event.Connected c) {
            if (c.connection() > 1) {
                ctx.getLog().info("{}: stream reconnected (connection {}), filling any gap", symbol, c.connection());
            }
            intervals.forEach(this::fillGap);
        } else if (m.event() instanceof MarketData.Event.Klines k && warmup.containsKey(k.interval())) {
            for (Candle c : k.candles()) {
                if (c.confirmed()) {
                    // believed up to one interval ahead of this node's estimate: a frame from the far future is not
                    // evidence, it is a lie (and must not open a gap fill of years)
                    provenClosedMs = Math.max(provenClosedMs, Math.min(c.endMs(k.interval()),
                            settings.marketData().nowMs() + k.interval().millis()));
                }
            }
            long skippedTo = skipsAhead(k.interval(), k.candles());
            if (skippedTo != Long.MIN_VALUE) {
                // a closed candle was missed without a reconnection: fetch it (and any before it) before going on
                ctx.getLog().info("{}: a closed candle of interval {} was not pushed, filling it over REST", symbol,
                        k.interval());
                fillGap(k.interval(), Math.max(exchangeNowMs(), skippedTo));
            }
            for (Candle c : gate.accept(symbol, k.interval(), k.candles())) {
                io.pybitbot.latency.TickToOrder.candleArrived(symbol, c.startMs());
                streamCloseLagMs = Math.max(0, streamLastEventMs - c.endMs(k.interval()));
                onClosed(k.interval(), c);
            }
        }
        return this;
    }

    /**
     * Per timeframe, the last candle acted on when the history read reaches back to it (the candles after it are to
     * be acted on); none when nothing was acted on before, or when it is older than the history (a long outage:
     * those candles are past, the history only warms up).
     */
    private Map<Interval, Long> resumePoints() {
        Map<Interval, Long> out = new java.util.EnumMap<>(Interval.class);
        for (Interval i : intervals) {
            Long last = lastActed.get(i);
            List<Candle> cs = history.get(i);
            if (last == null || cs == null || cs.isEmpty()) {
                continue;
            }
            long first = cs.get(0).startMs();
            long newest = cs.get(cs.size() - 1).startMs();
            if (last < first - i.millis()) {
                ctx.getLog().warn("{}: the last candle of interval {} acted on (start {}) is older than the {} candles "
                        + "of history read; the candles in between are not acted on", symbol, i.code(), last, cs.size());
            } else if (last > newest) {
                ctx.getLog().warn("{}: the journal says a candle of interval {} starting at {} was acted on, later than "
                        + "the exchange's newest closed candle ({}); was the exchange replaced?", symbol, i.code(), last,
                        newest);
                lastActed.remove(i);
            } else {
                out.put(i, last);
            }
        }
        return out;
    }

    /**
     * The start of a closed candle that arrives without following the last delivered one (the candles before it are
     * missing), or {@code Long.MIN_VALUE} when none does.
     */
    private long skipsAhead(Interval interval, List<Candle> candles) {
        Long last = gate.lastDelivered(symbol, interval).orElse(null);
        if (last == null) {
            return Long.MIN_VALUE;
        }
        for (Candle c : candles) {
            if (c.confirmed() && c.startMs() > last + interval.millis()) {
                return c.startMs();
            }
        }
        return Long.MIN_VALUE;
    }

    private Behavior<Command> onPoll() {
        if (live) {
            intervals.forEach(this::fillGap);
        }
        return this;
    }

    private void fillGap(Interval interval) {
        fillGap(interval, exchangeNowMs());
    }

    /**
     * The exchange's time as best known: this node's estimate of its clock, or the end of the newest candle it pushed
     * as closed when that is later (a lagging estimate must not make closed candles look unclosed).
     */
    private long exchangeNowMs() {
        return Math.max(settings.marketData().nowMs(), provenClosedMs);
    }

    /** Fetches the closed candles missing before {@code nowMs}, unless a fill of this timeframe is under way. */
    private void fillGap(Interval interval, long nowMs) {
        if (!filling.contains(interval)) {
            gate.gapToFill(symbol, interval, nowMs).ifPresent(this::startFill);
        }
    }

    private void startFill(ConfirmedCandleGate.Gap gap) {
        filling.add(gap.interval());
        int e = epoch;
        ctx.pipeToSelf(settings.marketData().closedBetween(symbol, gap.interval(), gap.fromStartMs(), gap.toStartMs()),
                (candles, failure) -> failure == null ? new GapFilled(e, gap, candles) : new GapFailed(e, gap, failure));
    }

    private Behavior<Command> onGapFilled(GapFilled m) {
        if (m.epoch() != epoch) {
            return this;
        }
        ConfirmedCandleGate.Gap g = m.gap();
        filling.remove(g.interval());
        var problem = HistoryCheck.firstProblem(m.candles(), g.interval(), exchangeNowMs());
        if (problem.isPresent()) {
            return quarantine("gap fill of interval " + g.interval().code() + ": " + problem.get());
        }
        List<Candle> delivered = gate.accept(symbol, g.interval(), m.candles());
        if (!delivered.isEmpty()) {
            ctx.getLog().info("{}: filled {} missed candle(s) of interval {} over REST", symbol, m.candles().size(),
                    g.interval());
        }
        delivered.forEach(c -> onClosed(g.interval(), c));
        if (gate.lastDelivered(symbol, g.interval()).orElse(Long.MIN_VALUE) < g.toStartMs()) {
            gate.abandonGap(symbol, g.interval()).forEach(c -> onClosed(g.interval(), c));
            ctx.getLog().warn("{}: the exchange returned no candle for part of {} to {} (interval {})", symbol,
                    g.fromStartMs(), g.toStartMs(), g.interval());
        }
        // candles pushed during the fill may have skipped further ahead: the gate holds them behind a new gap
        gate.openGap(symbol, g.interval()).ifPresent(this::startFill);
        return this;
    }

    private Behavior<Command> onGapFailed(GapFailed m) {
        if (m.epoch() != epoch) {
            return this;
        }
        ConfirmedCandleGate.Gap g = m.gap();
        filling.remove(g.interval());
        if (invalid(m.cause())) {
            return quarantine(invalidReason(m.cause()));
        }
        ctx.getLog().warn("{}: gap fill of interval {} failed ({}); releasing held candles, will retry on the next "
                + "reconnection", symbol, g.interval(), m.cause().getMessage());
        gate.abandonGap(symbol, g.interval()).forEach(c -> onClosed(g.interval(), c));
        return this;
    }

    private boolean allWarm() {
        for (int i = 0; i < slots.size(); i++) {
            if (seen[i] < slots.get(i).strategy().warmupCandles()) {
                return false;
            }
        }
        return true;
    }

    private List<WarmUp> warmUps() {
        List<WarmUp> out = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            out.add(new WarmUp(s.name(), s.timeframe().code(), seen[i], s.strategy().warmupCandles()));
        }
        return out;
    }

    /** E.g. "strategy_a on 5: 62 of 101 candles, strategy_b on 5: 62 of 51". */
    private String warmUpText() {
        StringBuilder b = new StringBuilder();
        for (WarmUp w : warmUps()) {
            b.append(b.isEmpty() ? "" : ", ").append(w.strategy()).append(" on ").append(w.timeframe()).append(": ")
                    .append(w.seen()).append(" of ").append(w.needed()).append(" candles");
        }
        return b.toString();
    }

    /**
     * An entry's stop and target as the log shows them: at the precision of the price they were computed from (the
     * exchange rounds them to its tick); an exit has none.
     */
    static String levels(io.pybitbot.domain.Signal signal) {
        if (signal.kind() != io.pybitbot.domain.Signal.Kind.ENTRY) {
            return "";
        }
        int scale = Math.max(1, java.math.BigDecimal.valueOf(signal.referencePrice()).stripTrailingZeros().scale());
        return " (SL " + rounded(signal.stopLoss(), scale) + ", TP " + rounded(signal.takeProfit(), scale) + ")";
    }

    private static String rounded(double v, int scale) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).setScale(scale, java.math.RoundingMode.HALF_UP)
                .toPlainString() : "none";
    }

    /** The invalid history's own words, not those of the future that carried it. */
    private static String invalidReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MarketData.InvalidHistory) {
                return c.getMessage();
            }
        }
        return t.getMessage();
    }

    private static boolean invalid(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MarketData.InvalidHistory) {
                return true;
            }
        }
        return false;
    }

    /**
     * Out of trading on bad data: no signal leaves, the strategies start afresh (they may have seen part of
     * the bad history) and the whole history is read again after a growing back-off.
     */
    private Behavior<Command> quarantine(String reason) {
        quarantineBackoff = quarantineBackoff == null ? settings.minBackoff()
                : min(quarantineBackoff.multipliedBy(2), settings.maxBackoff());
        ctx.getLog().warn("{}: quarantined, not trading: {}; reading history again in {}", symbol, reason,
                quarantineBackoff);
        quarantine = reason;
        live = false;
        epoch++;
        history.clear();
        filling.clear();
        stash.clear();
        countedWhileStashed.clear();
        slots = List.copyOf(settings.strategies().apply(symbol));
        seen = new long[slots.size()];
        warm = false;
        gate = new ConfirmedCandleGate();
        atr = new Atr(settings.atrPeriod());
        for (Interval i : intervals) {
            timers.startSingleTimer(i, new RetryHistory(i), quarantineBackoff);
        }
        return this;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** True (and logged) when the candle a signal was decided on closed longer ago than the configured limit. */
    private boolean stale(Interval tf, Candle c, String strategy, Signal signal) {
        long ageMs = settings.marketData().nowMs() - c.endMs(tf);
        double limit = tf.millis() * settings.maxSignalAgeFraction();
        if (ageMs <= limit) {
            return false;
        }
        staleSignals++;
        ctx.getLog().warn("{}: {} signal {} {} not traded: its candle closed {} ms ago, over the limit of {} ms "
                + "(system.max_signal_age_fraction {} of interval {})", symbol, strategy, signal.kind(), signal.side(),
                ageMs, (long) limit, settings.maxSignalAgeFraction(), tf.code());
        return true;
    }

    /** One closed candle of {@code tf} from the live stream or a gap fill, exactly once and in order. */
    private void onClosed(Interval tf, Candle c) {
        onClosed(tf, c, live);
    }

    /** One closed candle, exactly once and in order; {@code acting}: its signals are traded (else: warm-up). */
    private void onClosed(Interval tf, Candle c, boolean acting) {
        if (tf == finest) {
            atr.update(c.high(), c.low(), c.close());
        }
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.timeframe() != tf) {
                continue;
            }
            // history warms the indicators up; what was held back then is not known, and not this position
            Signal signal = s.strategy().onCandle(c, acting ? positions.of(s.name()) : StrategyPosition.FLAT);
            seen[i]++;
            boolean slotWarm = seen[i] >= s.strategy().warmupCandles();
            if (signal != null && acting && !slotWarm) {
                ctx.getLog().info("{}: {} is still warming ({} of {} candles): its signal {} {} is not acted on",
                        symbol, s.name(), seen[i], s.strategy().warmupCandles(), signal.kind(), signal.side());
            } else if (signal != null && acting && !stale(tf, c, s.name(), signal)) {
                signals++;
                ctx.getLog().info("{}: {} signal {} {} at {}{}: {}", symbol, s.name(), signal.kind(), signal.side(),
                        signal.referencePrice(), levels(signal), signal.reason());
                settings.outputs().signal(signal);
            }
        }
        if (live && !warm && allWarm()) {
            warm = true;
            ctx.getLog().info("{}: warm on live candles ({}), every strategy may signal", symbol, warmUpText());
        }
        if (acting) {
            liveCandles++;
            if (tf == finest) {
                settings.outputs().candleClosed(symbol, c, atr.isReady() ? atr.value() : Double.NaN);
            }
            acted(tf, c.startMs());
        }
    }

    private Behavior<Command> onGetSnapshot(GetSnapshot m) {
        Map<String, Long> last = new LinkedHashMap<>();
        for (Interval i : intervals) {
            gate.lastDelivered(symbol, i).ifPresent(t -> last.put(i.code(), t));
        }
        m.replyTo().tell(new Snapshot(symbol, warm, last, liveCandles, signals, slots.stream().map(Slot::name).toList(),
                live, warmUps(), quarantine, staleSignals,
                new StreamHealth(streamConnections, streamStalls, streamLastEventMs, streamCloseLagMs)));
        return this;
    }
}
