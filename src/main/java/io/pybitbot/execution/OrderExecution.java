package io.pybitbot.execution;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountEvents;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPositions;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.BybitVenue;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import io.pybitbot.ledger.Decision;
import io.pybitbot.ledger.ExecutionLedger;
import io.pybitbot.ledger.LedgerEffect;
import io.pybitbot.ledger.LedgerEvent;
import io.pybitbot.ledger.LedgerSnapshot;
import io.pybitbot.ledger.OrderView;
import io.pybitbot.ledger.PositionView;
import io.pybitbot.ledger.PositionsRead;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.risk.Verdict;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.risk.ProtectionFailures;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;

/**
 * Singleton "order-execution": the shell around the {@link ExecutionLedger}, which decides everything
 * (ownership, exits first, reversals, reduce-only refusals, trade PnL, one order per intent; see
 * docs/README-actors.md). This actor feeds it signals, Risk's verdicts, the venue's answers and the
 * account's events, and carries out the effects it returns: asking Risk, setting leverage, placing
 * orders through the {@link RestClient}, reading positions, telling Risk of closed trades, logging.
 * Bybit's own types are translated by {@link BybitVenue}; the ledger sees only domain types.
 *
 * <p>Event-sourced: the ledger's facts ({@link LedgerEvent}) are journaled before an input's effects run,
 * with a {@link LedgerSnapshot} every {@value #SNAPSHOT_EVERY} events; after the replay the ledger
 * reconciles with the exchange ({@link ExecutionLedger#start()}).
 */
public final class OrderExecution extends EventSourcedBehavior<OrderExecution.Command, LedgerEvent, ExecutionLedger> {

    /** The journal's id of the singleton's ledger. */
    public static final String PERSISTENCE_ID = "order-execution";
    /**
     * A snapshot every this many events (the two latest are kept); replay starts from the latest. A snapshot holds the
     * whole ledger (up to {@code rememberedIntents} orders, a few MB) and is built on the ledger's thread: at 500 a
     * candle close at 500 symbols (some 3,000 events) took six of them on the order path; at 2,000 a restart replays
     * at most 2,000 events.
     */
    static final int SNAPSHOT_EVERY = 2000;

    public sealed interface Command permits Submit, FlattenAll, FlattenSymbol, GetState, VerdictReceived, LeverageSet, LeveragePreset, Placed,
            Account, ExecutionsLoaded, OpenOrdersLoaded, OrderLookedUp, Start, ProtectionSet, RiskHalted,
            WatchPositions, CandleClosed, CancelAnswered, JournalDecided {}

    /** A strategy's decision, from a SymbolActor. */
    public record Submit(Signal signal) implements Command, CborSerializable {}

    /**
     * From a SymbolActor: send it {@code symbol}'s positions by strategy now and whenever they change. The last asker
     * of a symbol is its watcher (a symbol that moved to another node asks again from there).
     */
    public record WatchPositions(String symbol, ActorRef<StrategyPositions> replyTo)
            implements Command, CborSerializable {}

    /**
     * From a SymbolActor: a candle of the symbol's finest timeframe closed. It is the clock of resting limit entries
     * (their time in force is counted in candles, so it holds at any replay speed).
     */
    public record CandleClosed(String symbol, long candleStartMs) implements Command, CborSerializable {}

    /** Close every open position now (reduce-only market), e.g. when Risk halts with flatten_on_halt. */
    public record FlattenAll(String reason) implements Command, CborSerializable {}

    /**
     * Close one symbol's position now (reduce-only market), e.g. an operator through the status API. The answer says
     * whether a close went out, and if not, why.
     */
    public record FlattenSymbol(String symbol, String reason, ActorRef<FlattenAnswer> replyTo)
            implements Command, CborSerializable {}

    /** @param closing a close order went out (or was already on its way) */
    public record FlattenAnswer(String symbol, boolean closing, String detail) implements CborSerializable {}

    /** Risk announced a halt on its topic; with {@code flatten} every position is closed. */
    private record RiskHalted(RiskActor.HaltNotice notice) implements Command {}

    public record GetState(ActorRef<State> replyTo) implements Command, CborSerializable {}

