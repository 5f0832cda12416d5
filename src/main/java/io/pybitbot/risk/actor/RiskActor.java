package io.pybitbot.risk.actor;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Signal;
import io.pybitbot.risk.AccountSnapshot;
import io.pybitbot.risk.AccountView;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.EquitySanity;
import io.pybitbot.risk.PendingEntries;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.RiskState;
import io.pybitbot.risk.TradingState;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Singleton "risk": answers "may this entry go out, and how big?" with {@link RiskRules}, against the
 * account as the {@link AccountFeed} reports it (equity, peak, the UTC day's starting equity, open
 * positions and their exposure): the feed's snapshot when Risk subscribes, then its events. Risk reads
 * nothing over REST itself, so its exposure is the feed's view, the same TpSl and OrderExecution see. Event-sourced: peak equity, the day and its starting equity, a halt and
 * cooldowns are journaled ({@link RiskEvent}), so a restart resumes them instead of re-arming from zero.
 *
 * <p>It trips the drawdown kill switch on every equity update and announces a halt on the
 * {@link #HALT_TOPIC} topic ({@link HaltNotice}; OrderExecution flattens when the notice says so). The UTC
 * day rolls over by the clock (a timer, and before every check), so a flat account's daily loss limit lifts
 * at midnight without waiting for a wallet event. In sim the clock is the replay's virtual time.
 *
 * <p>Until the first wallet figure of this run arrives equity is unknown, so every check is denied
 * ({@link DenyReason#EQUITY_UNKNOWN}, not a misleading "equity is 0"): no entry is sized against an unknown account. Times for
 * cooldowns are the signal's candle time (the same clock the backtester uses).
 */
public final class RiskActor extends EventSourcedBehavior<RiskActor.Command, RiskEvent, RiskBook> {

    public sealed interface Command permits Check, Account, TradeClosed, EntryEnded, GetStatus, Halt, ResetHalt,
            HaltSymbol, PauseStrategy, ResumeStrategy, PositionClosed, RolloverTick, PendingExpired, EntryResting {}

    /** Pre-trade check of an ENTRY signal; the answer is a {@link Verdict}. */
    public record Check(Signal signal, InstrumentSpec spec, ActorRef<Verdict> replyTo)
            implements Command, CborSerializable {}

    /** An account event (wallet, position, ...) from the {@link AccountFeed}. */
    public record Account(AccountEvent event) implements Command, CborSerializable {}

    /**
     * OrderExecution saw {@code symbol}'s position close (its closing fill) and is about to ask about the reversal
     * entry waiting on it: Risk stops counting the position now rather than when the feed's update arrives, which
     * may be after the question. The feed's later updates still win.
     */
    public record PositionClosed(String symbol, long timeMs) implements Command, CborSerializable {}

    /** A position closed with this net PnL (after fees); a loss starts the symbol's cooldown. */
    public record TradeClosed(String symbol, BigDecimal netPnl, long timeMs) implements Command, CborSerializable {}

    /** The symbol's approved entry ended without opening a position (rejected, cancelled, lost, too small). */
    public record EntryEnded(String symbol) implements Command, CborSerializable {}

    /**
     * The symbol's approved entry is a limit order still resting on the book: it keeps counting as a position, its
     * too-old deadline starts again (a limit may rest longer than a market order takes to show a position).
     */
    public record EntryResting(String symbol) implements Command, CborSerializable {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command, CborSerializable {}

    /**
     * An operator halts new entries (journaled, as {@link DenyReason#TRADING_HALTED}); positions stay open under
     * their stops. Already halted: nothing changes. Answers with the status.
     */
    public record Halt(String operator, String why, ActorRef<Status> replyTo) implements Command, CborSerializable {}

    /**
     * Halts entries on {@code symbol} alone (journaled, as {@link DenyReason#SYMBOL_HALTED}) because its protective
     * actions kept failing; {@code source} is who says so (tpsl, execution). Already halted: nothing changes. Its
     * position, if any, stays under whatever protection it has; exits are still allowed.
     */
    public record HaltSymbol(String symbol, String source, String why) implements Command, CborSerializable {}

    /**
     * An operator pauses {@code strategy} (journaled): its entries are denied ({@link DenyReason#STRATEGY_PAUSED})
     * until {@link ResumeStrategy}; its open positions keep their stops and exits. Answers with the status.
     */
    public record PauseStrategy(String strategy, String operator, ActorRef<Status> replyTo)
            implements Command, CborSerializable {}

    /** An operator resumes a paused strategy (journaled). Not paused: nothing changes. Answers with the status. */
    public record ResumeStrategy(String strategy, String operator, ActorRef<Status> replyTo)
            implements Command, CborSerializable {}

    /**
     * An operator lifts a halt (journaled), and every symbol halt with it. The peak restarts from current equity, or the drawdown that tripped
     * the kill switch would trip it again on the next update. Answers with the new status.
     */
    public record ResetHalt(String operator, ActorRef<Status> replyTo) implements Command, CborSerializable {}

    /**
     * @param haltReason why entries are halted ("" while ACTIVE)
     * @param day        the UTC day (days since the epoch) the day start equity belongs to
     * @param haltedSymbols symbols whose entries are halted on their own, with why
     * @param pausedStrategies strategies an operator paused, with who and when
     */
    public record Status(double equity, double peakEquity, double dayStartEquity, int openPositions,
                         double totalExposure, TradingState tradingState, String haltReason, long day,
                         Map<String, String> haltedSymbols, Map<String, String> pausedStrategies)
            implements CborSerializable {
        public Status {
            haltedSymbols = Map.copyOf(Objects.requireNonNullElse(haltedSymbols, Map.of()));
            pausedStrategies = Map.copyOf(Objects.requireNonNullElse(pausedStrategies, Map.of()));
        }
    }

    /**
     * Published on {@link #HALT_TOPIC} when the kill switch trips.
     *
     * @param flatten the limits say {@code flatten_on_halt}: close every position
     */
    public record HaltNotice(String reason, String message, boolean flatten, long timeMs) implements CborSerializable {}

    /** The topic halts are announced on. */
    public static final String HALT_TOPIC = "risk-halts";

    /** The journal id of the (one) Risk of a cluster. */
    public static final String PERSISTENCE_ID = "risk";

    private enum RolloverTick implements Command { INSTANCE }

    private record PendingExpired(String symbol, long token) implements Command {}

    /**
     * How long an approved entry counts as a position without news of it (wall time: a sped-up replay must not
     * age it faster than messages travel). Longer than any answer the placement can wait for.
     */
    static final Duration PENDING_ENTRY_TTL = Duration.ofMinutes(2);

    private static final long DAY_MS = 86_400_000L;
    /** How often the clock is checked for a new UTC day (wall time; the sim's virtual day passes faster). */
    private static final Duration ROLLOVER_CHECK = Duration.ofMillis(250);

    /** @param clock exchange time: the UTC day, and account events that carry none */
    public static Behavior<Command> create(RiskRules rules, ActorRef<AccountFeed.Command> accountFeed,
                                           InstantSource clock) {
        return create(rules, accountFeed, clock, PERSISTENCE_ID);
    }

    /** As above, journaled under {@code persistenceId} (tests run several Risks on one journal). */
    public static Behavior<Command> create(RiskRules rules, ActorRef<AccountFeed.Command> accountFeed,
                                           InstantSource clock, String persistenceId) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(accountFeed, "accountFeed");
        Objects.requireNonNull(clock, "clock");
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new RiskActor(ctx, timers, rules, accountFeed, clock, persistenceId)));
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final RiskRules rules;
    private final InstantSource clock;
    private final ActorRef<Topic.Command<HaltNotice>> halts;
    // what this run has seen of the account; not journaled: after a restart it comes from the exchange again
    private final Map<String, Double> exposureBySymbol = new HashMap<>();
    private double equity;
    /** The last finite figure reported, believed or not: an absurd jump is measured between consecutive figures. */
    private double lastReported;
    private boolean walletSeen;
    private final PendingEntries pending = new PendingEntries();

    private RiskActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, RiskRules rules,
                      ActorRef<AccountFeed.Command> accountFeed, InstantSource clock, String persistenceId) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.ctx = ctx;
        this.timers = timers;
        this.rules = rules;
        this.clock = clock;
        this.halts = ctx.spawn(Topic.create(HaltNotice.class, HALT_TOPIC), "halt-topic");
        // the feed answers with its snapshot (positions, wallet) and then every event: Risk's only account source
        accountFeed.tell(new AccountFeed.Subscribe(ctx.messageAdapter(AccountEvent.class, Account::new)));
        timers.startTimerWithFixedDelay(RolloverTick.INSTANCE, ROLLOVER_CHECK);
    }

    @Override
    public RiskBook emptyState() {
        return RiskBook.empty();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }

    @Override
    public SignalHandler<RiskBook> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), book -> {
            if (book.dayKnown() || book.peakEquity() > 0 || book.halted() || !book.symbolHalts().isEmpty()
                    || !book.pausedStrategies().isEmpty()) {
                ctx.getLog().info("Risk recovered from the journal: {}", describe(book));
            }
        }).build();
    }

    /** Peak, day start, halt and cooldowns: the journaled state, in the words of the console. */
    private static String cooldowns(Map<String, Long> untilMs) {
        Map<String, String> out = new java.util.TreeMap<>();
        untilMs.forEach((symbol, ms) -> out.put(symbol, "until " + java.time.Instant.ofEpochMilli(ms)));
        return out.toString();
    }

    private static String describe(RiskBook book) {
        return String.format("peak equity %.2f, day start equity %.2f, halted: %s%s", book.peakEquity(),
                book.dayStartEquity(), book.halted() ? "yes (" + book.haltReason() + ": " + book.haltMessage() + ")" : "no",
                book.cooldownUntilMs().isEmpty() ? "" : ", cooldowns " + cooldowns(book.cooldownUntilMs()))
                + (book.symbolHalts().isEmpty() ? "" : ", symbols halted " + book.symbolHalts())
                + (book.pausedStrategies().isEmpty() ? "" : ", strategies paused " + book.pausedStrategies().keySet());
    }

    @Override
    public EventHandler<RiskBook, RiskEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(RiskBook::apply);
    }

    @Override
    public CommandHandler<Command, RiskEvent, RiskBook> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Check.class, this::onCheck)
                .onCommand(Account.class, this::onAccount)
                .onCommand(TradeClosed.class, this::onTradeClosed)
                .onCommand(EntryEnded.class, (book, e) -> {
                    settle(e.symbol());
                    return Effect().none();
                })
                .onCommand(PendingExpired.class, this::onPendingExpired)
                .onCommand(EntryResting.class, (book, e) -> {
                    long token = pending.token(e.symbol());
                    if (token > 0) {
                        timers.startSingleTimer("pending-" + e.symbol(), new PendingExpired(e.symbol(), token),
                                PENDING_ENTRY_TTL);
                    }
                    return Effect().none();
                })
                .onCommand(GetStatus.class, (book, g) -> Effect().reply(g.replyTo(), status(book)))
                .onCommand(Halt.class, this::onHalt)
                .onCommand(ResetHalt.class, this::onResetHalt)
                .onCommand(HaltSymbol.class, this::onHaltSymbol)
                .onCommand(PauseStrategy.class, this::onPauseStrategy)
                .onCommand(ResumeStrategy.class, this::onResumeStrategy)
                .onCommand(PositionClosed.class, (book, c) -> {
                    exposureBySymbol.remove(c.symbol());
                    return Effect().none();
                })
                .onCommand(RolloverTick.class, (book, t) -> persistAll(rollover(book, clock.millis())))
                .build();
    }

    private Effect<RiskEvent, RiskBook> onCheck(RiskBook book, Check check) {
        Signal signal = check.signal();
        if (signal.kind() != Signal.Kind.ENTRY) {
            // exits reduce risk and are never checked; answer rather than crash on a caller's mistake
            return Effect().reply(check.replyTo(), new Verdict.Denied(DenyReason.INVALID_PRICE,
                    "risk checks entries only, got an EXIT for " + signal.symbol()));
        }
        if (!walletSeen) {
            return Effect().reply(check.replyTo(), new Verdict.Denied(DenyReason.EQUITY_UNKNOWN,
                    "no wallet figure from the exchange yet this run; entries wait for it"));
        }
        List<RiskEvent> events = rollover(book, Math.max(clock.millis(), signal.candleStartMs()));
        RiskBook current = applyAll(book, events);
        RiskState state = current.toRiskState();
        // a new check on a symbol means its earlier entry is over (OrderExecution sends one at a time per symbol)
        pending.settled(signal.symbol());
        AccountView withPending = pending.view(equity, current.peakEquity(), current.dayStartEquity(),
                exposureBySymbol);
        Verdict verdict = rules.checkEntry(signal, check.spec(), withPending, state, signal.candleStartMs());
        if (verdict instanceof Verdict.Approved a) {
            long token = pending.approved(signal.symbol(), a.notional().doubleValue());
            timers.startSingleTimer("pending-" + signal.symbol(), new PendingExpired(signal.symbol(), token),
                    PENDING_ENTRY_TTL);
        }
        if (!current.halted() && state.halted()) {
            events.add(halted(state));
        }
        return persistAll(events).thenReply(check.replyTo(), b -> verdict);
    }

    private void settle(String symbol) {
        pending.settled(symbol);
        timers.cancel("pending-" + symbol);
    }

    private Effect<RiskEvent, RiskBook> onPendingExpired(RiskBook book, PendingExpired e) {
        if (pending.expire(e.symbol(), e.token())) {
            ctx.getLog().warn("Risk: the entry approved on {} {} ago has neither a position nor an end; it no longer"
                    + " counts as a position", e.symbol(), PENDING_ENTRY_TTL);
        }
        return Effect().none();
    }

    private Effect<RiskEvent, RiskBook> onAccount(RiskBook book, Account a) {
        AccountEvent e = a.event();
        if (e instanceof AccountEvent.WalletUpdate w) {
            return persistAll(onEquity(book, w.totalEquity().doubleValue(), timeOf(w)));
        }
        if (e instanceof AccountEvent.PositionUpdate p) {
            onPosition(p);
        }
        if (e instanceof AccountEvent.Snapshot s) {
            // the feed's whole view: a symbol it does not list is flat
            exposureBySymbol.keySet().removeIf(symbol -> s.position(symbol).isEmpty());
            s.positions().forEach(this::onPosition);
            if (s.wallet() != null) {
                return persistAll(onEquity(book, s.wallet().totalEquity().doubleValue(), timeOf(s.wallet())));
            }
        }
        return Effect().none();
    }

    private void onPosition(AccountEvent.PositionUpdate p) {
        if (p.open()) {
            exposureBySymbol.put(p.symbol(), p.notional().doubleValue());
            settle(p.symbol());
        } else {
            exposureBySymbol.remove(p.symbol());
        }
    }

    /**
     * The events a new equity figure gives: the first day, a new peak, a tripped kill switch. An absurd figure (not
     * finite, not positive, or a jump beyond {@code max_equity_jump_pct}) is not believed: it neither sizes entries
     * nor raises the peak, and it halts entries (journaled, announced) until an operator resumes.
     */
    private List<RiskEvent> onEquity(RiskBook book, double newEquity, long timeMs) {
        String absurd = EquitySanity.why(lastReported, newEquity, rules.limits().maxEquityJumpPct());
        if (Double.isFinite(newEquity)) {
            lastReported = newEquity;
        }
        if (!absurd.isEmpty()) {
            List<RiskEvent> events = new ArrayList<>();
            ctx.getLog().error("Risk: absurd account data: {}; the figure is not used", absurd);
            if (!book.halted()) {
                events.add(new RiskEvent.Halted(DenyReason.ABSURD_ACCOUNT_DATA.name(), "absurd account data: " + absurd,
                        timeMs));
            }
            return events;
        }
        // a figure from a new UTC day: that day starts at the last figure of the one before, not at this one
        List<RiskEvent> events = walletSeen ? rollover(book, timeMs) : new ArrayList<>();
        equity = newEquity;
        if (!walletSeen) {
            walletSeen = true;
            ctx.getLog().info("Risk: equity {} USDT", String.format("%.2f", newEquity));
            events.addAll(rollover(book, Math.max(timeMs, clock.millis())));
        }
        if (newEquity > book.peakEquity()) {
            events.add(new RiskEvent.PeakRaised(newEquity, timeMs));
        }
        RiskBook current = applyAll(book, events);
        RiskState state = current.toRiskState();
        if (rules.updateKillSwitch(snapshot(current), state, timeMs)) {
            events.add(halted(state));
        }
        return events;
    }

    /** A new UTC day by {@code nowMs} starts at the current equity (once this run knows it). */
    private List<RiskEvent> rollover(RiskBook book, long nowMs) {
        List<RiskEvent> events = new ArrayList<>();
        long today = Math.floorDiv(nowMs, DAY_MS);
        if (walletSeen && today > book.day()) {
            events.add(new RiskEvent.DayRolledOver(today, equity, nowMs));
        }
        return events;
    }

    private static RiskEvent.Halted halted(RiskState state) {
        return new RiskEvent.Halted(state.haltReason().name(), state.haltMessage(), state.haltedAtMs());
    }

    private EffectBuilder<RiskEvent, RiskBook> persistAll(List<RiskEvent> events) {
        if (events.isEmpty()) {
            return Effect().none();
        }
        boolean halts = events.stream().anyMatch(RiskEvent.Halted.class::isInstance);
        for (RiskEvent e : events) {
            if (e instanceof RiskEvent.DayRolledOver d) {
                ctx.getLog().info("Risk: UTC day {} starts at equity {}", java.time.LocalDate.ofEpochDay(d.day()),
                        String.format("%.2f", d.dayStartEquity()));
            }
        }
        return Effect().persist(events).thenRun(book -> {
            // what a restart will recover, said once it is journaled (the same words as the recovery line)
            ctx.getLog().info("Risk journaled: {}", describe(book));
            if (halts) {
                announceHalt(book);
            }
        });
    }

    private void announceHalt(RiskBook book) {
        boolean flatten = rules.limits().flattenOnHalt();
        ctx.getLog().error("RISK HALTED: {} ({}); no new entries until an operator resets it{}", book.haltMessage(),
                book.haltReason(), flatten ? "; flattening every position" : "");
        halts.tell(Topic.publish(new HaltNotice(book.haltReason(), book.haltMessage(), flatten, book.haltedAtMs())));
    }

    private Effect<RiskEvent, RiskBook> onTradeClosed(RiskBook book, TradeClosed t) {
        RiskState state = book.toRiskState();
        long before = state.cooldownUntil(t.symbol());
        rules.onTradeClosed(state, t.symbol(), t.netPnl(), t.timeMs());
        long after = state.cooldownUntil(t.symbol());
        if (after == before) {
            return Effect().none();
        }
        ctx.getLog().info("Risk: {} closed at {} USDT, no entry on it until {}", t.symbol(),
                t.netPnl().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(), java.time.Instant.ofEpochMilli(after));
        return Effect().persist(new RiskEvent.CooldownStarted(t.symbol(), after, t.timeMs()))
                .thenRun(b -> ctx.getLog().info("Risk journaled: {}", describe(b)));
    }

    private Effect<RiskEvent, RiskBook> onHalt(RiskBook book, Halt h) {
        if (book.halted()) {
            return Effect().reply(h.replyTo(), status(book));
        }
        String message = "halted by " + h.operator() + (h.why().isBlank() ? "" : ": " + h.why());
        ctx.getLog().warn("RISK HALTED: {}; no new entries until an operator resumes", message);
        return Effect().persist(new RiskEvent.Halted(DenyReason.TRADING_HALTED.name(), message, clock.millis()))
                .thenReply(h.replyTo(), this::status);
    }

    private Effect<RiskEvent, RiskBook> onHaltSymbol(RiskBook book, HaltSymbol h) {
        if (book.symbolHalts().containsKey(h.symbol())) {
            return Effect().none();
        }
        ctx.getLog().error("RISK HALTED {}: {} (from {}); no new entries on it until an operator resumes", h.symbol(),
                h.why(), h.source());
        return Effect().persist(new RiskEvent.SymbolHalted(h.symbol(), h.source(), h.why(), clock.millis()))
                .thenRun(b -> ctx.getLog().info("Risk journaled: {}", describe(b)));
    }

    private Effect<RiskEvent, RiskBook> onPauseStrategy(RiskBook book, PauseStrategy p) {
        if (book.pausedStrategies().containsKey(p.strategy())) {
            return Effect().reply(p.replyTo(), status(book));
        }
        ctx.getLog().warn("Risk: strategy {} paused by {}; no new entries from it until it is resumed", p.strategy(),
                p.operator());
        return Effect().persist(new RiskEvent.StrategyPaused(p.strategy(), p.operator(), clock.millis()))
                .thenRun(b -> ctx.getLog().info("Risk journaled: {}", describe(b)))
                .thenReply(p.replyTo(), this::status);
    }

    private Effect<RiskEvent, RiskBook> onResumeStrategy(RiskBook book, ResumeStrategy r) {
        if (!book.pausedStrategies().containsKey(r.strategy())) {
            return Effect().reply(r.replyTo(), status(book));
        }
        ctx.getLog().warn("Risk: strategy {} resumed by {}", r.strategy(), r.operator());
        return Effect().persist(new RiskEvent.StrategyResumed(r.strategy(), r.operator(), clock.millis()))
                .thenRun(b -> ctx.getLog().info("Risk journaled: {}", describe(b)))
                .thenReply(r.replyTo(), this::status);
    }

    private Effect<RiskEvent, RiskBook> onResetHalt(RiskBook book, ResetHalt r) {
        if (!book.halted() && !book.symbolHalts().isEmpty()) {
            ctx.getLog().warn("Risk: symbol halts {} lifted by {}", book.symbolHalts().keySet(), r.operator());
            return Effect().persist(new RiskEvent.SymbolHaltsLifted(r.operator(), clock.millis()))
                    .thenRun(b -> ctx.getLog().info("Risk journaled: {}", describe(b)))
                    .thenReply(r.replyTo(), this::status);
        }
        if (!book.halted()) {
            return Effect().reply(r.replyTo(), status(book));
        }
        ctx.getLog().warn("Risk: halt ({}: {}) lifted by {}; peak equity restarts at {}", book.haltReason(),
                book.haltMessage(), r.operator(), String.format("%.2f", equity));
        return Effect().persist(new RiskEvent.HaltLifted(r.operator(), equity, clock.millis()))
                .thenRun(b -> ctx.getLog().info("Risk journaled: {}", describe(b)))
                .thenReply(r.replyTo(), this::status);
    }

    private static RiskBook applyAll(RiskBook book, List<RiskEvent> events) {
        RiskBook b = book;
        for (RiskEvent e : events) {
            b = b.apply(e);
        }
        return b;
    }

    private Status status(RiskBook book) {
        AccountSnapshot s = snapshot(book);
        return new Status(s.equity(), s.peakEquity(), s.dayStartEquity(), s.openPositionCount(), s.totalExposure(),
                book.halted() ? TradingState.HALTED : TradingState.ACTIVE,
                book.halted() ? book.haltReason() + ": " + book.haltMessage() : "", book.day(), book.symbolHalts(),
                book.pausedStrategies());
    }

    private long timeOf(AccountEvent e) {
        return e.timeMs() > 0 ? e.timeMs() : clock.millis();
    }

    private AccountSnapshot snapshot(RiskBook book) {
        return new AccountSnapshot(equity, book.peakEquity(), book.dayStartEquity(), exposureBySymbol);
    }
}