    /**
     * @param submitted        orders sent to the exchange (entries and closes)
     * @param denied           entries Risk denied (or did not answer)
     * @param rejected         orders the exchange refused or whose outcome stayed unknown
     * @param denialsByReason  denials per {@link io.pybitbot.risk.DenyReason} name (Risk's, and the ledger's own:
     *                         ENTRY_IN_FLIGHT, UNKNOWN_INSTRUMENT, RISK_TIMEOUT, QTY_BELOW_MIN)
     * @param entriesInFlight  symbols with an entry between its signal and the exchange's answer (asking
     *                         Risk, closing a reversed position, or sending)
     * @param reconcileDifferences positions a periodic reconciliation found different from the ledger (missing, or
     *                         another side or size) and corrected, since start
     * @param lastReconcileDifference the last of them in words ("" for none)
     * @param starting         the journal's replay or the start-up reconciliation is not over: signals wait for it
     * @param cancelsInFlight  cancels of limit entries sent and not answered yet
     * @param candleClosedMs   per symbol, the start of the last closed candle it was told of ({@link CandleClosed})
     */
    public record State(Map<String, OrderView> ordersByLinkId, Map<String, PositionView> positionsBySymbol,
                        int submitted, int denied, int rejected, Map<String, Integer> denialsByReason,
                        List<String> entriesInFlight, int reconcileDifferences, String lastReconcileDifference,
                        boolean starting, int cancelsInFlight, Map<String, Long> candleClosedMs)
            implements CborSerializable {}

    private record VerdictReceived(LedgerEffect.AskRisk asked, Verdict verdict, String failure) implements Command {}

    private record LeverageSet(LedgerEffect.SetLeverage asked, BybitResult<Void> result) implements Command {}

    private record LeveragePreset(LedgerEffect.PresetLeverage asked, BybitResult<Void> result) implements Command {}

    private record Placed(String orderLinkId, BybitResult<OrderIds> result) implements Command {}

    private record Account(AccountEvent event) implements Command {}

    private record ProtectionSet(LedgerEffect.ProtectPosition asked, BybitResult<Void> result) implements Command {}

    private record CancelAnswered(LedgerEffect.Cancel asked, BybitResult<OrderIds> result) implements Command {}

    /** After the replay: reconcile with the exchange. */
    private enum Start implements Command { INSTANCE }

    /** Journal what was decided since the last write, in one write, then carry out its effects. */
    private enum JournalDecided implements Command { INSTANCE }

    private record ExecutionsLoaded(LedgerEffect.ReadExecutions asked, BybitResult<ExecutionsPage> result)
            implements Command {}

    private record OpenOrdersLoaded(BybitResult<OrdersPage> result) implements Command {}

    private record OrderLookedUp(LedgerEffect.LookUpOrder asked, BybitResult<Optional<OrderInfo>> result)
            implements Command {}

    /** Bybit: a reduce-only order that would not reduce a position (it is already flat, or smaller). */
    static final int REDUCE_ONLY_NOT_SATISFIED = BybitVenue.REDUCE_ONLY_NOT_SATISFIED;

    /**
     * @param instruments the tradable symbols' rules (the guardian loads them from instruments-info)
     * @param clock       time for flatten orders and for positions read over REST
     */
    public static Behavior<Command> create(ActorRef<RiskActor.Command> risk, ActorRef<RestClient.Command> rest,
                                           ActorRef<AccountFeed.Command> accountFeed,
                                           Map<String, InstrumentSpec> instruments, ExecutionSettings settings,
                                           InstantSource clock) {
        return create(PersistenceId.ofUniqueId(PERSISTENCE_ID), risk, rest, accountFeed, instruments, settings, clock);
    }

    /** @param persistenceId the journal's id of this ledger (tests give each actor its own) */
    public static Behavior<Command> create(PersistenceId persistenceId, ActorRef<RiskActor.Command> risk,
                                           ActorRef<RestClient.Command> rest, ActorRef<AccountFeed.Command> accountFeed,
                                           Map<String, InstrumentSpec> instruments, ExecutionSettings settings,
                                           InstantSource clock) {
        Objects.requireNonNull(persistenceId, "persistenceId");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(accountFeed, "accountFeed");
        Map<String, InstrumentSpec> specs = Map.copyOf(Objects.requireNonNull(instruments, "instruments"));
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        return Behaviors.setup(ctx -> new OrderExecution(persistenceId, ctx, risk, rest, accountFeed, specs, settings,
                clock));
    }

    /** Background set-leverage calls at a time (the endpoint allows 10 a second; entries come first). */
    private static final int PRESETS_IN_FLIGHT = 2;

    private final ActorContext<Command> ctx;
    private final ActorRef<RiskActor.Command> risk;
    private final ActorRef<RestClient.Command> rest;
    private final ActorRef<AccountFeed.Command> accountFeed;
    private final Map<String, InstrumentSpec> instruments;
    private final ExecutionSettings settings;
    private final InstantSource clock;
    /**
     * False while the journal replays (events are applied to the ledger here); true after, when the
     * ledger has already applied an input's events by the time they are persisted.
     */
    private boolean live;
    /** True once the start-up reconciliation has begun; signals before it wait in {@link #beforeStart}. */
    private boolean started;
    private final List<Submit> beforeStart = new ArrayList<>();
    /** Per symbol, its SymbolActor and the positions it was last sent. */
    private final Map<String, ActorRef<StrategyPositions>> watchers = new HashMap<>();
    private final Map<String, StrategyPositions> sentPositions = new HashMap<>();
    /**
     * The ledger's position read waiting for the feed's next reconciled snapshot. Positions come from the
     * {@link AccountFeed} only (it is the one reconciler of the account view); the recovery's reads of executions
     * and open orders stay here because they are this ledger's own history (fills to apply exactly once, orders
     * to adopt or cancel), not the account view the other singletons share.
     */
    private LedgerEffect.ReadPositions positionsAsked;
    private int reconcileDifferences;
    private int cancelsInFlight;
    /** Leverage set ahead of first entries, a few at a time: the queue of a REST client that orders also use stays short. */
    private final java.util.ArrayDeque<LedgerEffect.PresetLeverage> presetsWaiting = new java.util.ArrayDeque<>();
    private int presetsInFlight;
    private final Map<String, Long> candleClosedMs = new HashMap<>();
    private String lastReconcileDifference = "";
    /** Failed closes and stop placements per symbol (not journaled: the halt they lead to is, in Risk). */
    private final ProtectionFailures closeFailures;
    /**
     * The recovery's position read is answered. Until then a reconciled snapshot nobody here asked for is not applied:
     * the recovery applies the fills made while down first, then the positions, in that order.
     */
    private boolean startReadDone;
    /**
     * Group commit: facts decided (and applied to the ledger) but not journaled yet, and the effects they lead to,
     * in decision order. A burst of inputs (a candle close at 500 symbols sends hundreds of signals, then hundreds of
     * verdicts) is journaled in one write by {@link JournalDecided} instead of one commit each: each commit made the
     * whole ledger wait. No effect that leaves the ledger runs before the facts decided ahead of it are journaled, so
     * write-ahead holds; a failed write stops the ledger, and its replay never saw the unjournaled facts. Asking Risk
     * for a verdict is the one effect that may run ahead ({@link #mayRunAhead}): nothing outside changes until the
     * ledger acts on the verdict, and that decision waits for the write, which then carries the signal's facts and
     * the verdict's together (one write on an entry's way to the exchange, not two).
     */
    private final List<LedgerEvent> unjournaled = new ArrayList<>();
    private final List<LedgerEffect> effectsWaiting = new ArrayList<>();
    private boolean journalAsked;
    /** State asked for while decisions wait for the journal: answered once they are carried out. */
    private final List<GetState> statesAsked = new ArrayList<>();

    private OrderExecution(PersistenceId persistenceId, ActorContext<Command> ctx, ActorRef<RiskActor.Command> risk,
                           ActorRef<RestClient.Command> rest, ActorRef<AccountFeed.Command> accountFeed,
                           Map<String, InstrumentSpec> instruments, ExecutionSettings settings, InstantSource clock) {
        super(persistenceId);
        this.ctx = ctx;
        this.risk = risk;
        this.rest = rest;
        this.accountFeed = accountFeed;
        this.instruments = instruments;
        this.settings = settings;
        this.closeFailures = new ProtectionFailures(settings.failureBound());
        this.clock = clock;
        if (settings.orderType() == ExecutionConfig.OrderType.LIMIT) {
            ExecutionConfig.LimitEntry l = settings.limitEntry();
            ctx.getLog().info("Order execution: entries are post-only limits at the signal's price{}, resting {} candle(s),"
                            + " then {}", l.offsetTicks() == 0 ? "" : " " + l.offsetTicks() + " tick(s) away from the market",
                    l.timeInForceCandles(), l.onExpiry() == ExecutionConfig.OnExpiry.MARKET
                            ? "the unfilled rest goes at market" : "cancelled");
        }
    }

    @Override
    public ExecutionLedger emptyState() {
        return new ExecutionLedger(settings.ledger(), instruments);
    }

    @Override
    public CommandHandler<Command, LedgerEvent, ExecutionLedger> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Start.class, (ledger, m) -> {
                    started = true;
                    Effect<LedgerEvent, ExecutionLedger> effect = decide(ledger.start());
                    // after Start, so the ledger holds them until its reconciliation is done
                    beforeStart.forEach(s -> ctx.getSelf().tell(s));
                    beforeStart.clear();
                    return effect;
                })
                .onCommand(Submit.class, (ledger, m) -> {
                    if (!started) {
                        // stashed during the replay, so it comes before Start: an entry decided now could double a
                        // position the journal does not know yet
                        beforeStart.add(m);
                        return Effect().none();
                    }
                    return decide(ledger.onSignal(m.signal()));
                })
                .onCommand(FlattenAll.class, (ledger, m) -> decide(ledger.flattenAll(m.reason(), clock.millis())))
                .onCommand(FlattenSymbol.class, this::onFlattenSymbol)
                .onCommand(RiskHalted.class, (ledger, m) -> m.notice().flatten()
                        ? decide(ledger.flattenAll("risk halt: " + m.notice().message(), clock.millis()))
                        : Effect().none())
                .onCommand(GetState.class, this::onGetState)
                .onCommand(WatchPositions.class, (ledger, m) -> {
                    watchers.put(m.symbol(), m.replyTo());
                    StrategyPositions now = positionsOf(ledger, m.symbol());
                    sentPositions.put(m.symbol(), now);
                    m.replyTo().tell(now);
                    return Effect().none();
                })
                .onCommand(VerdictReceived.class, (ledger, m) -> decide(ledger.onVerdict(m.asked().signal(),
                        m.asked().orderLinkId(), m.verdict(), m.failure())))
                .onCommand(LeverageSet.class, (ledger, m) -> decide(ledger.onLeverage(m.asked(), m.result().isOk(),
                        RestCalls.describe(m.result()))))
                .onCommand(Placed.class, (ledger, m) -> decide(ledger.onPlacement(m.orderLinkId(),
                        BybitVenue.placement(m.result()), clock.millis())))
                .onCommand(Account.class, this::onAccount)
                .onCommand(ProtectionSet.class, this::onProtectionSet)
                .onCommand(ExecutionsLoaded.class, this::onExecutionsLoaded)
                .onCommand(OpenOrdersLoaded.class, this::onOpenOrdersLoaded)
                .onCommand(OrderLookedUp.class, this::onOrderLookedUp)
                .onCommand(CandleClosed.class, (ledger, m) -> {
                    candleClosedMs.merge(m.symbol(), m.candleStartMs(), Math::max);
                    return started && !ledger.recovering()
                            ? decide(ledger.onCandleClosed(m.symbol(), m.candleStartMs())) : Effect().none();
                })
                .onCommand(LeveragePreset.class, (ledger, m) -> {
                    presetsInFlight--;
                    sendPresets();
                    return decide(ledger.onLeveragePreset(m.asked(), m.result().isOk(), RestCalls.describe(m.result())));
                })
                .onCommand(JournalDecided.class, (ledger, m) -> journalDecided())
                .onCommand(CancelAnswered.class, (ledger, m) -> {
                    cancelsInFlight--;
                    return decide(ledger.onCancelAnswered(m.asked().orderLinkId(), m.result().isOk(),
                            BybitVenue.orderGone(m.result()), RestCalls.describe(m.result())));
                })
                .build();
    }

    @Override
    public EventHandler<ExecutionLedger, LedgerEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((ledger, event) -> {
            if (!live) {
                ledger.apply(event);
            }
            return ledger;
        });
    }

    @Override
    public SignalHandler<ExecutionLedger> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.class, (ledger, done) -> {
                    live = true;
                    ctx.getLog().info("Order execution: journal replayed ({} positions, {} orders known)",
                            ledger.positions().size(), ledger.orders().size());
                    accountFeed.tell(new AccountFeed.Subscribe(ctx.messageAdapter(AccountEvent.class, Account::new)));
                    // a halt is announced on Risk's topic; with flatten_on_halt every position is closed
                    ctx.spawn(Topic.create(RiskActor.HaltNotice.class, RiskActor.HALT_TOPIC), "risk-halts")
                            .tell(Topic.subscribe(ctx.messageAdapter(RiskActor.HaltNotice.class, RiskHalted::new)));
                    ctx.getSelf().tell(Start.INSTANCE);
                })
                .onSignal(RecoveryFailed.class, (ledger, failed) -> ctx.getLog().error(
                        "Order execution: could not replay its journal ({}); it does not start with a guessed state",
                        failed.getFailure().getMessage()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public SnapshotAdapter<ExecutionLedger> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(ExecutionLedger ledger) {
                return ledger.snapshot();
            }

            @Override
            public ExecutionLedger fromJournal(Object from) {
                return ExecutionLedger.restore(settings.ledger(), instruments, (LedgerSnapshot) from);
            }
        };
    }

    /** Journals the input's facts (already applied to the ledger), then carries out its effects. */
    private Effect<LedgerEvent, ExecutionLedger> onFlattenSymbol(ExecutionLedger ledger, FlattenSymbol m) {
        PositionView held = ledger.positions().get(m.symbol());
        FlattenAnswer answer = held == null
                ? new FlattenAnswer(m.symbol(), false, "no open position on " + m.symbol())
                : new FlattenAnswer(m.symbol(), true, "closing " + held.side() + " " + held.size().toPlainString() + " "
                        + m.symbol() + " with a reduce-only market order");
        m.replyTo().tell(answer);
        return decide(ledger.flattenSymbol(m.symbol(), m.reason(), clock.millis()));
    }

    /**
     * Takes an input's decision: its facts wait for the next journal write (see {@link #unjournaled}) and its effects
     * with them; a decision without facts, with nothing waiting ahead of it, is carried out at once, and one that only
     * asks Risk runs at once while its facts wait for the write its verdict asks for.
     */
    private Effect<LedgerEvent, ExecutionLedger> decide(Decision decision) {
        if (decision.events().isEmpty() && unjournaled.isEmpty()) {
            run(decision.effects());
            return Effect().none();
        }
        unjournaled.addAll(decision.events());
        if (mayRunAhead(decision.effects(), effectsWaiting)) {
            run(decision.effects());
            if (decision.effects().stream().noneMatch(LedgerEffect.AskRisk.class::isInstance)) {
                askJournal();
            }
            // else the verdict's decision asks for the write (Risk always answers or times out)
            return Effect().none();
        }
        effectsWaiting.addAll(decision.effects());
        askJournal();
        return Effect().none();
    }

    /**
     * True when {@code decided} may run before the facts ahead of it are journaled: it only asks Risk for verdicts
     * (or logs), and no message for Risk waits ahead of it (Risk must hear of a closed trade or a flat position before
     * it judges the symbol's next entry, so asks never overtake those).
     */
    static boolean mayRunAhead(List<LedgerEffect> decided, List<LedgerEffect> waiting) {
        for (LedgerEffect e : decided) {
            if (!(e instanceof LedgerEffect.AskRisk || e instanceof LedgerEffect.Note)) {
                return false;
            }
        }
        for (LedgerEffect e : waiting) {
            if (e instanceof LedgerEffect.AskRisk || e instanceof LedgerEffect.TellRiskFlat
                    || e instanceof LedgerEffect.TellRiskEntryEnded || e instanceof LedgerEffect.TellRiskEntryResting
                    || e instanceof LedgerEffect.TellRiskTradeClosed) {
                return false;
            }
        }
        return true;
    }

    /** The decided facts are written once the inputs in the mailbox now have been decided (they join the write). */
    private void askJournal() {
        if (!journalAsked) {
            journalAsked = true;
            ctx.getSelf().tell(JournalDecided.INSTANCE);
        }
    }

    private Effect<LedgerEvent, ExecutionLedger> journalDecided() {
        journalAsked = false;
        List<LedgerEvent> events = List.copyOf(unjournaled);
        List<LedgerEffect> effects = List.copyOf(effectsWaiting);
        unjournaled.clear();
        effectsWaiting.clear();
        List<GetState> asked = List.copyOf(statesAsked);
        statesAsked.clear();
        if (events.isEmpty()) {
            run(effects);
            return Effect().none().thenRun(ledger -> asked.forEach(g -> answer(ledger, g)));
        }
        return Effect().persist(events).thenRun(ledger -> {
            tellPositionChanges(ledger, events);
            run(effects);
            asked.forEach(g -> answer(ledger, g));
        });
    }

    /**
     * Tells each watching SymbolActor its symbol's positions when they differ from what it was last told. Only the
     * symbols the decision's facts name can have changed.
     */
    private void tellPositionChanges(ExecutionLedger ledger, List<LedgerEvent> facts) {
        for (String symbol : LedgerEvent.positionsChangedBy(facts)) {
            ActorRef<StrategyPositions> watcher = watchers.get(symbol);
            if (watcher == null) {
                continue;
            }
            StrategyPositions now = positionsOf(ledger, symbol);
            if (!now.equals(sentPositions.get(symbol))) {
                sentPositions.put(symbol, now);
                watcher.tell(now);
            }
        }
    }

    private static StrategyPositions positionsOf(ExecutionLedger ledger, String symbol) {
        PositionView held = ledger.position(symbol).orElse(null);
        if (held == null || held.strategy().isEmpty() || !held.forStrategy(held.strategy()).isOpen()) {
            return new StrategyPositions(symbol, Map.of());
        }
        return new StrategyPositions(symbol, Map.of(held.strategy(), held.forStrategy(held.strategy())));
    }

    private Effect<LedgerEvent, ExecutionLedger> onAccount(ExecutionLedger ledger, Account a) {
        if (a.event() instanceof AccountEvent.OrderUpdate o) {
            return decide(ledger.onOrderUpdate(o, BybitVenue.orderEndReason(o.rejectReason())));
        }
        if (a.event() instanceof AccountEvent.Snapshot s) {
            return onSnapshot(ledger, s);
        }
        return decide(ledger.onAccount(a.event(), clock.millis()));
    }

    /**
     * A reconciled snapshot answers the ledger's position read when one waits; otherwise (a reconnect, TpSl's
     * periodic check) what differs from the ledger is applied as updates. The snapshot sent on subscribing is not
     * used: the start read asks the feed for a fresh reconciliation, whose snapshot is in order with the events.
     */
    private Effect<LedgerEvent, ExecutionLedger> onSnapshot(ExecutionLedger ledger, AccountEvent.Snapshot s) {
        long now = clock.millis();
        if (s.kind() == AccountEvent.Snapshot.Kind.SUBSCRIBED) {
            return Effect().none();
        }
        if (positionsAsked != null) {
            LedgerEffect.ReadPositions asked = positionsAsked;
            positionsAsked = null;
            startReadDone |= asked.startUp();
            PositionsRead read = s.kind() == AccountEvent.Snapshot.Kind.RECONCILED
                    ? PositionsRead.ok(s.positions(), asked) : PositionsRead.failed(s.failure(), asked);
            return decide(ledger.onPositionsRead(read, now));
        }
        if (s.kind() != AccountEvent.Snapshot.Kind.RECONCILED || !startReadDone) {
            return Effect().none();
        }
        List<LedgerEvent> events = new ArrayList<>();
        List<LedgerEffect> effects = new ArrayList<>();
        for (String symbol : List.copyOf(ledger.positions().keySet())) {
            if (s.position(symbol).isEmpty()) {
                PositionView held = ledger.positions().get(symbol);
                Decision d = ledger.onAccount(AccountEvent.PositionUpdate.flat(symbol, now), now);
                difference(d, symbol + ": the ledger held " + held.side() + " " + held.size().toPlainString()
                        + ", the exchange holds nothing");
                collect(d, events, effects);
            }
        }
        for (AccountEvent.PositionUpdate p : s.positions()) {
            PositionView held = ledger.positions().get(p.symbol());
            if (!sameAsLedger(held, p)) {
                Decision d = ledger.onAccount(p, now);
                if (held == null || held.side() != p.side() || held.size().compareTo(p.size()) != 0) {
                    difference(d, p.symbol() + ": the ledger held " + (held == null ? "nothing"
                            : held.side() + " " + held.size().toPlainString()) + ", the exchange holds " + p.side() + " "
                            + p.size().toPlainString());
                }
                collect(d, events, effects);
            }
        }
        return decide(new Decision(events, effects));
    }

    /**
     * A reconciliation that changed the ledger's positions (not one its newer stream news overrules) found something
     * the stream had not said: counted, logged, alerted from the status.
     */
    private void difference(Decision d, String what) {
        boolean applied = d.events().stream().anyMatch(e -> e instanceof LedgerEvent.FlatReported
                || e instanceof LedgerEvent.PositionReported);
        if (applied) {
            reconcileDifferences++;
            lastReconcileDifference = what;
            ctx.getLog().warn("Order execution: reconciliation difference: {}; the exchange's view applied", what);
        }
    }

    private static boolean sameAsLedger(PositionView known, AccountEvent.PositionUpdate p) {
        return known != null && known.side() == p.side() && known.size().compareTo(p.size()) == 0
                && known.stopLoss().compareTo(p.stopLoss()) == 0 && known.takeProfit().compareTo(p.takeProfit()) == 0;
    }

    private static void collect(Decision d, List<LedgerEvent> events, List<LedgerEffect> effects) {
        events.addAll(d.events());
        effects.addAll(d.effects());
    }

    private Effect<LedgerEvent, ExecutionLedger> onExecutionsLoaded(ExecutionLedger ledger, ExecutionsLoaded loaded) {
        long now = clock.millis();
        if (!(loaded.result() instanceof BybitResult.Ok<ExecutionsPage> ok)) {
            return decide(ledger.onExecutionsRead(loaded.asked(), List.of(), "", RestCalls.describe(loaded.result()), now));
        }
        List<AccountEvent.Execution> page = new ArrayList<>();
        for (ExecutionInfo i : ok.value().list()) {
            if (i.symbol() != null && (i.category() == null || "linear".equals(i.category())) && AccountEvents.isFill(i)) {
                page.add(AccountEvents.execution(i, now));
            }
        }
        return decide(ledger.onExecutionsRead(loaded.asked(), page, cursor(ok.value().nextPageCursor()), "", now));
    }

    private Effect<LedgerEvent, ExecutionLedger> onOpenOrdersLoaded(ExecutionLedger ledger, OpenOrdersLoaded loaded) {
        if (!(loaded.result() instanceof BybitResult.Ok<OrdersPage> ok)) {
            return decide(ledger.onOpenOrdersRead(List.of(), "", RestCalls.describe(loaded.result())));
        }
        long now = clock.millis();
        List<AccountEvent.OrderUpdate> page = new ArrayList<>();
        for (OrderInfo i : ok.value().list()) {
            if (i.symbol() != null && i.isOpen()) {
                page.add(AccountEvents.order(i, now));
            }
        }
        return decide(ledger.onOpenOrdersRead(page, cursor(ok.value().nextPageCursor()), ""));
    }

    private Effect<LedgerEvent, ExecutionLedger> onOrderLookedUp(ExecutionLedger ledger, OrderLookedUp m) {
        String id = m.asked().orderLinkId();
        if (!(m.result() instanceof BybitResult.Ok<Optional<OrderInfo>> ok)) {
            return decide(ledger.onOrderLookedUp(id, Optional.empty(), RestCalls.describe(m.result())));
        }
        long now = clock.millis();
        return decide(ledger.onOrderLookedUp(id, ok.value().map(i -> AccountEvents.order(i, now)), ""));
    }

    private static String cursor(String next) {
        return next == null ? "" : next;
    }

    private Effect<LedgerEvent, ExecutionLedger> onGetState(ExecutionLedger ledger, GetState g) {
        if (!unjournaled.isEmpty() || !effectsWaiting.isEmpty()) {
            // the ledger is ahead of what the others were told: answer once the waiting facts are written and their
            // effects carried out (a lock-step replay reads this as "settled")
            statesAsked.add(g);
            askJournal();
            return Effect().none();
        }
        answer(ledger, g);
        return Effect().none();
    }

    private void answer(ExecutionLedger ledger, GetState g) {
        g.replyTo().tell(new State(ledger.orders(), ledger.positions(), ledger.submitted(), ledger.denied(),
                ledger.rejected(), ledger.denialsByReason(), ledger.entriesInFlight(), reconcileDifferences,
                lastReconcileDifference, !started || ledger.recovering(), cancelsInFlight,
                Map.copyOf(candleClosedMs)));
    }

    /** Carries out the ledger's effects, in order. */
    private void sendPresets() {
        while (presetsInFlight < PRESETS_IN_FLIGHT && !presetsWaiting.isEmpty()) {
            LedgerEffect.PresetLeverage l = presetsWaiting.poll();
            presetsInFlight++;
            RestCalls.ask(ctx, rest, settings.askTimeout(), new RestOp.PresetLeverage(l.symbol(), l.leverage()),
                    r -> new LeveragePreset(l, r));
        }
    }

    private void run(List<LedgerEffect> effects) {
        for (LedgerEffect effect : effects) {
            if (effect instanceof LedgerEffect.Note n) {
                note(n);
            } else if (effect instanceof LedgerEffect.AskRisk ask) {
                ctx.ask(Verdict.class, risk, settings.askTimeout(),
                        replyTo -> new RiskActor.Check(ask.signal(), ask.spec(), replyTo),
                        (verdict, failure) -> new VerdictReceived(ask, verdict,
                                failure == null ? "" : failure.getClass().getSimpleName() + ": " + failure.getMessage()));
            } else if (effect instanceof LedgerEffect.TellRiskFlat f) {
                closeFailures.recovered(f.symbol());
                risk.tell(new RiskActor.PositionClosed(f.symbol(), f.timeMs()));
            } else if (effect instanceof LedgerEffect.CloseFailed c) {
                protectionFailed(c.symbol(), c.kind().toLowerCase(java.util.Locale.ROOT) + " close " + c.orderLinkId());
            } else if (effect instanceof LedgerEffect.TellRiskEntryResting e) {
                risk.tell(new RiskActor.EntryResting(e.symbol()));
            } else if (effect instanceof LedgerEffect.TellRiskEntryEnded e) {
                risk.tell(new RiskActor.EntryEnded(e.symbol()));
            } else if (effect instanceof LedgerEffect.TellRiskTradeClosed c) {
                risk.tell(new RiskActor.TradeClosed(c.symbol(), c.netPnl(), c.timeMs()));
            } else if (effect instanceof LedgerEffect.SetLeverage l) {
                RestCalls.ask(ctx, rest, settings.askTimeout(),
                        new RestOp.SetLeverage(l.signal().symbol(), l.leverage()), r -> new LeverageSet(l, r));
            } else if (effect instanceof LedgerEffect.PresetLeverage l) {
                presetsWaiting.add(l);
                sendPresets();
            } else if (effect instanceof LedgerEffect.Place p) {
                String id = p.ticket().clientOrderId();
                RestCalls.ask(ctx, rest, settings.askTimeout(), new RestOp.PlaceOrder(BybitVenue.request(p.ticket())),
                        r -> new Placed(id, r));
            } else if (effect instanceof LedgerEffect.Cancel c) {
                cancelsInFlight++;
                RestCalls.ask(ctx, rest, settings.askTimeout(), new RestOp.CancelOrder(c.symbol(), c.orderLinkId()),
                        r -> new CancelAnswered(c, r));
            } else if (effect instanceof LedgerEffect.ReadExecutions read) {
                RestCalls.ask(ctx, rest, settings.askTimeout(), new RestOp.GetExecutions(Optional.empty(),
                        OptionalLong.of(read.sinceMs()), Optional.of(read.cursor()).filter(c -> !c.isEmpty())),
                        r -> new ExecutionsLoaded(read, r));
            } else if (effect instanceof LedgerEffect.ReadOpenOrders read) {
                RestCalls.ask(ctx, rest, settings.askTimeout(),
                        new RestOp.GetOpenOrders(Optional.empty(), Optional.of(read.cursor()).filter(c -> !c.isEmpty())),
                        OpenOrdersLoaded::new);
            } else if (effect instanceof LedgerEffect.LookUpOrder find) {
                RestCalls.ask(ctx, rest, settings.askTimeout(), new RestOp.FindOrder(find.symbol(), find.orderLinkId()),
                        r -> new OrderLookedUp(find, r));
            } else if (effect instanceof LedgerEffect.ProtectPosition pp) {
                RestCalls.ask(ctx, rest, settings.askTimeout(), new RestOp.SetTradingStop(
                        new io.pybitbot.exchange.bybit.TradingStopRequest(pp.symbol(), 0, pp.takeProfit(), pp.stopLoss(),
                                null, null, "MarkPrice")), r -> new ProtectionSet(pp, r));
            } else if (effect instanceof LedgerEffect.ReadPositions read) {
                // the feed reads the exchange; its reconciled snapshot answers (see onSnapshot)
                positionsAsked = read;
                accountFeed.tell(AccountFeed.Reconcile.INSTANCE);
            }
        }
    }

    /**
     * Counts a failed close or stop placement; the one that reaches the bound halts the symbol's entries (Risk,
     * journaled) and alerts. Closes come from signals and flattening, never from a loop, so nothing is paced here.
     */
    private void protectionFailed(String symbol, String what) {
        if (!closeFailures.failed(symbol, clock.millis())) {
            return;
        }
        String message = closeFailures.bound().describe(what);
        ctx.getLog().error("Order execution: ALERT protective actions on {} keep failing ({}); entries on it halted",
                symbol, message);
        risk.tell(new RiskActor.HaltSymbol(symbol, "execution", message));
    }

    private Effect<LedgerEvent, ExecutionLedger> onProtectionSet(ExecutionLedger ledger, ProtectionSet m) {
        if (m.result().isOk()) {
            ctx.getLog().info("{}: TP {} SL {} set on the position of entry {}", m.asked().symbol(),
                    m.asked().takeProfit(), m.asked().stopLoss(), m.asked().orderLinkId());
        } else if (BybitVenue.noPositionToProtect(m.result())) {
            ctx.getLog().info("{}: TP {} SL {} after entry {} not set: the position is already closed on the exchange",
                    m.asked().symbol(), m.asked().takeProfit(), m.asked().stopLoss(), m.asked().orderLinkId());
        } else {
            ctx.getLog().warn("{}: setting TP {} SL {} after entry {} failed ({}); TpSl's watchdog protects"
                    + " the position", m.asked().symbol(), m.asked().takeProfit(), m.asked().stopLoss(),
                    m.asked().orderLinkId(), RestCalls.describe(m.result()));
            protectionFailed(m.asked().symbol(), "stop placement after entry " + m.asked().orderLinkId() + ": "
                    + RestCalls.describe(m.result()));
        }
        return Effect().none();
    }

    private void note(LedgerEffect.Note n) {
        Logger log = ctx.getLog();
        switch (n.level()) {
            case DEBUG -> log.debug(n.text());
            case INFO -> log.info(n.text());
            case WARN -> log.warn(n.text());
        }
    }
}
