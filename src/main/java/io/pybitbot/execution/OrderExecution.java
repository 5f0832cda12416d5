package io.pybitbot.execution;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountEvents;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.execution.OrderLinkIds.Kind;
import io.pybitbot.risk.RiskActor;
import io.pybitbot.risk.Verdict;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Singleton "order-execution": turns strategy signals into Bybit orders, at most one order per intent.
 *
 * <ul>
 *   <li>ENTRY: if the same strategy holds the opposite position on the symbol, that position is closed
 *       first (reduce-only market) and the entry waits until the account reports the symbol flat. Then
 *       Risk is asked; an approved entry is rounded to the instrument (qty down to the step, stop and
 *       target to the tick away from the market), leverage is set once per symbol, and a market order
 *       with whole-position TP/SL goes out through the RestClient.</li>
 *   <li>EXIT: a reduce-only market close of the strategy's position (or of a position of unknown owner,
 *       e.g. one found at start).</li>
 *   <li>Every order carries a deterministic {@code orderLinkId} ({@link OrderLinkIds}); an intent whose id
 *       was seen recently is logged and dropped. The REST layer already resolves ambiguous outcomes by
 *       looking the order up, so an error here is logged and counted, never retried.</li>
 *   <li>Order, fill and position updates from the {@link AccountFeed} keep the views current; a position
 *       that goes flat is reported to Risk as {@link RiskActor.TradeClosed} with its net PnL.</li>
 * </ul>
 */
public final class OrderExecution extends AbstractBehavior<OrderExecution.Command> {

    public sealed interface Command permits Submit, FlattenAll, GetState, VerdictReceived, LeverageSet, Placed,
            Account, PositionsLoaded {}

    /** A strategy's decision, from a SymbolActor. */
    public record Submit(Signal signal) implements Command, CborSerializable {}

    /** Close every open position now (reduce-only market), e.g. when Risk halts with flatten_on_halt. */
    public record FlattenAll(String reason) implements Command, CborSerializable {}

    public record GetState(ActorRef<State> replyTo) implements Command, CborSerializable {}

    /**
     * @param submitted        orders sent to the exchange (entries and closes)
     * @param denied           entries Risk denied (or did not answer)
     * @param rejected         orders the exchange refused or whose outcome stayed unknown
     * @param denialsByReason  denials per {@link io.pybitbot.risk.DenyReason} name (plus ENTRY_IN_FLIGHT,
     *                         UNKNOWN_INSTRUMENT and RISK_TIMEOUT)
     * @param entriesInFlight  symbols with an entry between its signal and the exchange's answer (asking
     *                         Risk, closing a reversed position, or sending)
     */
    public record State(Map<String, OrderView> ordersByLinkId, Map<String, PositionView> positionsBySymbol,
                        int submitted, int denied, int rejected, Map<String, Integer> denialsByReason,
                        java.util.List<String> entriesInFlight)
            implements CborSerializable {}

    /**
     * One order we sent. {@code status} is "Sending", "Accepted", "Rejected", "Unknown" (no definite answer)
     * or the exchange's orderStatus once the stream reports it.
     *
     * @param takeProfit 0 = none
     * @param stopLoss   0 = none
     */
    public record OrderView(String orderLinkId, String symbol, String strategy, Kind kind, Side side, BigDecimal qty,
                            BigDecimal takeProfit, BigDecimal stopLoss, String status, String orderId,
                            BigDecimal filledQty, BigDecimal avgPrice, String detail) implements CborSerializable {

        OrderView withStatus(String newStatus, String newOrderId, String newDetail) {
            return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus,
                    newOrderId, filledQty, avgPrice, newDetail);
        }

        OrderView withFill(String newStatus, String newOrderId, BigDecimal filled, BigDecimal avg) {
            return new OrderView(orderLinkId, symbol, strategy, kind, side, qty, takeProfit, stopLoss, newStatus,
                    newOrderId, filled, avg, detail);
        }
    }

    /**
     * An open position as the account reports it.
     *
     * @param strategy the strategy whose entry opened it, "" when unknown (found at start, or opened by hand)
     */
    public record PositionView(String symbol, String strategy, Side side, BigDecimal size, BigDecimal entryPrice,
                               BigDecimal stopLoss, BigDecimal takeProfit, long updatedMs) implements CborSerializable {

        PositionView withStrategy(String owner) {
            return new PositionView(symbol, owner, side, size, entryPrice, stopLoss, takeProfit, updatedMs);
        }
    }

    private record VerdictReceived(Signal signal, String orderLinkId, Verdict verdict, String failure)
            implements Command {}

    private record LeverageSet(Signal signal, String orderLinkId, Verdict.Approved approved, BigDecimal leverage,
                               BybitResult<Void> result) implements Command {}

    private record Placed(String orderLinkId, BybitResult<OrderIds> result) implements Command {}

    private record Account(AccountEvent event) implements Command {}

    /**
     * @param eventsAtRead the stream's position-event count per symbol when the read was sent: a symbol
     *                     whose count changed since has newer news than the read
     */
    private record PositionsLoaded(BybitResult<PositionsPage> result, Map<String, Long> eventsAtRead, boolean startUp)
            implements Command {}

    /** Net PnL (execPnl - fees) and closed quantity of the fills of one trade (one position's life). */
    private static final class Trade {
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal closedQty = BigDecimal.ZERO;
        boolean anyFill;

        void add(AccountEvent.Execution x) {
            net = net.add(x.execPnl()).subtract(x.fee());
            closedQty = closedQty.add(x.closedSize());
            anyFill = true;
        }
    }

    /** A position the account reported closed whose closing fills have not all arrived yet. */
    private record ClosedTrade(PositionView position, Trade trade, long timeMs, BigDecimal fallbackPnl) {
        boolean complete() {
            return trade.closedQty.compareTo(position.size()) >= 0;
        }
    }

    private static final String OWNER_FLATTEN = "flatten";
    private static final String SENDING = "Sending";
    /** Bybit: a reduce-only order that would not reduce a position (it is already flat, or smaller). */
    static final int REDUCE_ONLY_NOT_SATISFIED = 110017;

    /**
     * @param instruments the tradable symbols' rules (the guardian loads them from instruments-info)
     * @param clock       time for flatten orders, which belong to no candle
     */
    public static Behavior<Command> create(ActorRef<RiskActor.Command> risk, ActorRef<RestClient.Command> rest,
                                           ActorRef<AccountFeed.Command> accountFeed,
                                           Map<String, InstrumentSpec> instruments, ExecutionSettings settings,
                                           InstantSource clock) {
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(accountFeed, "accountFeed");
        Map<String, InstrumentSpec> specs = Map.copyOf(Objects.requireNonNull(instruments, "instruments"));
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        return Behaviors.setup(ctx -> new OrderExecution(ctx, risk, rest, accountFeed, specs, settings, clock));
    }

    private final ActorRef<RiskActor.Command> risk;
    private final ActorRef<RestClient.Command> rest;
    private final Map<String, InstrumentSpec> instruments;
    private final ExecutionSettings settings;
    private final InstantSource clock;
    private final Set<String> recentIntents;
    private final Map<String, OrderView> orders;
    private final Map<String, PositionView> positions = new TreeMap<>();
    /**
     * Strategy of the entry sent (or seen filling) per symbol whose position has not been reported open yet:
     * the owner of the position it opens. Flat updates do not clear it (Bybit pushes one when an order is
     * placed, before its fill); a failed entry or the position's open update does.
     */
    private final Map<String, String> pendingOwnerBySymbol = new HashMap<>();
    /** Fills of the symbol's current trade, from its opening fill on. */
    private final Map<String, Trade> tradeBySymbol = new HashMap<>();
    /** Trades reported closed whose closing fills are still on their way; Risk hears of them once complete. */
    private final Map<String, ClosedTrade> closingBySymbol = new HashMap<>();
    /** Closed quantity of the fills since the symbol's last position update: a fill may close before it says so. */
    private final Map<String, BigDecimal> closedSinceUpdate = new HashMap<>();
    /** Exchange time of the fill that closed the symbol's position: older open updates are stale. */
    private final Map<String, Long> closedByFillAtMs = new HashMap<>();
    /** Stream position updates and closing fills per symbol, so a REST read never undoes newer stream news. */
    private final Map<String, Long> positionNewsBySymbol = new HashMap<>();
    /** Owners of positions forgotten on a 110017, restored if the re-read finds them still open. */
    private final Map<String, String> forgottenOwners = new HashMap<>();
    private boolean reconciling;
    /** Entries waiting for the close of a reversed position to show up as flat. */
    private final Map<String, Signal> reversalEntries = new HashMap<>();
    private final Set<String> entryInFlight = new HashSet<>();
    private final Set<String> closeInFlight = new HashSet<>();
    private final Set<String> leverageSet = new HashSet<>();
    private final Map<String, Integer> denialsByReason = new TreeMap<>();
    private int submitted;
    private int denied;
    private int rejected;

    private OrderExecution(ActorContext<Command> ctx, ActorRef<RiskActor.Command> risk, ActorRef<RestClient.Command> rest,
                           ActorRef<AccountFeed.Command> accountFeed, Map<String, InstrumentSpec> instruments,
                           ExecutionSettings settings, InstantSource clock) {
        super(ctx);
        this.risk = risk;
        this.rest = rest;
        this.instruments = instruments;
        this.settings = settings;
        this.clock = clock;
        int cap = settings.rememberedIntents();
        this.recentIntents = new LinkedHashSet<>();
        this.orders = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OrderView> eldest) {
                return size() > cap;
            }
        };
        if (settings.orderType() != ExecutionConfig.OrderType.MARKET) {
            ctx.getLog().warn("Order execution: order_type {} is not supported yet; entries go out as market orders",
                    settings.orderType().wire());
        }
        accountFeed.tell(new AccountFeed.Subscribe(ctx.messageAdapter(AccountEvent.class, Account::new)));
        readPositions(true);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(FlattenAll.class, this::onFlattenAll)
                .onMessage(GetState.class, this::onGetState)
                .onMessage(VerdictReceived.class, this::onVerdict)
                .onMessage(LeverageSet.class, this::onLeverageSet)
                .onMessage(Placed.class, this::onPlaced)
                .onMessage(Account.class, this::onAccount)
                .onMessage(PositionsLoaded.class, this::onPositionsLoaded)
                .build();
    }

    // ------------------------------------------------------------------ signals

    private Behavior<Command> onSubmit(Submit submit) {
        Signal signal = submit.signal();
        String id = OrderLinkIds.of(signal);
        if (!remember(id)) {
            getContext().getLog().info("Duplicate intent {} ({} {} {} {}) dropped: already handled", id,
                    signal.strategy(), signal.kind(), signal.side(), signal.symbol());
            return this;
        }
        if (signal.kind() == Signal.Kind.EXIT) {
            exit(signal, id);
        } else {
            entry(signal, id);
        }
        return this;
    }

    private void entry(Signal signal, String id) {
        String symbol = signal.symbol();
        InstrumentSpec spec = instruments.get(symbol);
        if (spec == null) {
            deny(signal, "UNKNOWN_INSTRUMENT", "no instrument rules for " + symbol);
            return;
        }
        PositionView held = positions.get(symbol);
        if (held != null && held.side() == signal.side().opposite() && held.strategy().equals(signal.strategy())) {
            if (closeInFlight.contains(symbol)) {
                getContext().getLog().info("Reversal {} {} on {} ignored: a close of the position is already on its way",
                        signal.strategy(), signal.side(), symbol);
                return;
            }
            String closeId = OrderLinkIds.reversalClose(signal);
            if (!remember(closeId)) {
                return;
            }
            getContext().getLog().info("Reversal on {}: {} closes its {} {} before entering {}", symbol,
                    signal.strategy(), held.side(), held.size().toPlainString(), signal.side());
            reversalEntries.put(symbol, signal);
            sendClose(held, closeId, Kind.REVERSAL_CLOSE, signal.strategy());
            return;
        }
        askRisk(signal, id, spec);
    }

    private void askRisk(Signal signal, String id, InstrumentSpec spec) {
        if (!entryInFlight.add(signal.symbol())) {
            deny(signal, "ENTRY_IN_FLIGHT", "another entry on " + signal.symbol() + " is still on its way");
            return;
        }
        // Risk must know how the last trade on the symbol ended (cooldown) before it judges the next entry
        reportClosedTrade(signal.symbol());
        getContext().ask(Verdict.class, risk, settings.askTimeout(),
                replyTo -> new RiskActor.Check(signal, spec, replyTo),
                (verdict, failure) -> new VerdictReceived(signal, id, verdict,
                        failure == null ? "" : failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    private Behavior<Command> onVerdict(VerdictReceived v) {
        Signal signal = v.signal();
        if (v.verdict() == null) {
            entryInFlight.remove(signal.symbol());
            deny(signal, "RISK_TIMEOUT", "no verdict from Risk (" + v.failure() + "); the intent is not retried");
        } else if (v.verdict() instanceof Verdict.Denied d) {
            entryInFlight.remove(signal.symbol());
            deny(signal, d.reason().name(), d.message());
        } else {
            Verdict.Approved a = (Verdict.Approved) v.verdict();
            BigDecimal leverage = a.leverage().min(settings.leverage());
            if (leverageSet.contains(signal.symbol())) {
                place(signal, v.orderLinkId(), a);
            } else {
                RestCalls.ask(getContext(), rest, settings.askTimeout(), new RestOp.SetLeverage(signal.symbol(), leverage),
                        r -> new LeverageSet(signal, v.orderLinkId(), a, leverage, r));
            }
        }
        return this;
    }

    private Behavior<Command> onLeverageSet(LeverageSet l) {
        String symbol = l.signal().symbol();
        if (l.result().isOk()) {
            // 110043 "leverage not modified" arrives as Ok too: the symbol already had it
            leverageSet.add(symbol);
            getContext().getLog().info("Leverage of {} is {}x", symbol, l.leverage().toPlainString());
        } else {
            getContext().getLog().warn("Could not set leverage {}x on {} ({}); the entry goes out at the account's current leverage",
                    l.leverage().toPlainString(), symbol, RestCalls.describe(l.result()));
        }
        place(l.signal(), l.orderLinkId(), l.approved());
        return this;
    }

    private void place(Signal signal, String id, Verdict.Approved approved) {
        InstrumentSpec spec = instruments.get(signal.symbol());
        Optional<OrderRequest> built = EntryOrders.market(signal, approved, spec, settings, id);
        if (built.isEmpty()) {
            entryInFlight.remove(signal.symbol());
            deny(signal, "QTY_BELOW_MIN", "approved qty " + approved.qty().toPlainString() + " rounds to 0");
            return;
        }
        OrderRequest request = built.get();
        pendingOwnerBySymbol.put(signal.symbol(), signal.strategy());
        send(request, new OrderView(id, signal.symbol(), signal.strategy(), Kind.ENTRY, request.side(), request.qty(),
                orZero(request.takeProfit()), orZero(request.stopLoss()), SENDING, "", BigDecimal.ZERO, BigDecimal.ZERO,
                signal.reason()));
        getContext().getLog().info("Entry {} {} {} {} (~{} USDT) SL {} TP {} [{}] {}", signal.strategy(), request.side(),
                request.qty().toPlainString(), signal.symbol(),
                approved.notional().setScale(2, RoundingMode.HALF_UP).toPlainString(), plain(request.stopLoss()),
                plain(request.takeProfit()), id, signal.reason());
    }

    private static String plain(BigDecimal v) {
        return v == null ? "-" : v.toPlainString();
    }

    private void exit(Signal signal, String id) {
        PositionView held = positions.get(signal.symbol());
        if (held == null || held.side() != signal.side()) {
            getContext().getLog().info("Exit {} {} {} ignored: no such position open{}", signal.strategy(), signal.side(),
                    signal.symbol(), held == null ? "" : " (it is " + held.side() + ")");
            return;
        }
        if (!held.strategy().isEmpty() && !held.strategy().equals(signal.strategy())) {
            getContext().getLog().info("Exit {} on {} ignored: the position belongs to {}", signal.strategy(),
                    signal.symbol(), held.strategy());
            return;
        }
        if (closeInFlight.contains(signal.symbol())) {
            getContext().getLog().info("Exit {} {} {} ignored: a close of the position is already on its way",
                    signal.strategy(), signal.side(), signal.symbol());
            return;
        }
        getContext().getLog().info("Exit {} {} {} {} [{}] {}", signal.strategy(), held.side(), held.size().toPlainString(),
                signal.symbol(), id, signal.reason());
        sendClose(held, id, Kind.EXIT, signal.strategy());
    }

    private Behavior<Command> onFlattenAll(FlattenAll f) {
        reversalEntries.clear();
        if (positions.isEmpty()) {
            getContext().getLog().warn("Flatten all ({}): no open positions", f.reason());
            return this;
        }
        getContext().getLog().warn("Flatten all ({}): closing {} position(s)", f.reason(), positions.size());
        long now = clock.millis();
        for (PositionView p : positions.values()) {
            if (closeInFlight.contains(p.symbol())) {
                continue;
            }
            sendClose(p, OrderLinkIds.of(OWNER_FLATTEN, p.symbol(), now, Kind.FLATTEN, p.side().opposite()), Kind.FLATTEN,
                    OWNER_FLATTEN);
        }
        return this;
    }

    private void sendClose(PositionView held, String id, Kind kind, String strategy) {
        Side side = held.side().opposite();
        closeInFlight.add(held.symbol());
        send(OrderRequest.closeMarket(held.symbol(), side, held.size(), id), new OrderView(id, held.symbol(), strategy,
                kind, side, held.size(), BigDecimal.ZERO, BigDecimal.ZERO, SENDING, "", BigDecimal.ZERO, BigDecimal.ZERO, ""));
    }

    private void send(OrderRequest request, OrderView view) {
        submitted++;
        orders.put(view.orderLinkId(), view);
        RestCalls.ask(getContext(), rest, settings.askTimeout(), new RestOp.PlaceOrder(request),
                r -> new Placed(view.orderLinkId(), r));
    }

    private Behavior<Command> onPlaced(Placed p) {
        OrderView view = orders.get(p.orderLinkId());
        if (view == null) {
            return this;
        }
        if (!SENDING.equals(view.status())) {
            // the stream reported the order before the REST answer arrived: that report is the truth
            getContext().getLog().debug("Order {}: REST answer ({}) after the stream reported {}", view.orderLinkId(),
                    RestCalls.describe(p.result()), view.status());
            return this;
        }
        if (p.result() instanceof BybitResult.Ok<OrderIds> ok) {
            String orderId = ok.value() == null ? "" : nullToEmpty(ok.value().orderId());
            orders.put(view.orderLinkId(), view.withStatus("Accepted", orderId, view.detail()));
            getContext().getLog().debug("Order {} accepted as {}", view.orderLinkId(), orderId);
            return this;
        }
        BybitError error = ((BybitResult.Err<OrderIds>) p.result()).error();
        if (error instanceof BybitError.Rejected r && r.duplicateOrderLinkId()) {
            // an earlier attempt of this very intent landed: that is the order
            orders.put(view.orderLinkId(), view.withStatus("Accepted", "", "duplicate orderLinkId: placed earlier"));
            return this;
        }
        rejected++;
        if (view.kind() != Kind.ENTRY && error instanceof BybitError.Rejected r
                && r.retCode() == REDUCE_ONLY_NOT_SATISFIED) {
            // the exchange has no position to reduce: it closed it (TP/SL/trailing) before our close arrived
            orders.put(view.orderLinkId(), view.withStatus("Rejected", view.orderId(), error.describe()));
            getContext().getLog().info("{} order {} on {}: the exchange holds no such position to reduce ({}); treating {} as flat and re-reading positions",
                    view.kind(), view.orderLinkId(), view.symbol(), REDUCE_ONLY_NOT_SATISFIED, view.symbol());
            PositionView held = positions.get(view.symbol());
            if (held != null && !held.strategy().isEmpty()) {
                forgottenOwners.put(held.symbol(), held.strategy());
            }
            closePosition(view.symbol(), clock.millis(), BigDecimal.ZERO);
            readPositions(false);
            return this;
        }
        boolean unknown = error.handling() == BybitError.Handling.AMBIGUOUS;
        orders.put(view.orderLinkId(), view.withStatus(unknown ? "Unknown" : "Rejected", view.orderId(), error.describe()));
        getContext().getLog().warn("{} order {} {} {} {} {}: {}", view.kind(), view.orderLinkId(), view.side(),
                view.qty().toPlainString(), view.symbol(), unknown ? "outcome unknown (not retried)" : "rejected",
                error.describe());
        afterFailedOrder(view);
        return this;
    }

    private void afterFailedOrder(OrderView view) {
        String symbol = view.symbol();
        if (view.kind() == Kind.ENTRY) {
            entryInFlight.remove(symbol);
            // a fill seen later (its outcome was unknown) names the owner again
            pendingOwnerBySymbol.remove(symbol, view.strategy());
        } else {
            closeInFlight.remove(symbol);
            Signal waiting = view.kind() == Kind.REVERSAL_CLOSE ? reversalEntries.remove(symbol) : null;
            if (waiting != null) {
                getContext().getLog().warn("Reversal entry {} {} on {} dropped: its close failed", waiting.strategy(),
                        waiting.side(), symbol);
            }
        }
    }

    private void deny(Signal signal, String reason, String message) {
        denied++;
        denialsByReason.merge(reason, 1, Integer::sum);
        getContext().getLog().info("Entry {} {} {} denied: {} ({})", signal.strategy(), signal.side(), signal.symbol(),
                reason, message);
    }

    // ------------------------------------------------------------------ account events

    private Behavior<Command> onAccount(Account a) {
        AccountEvent e = a.event();
        if (e instanceof AccountEvent.OrderUpdate o) {
            onOrderUpdate(o);
        } else if (e instanceof AccountEvent.Execution x) {
            if (x.closedSize().signum() > 0) {
                countStreamNews(x.symbol());
            }
            onExecution(x);
        } else if (e instanceof AccountEvent.PositionUpdate p) {
            countStreamNews(p.symbol());
            onPositionUpdate(p, true);
        }
        return this;
    }

    private void countStreamNews(String symbol) {
        positionNewsBySymbol.merge(symbol, 1L, Long::sum);
    }

    private void onOrderUpdate(AccountEvent.OrderUpdate o) {
        OrderView view = orders.get(o.orderLinkId());
        if (view == null) {
            return;
        }
        orders.put(view.orderLinkId(), view.withFill(o.orderStatus(), o.orderId(), o.cumExecQty(), o.avgPrice()));
        if (view.kind() == Kind.ENTRY && o.cumExecQty().signum() > 0) {
            entryFilled(view);
        }
        if (o.terminal() && o.cumExecQty().signum() == 0 && view.kind() != Kind.ENTRY
                && o.rejectReason().contains("ReduceOnly")) {
            // the stream's 110017: the position was closed on the exchange (TP/SL/trailing) before our close
            // filled; its closing fill and flat update are on their way (a reversal entry keeps waiting for them)
            getContext().getLog().info("{} order {} on {} ended {} without a fill ({}): the exchange holds no such position to reduce; re-reading positions",
                    view.kind(), view.orderLinkId(), view.symbol(), o.orderStatus(), o.rejectReason());
            closeInFlight.remove(view.symbol());
            readPositions(false);
            return;
        }
        if (o.terminal() && o.cumExecQty().signum() == 0) {
            getContext().getLog().warn("{} order {} on {} ended {} without a fill{}", view.kind(), view.orderLinkId(),
                    view.symbol(), o.orderStatus(), o.rejectReason().isEmpty() || "EC_NoError".equals(o.rejectReason())
                            ? "" : ": " + o.rejectReason());
            afterFailedOrder(view);
        }
    }

    /**
     * Our entry {@code view} filled (at least partly): its strategy owns the position it opens, whichever of the
     * order update, the fill and the position update arrives first.
     */
    private void entryFilled(OrderView view) {
        String symbol = view.symbol();
        PositionView held = positions.get(symbol);
        if (held == null) {
            pendingOwnerBySymbol.put(symbol, view.strategy());
        } else if (held.strategy().isEmpty() && held.side() == view.side()) {
            positions.put(symbol, held.withStrategy(view.strategy()));
            pendingOwnerBySymbol.remove(symbol);
            getContext().getLog().info("Position {} {} {} belongs to {}: its entry {} filled", held.side(),
                    held.size().toPlainString(), symbol, view.strategy(), view.orderLinkId());
        }
    }

    private void onExecution(AccountEvent.Execution x) {
        String symbol = x.symbol();
        getContext().getLog().info("Fill {} {} {} @ {} fee {} [{}]", x.side(), x.qty().toPlainString(), symbol,
                x.price().toPlainString(), x.fee().toPlainString(), x.orderLinkId());
        OrderView ours = x.orderLinkId().isEmpty() ? null : orders.get(x.orderLinkId());
        if (ours != null && ours.kind() == Kind.ENTRY) {
            entryFilled(ours);
        }
        boolean closing = x.closedSize().signum() > 0;
        PositionView held = positions.get(symbol);
        ClosedTrade closed = closingBySymbol.get(symbol);
        if (closed != null) {
            if (closing && held == null) {
                // a closing fill delivered after its position's flat update: it belongs to that trade
                closed.trade().add(x);
                if (closed.complete()) {
                    reportClosedTrade(symbol);
                }
                return;
            }
            // a new trade has begun: the last one's missing fills are not coming
            reportClosedTrade(symbol);
        }
        tradeBySymbol.computeIfAbsent(symbol, k -> new Trade()).add(x);
        if (closing && held != null && x.side() == held.side().opposite()) {
            BigDecimal closedSoFar = closedSinceUpdate.merge(symbol, x.closedSize(), BigDecimal::add);
            if (closedSoFar.compareTo(held.size()) >= 0) {
                // the whole position is gone (its TP/SL or trailing stop, or our close): forget it now, an exit
                // sent before the flat update arrives would be refused as reduce-only
                closedByFillAtMs.put(symbol, x.timeMs());
                closePosition(symbol, x.timeMs() > 0 ? x.timeMs() : clock.millis(), BigDecimal.ZERO);
            }
        }
    }

    /**
     * @param fromStream false for a REST row, which is current when it arrives (its time is our clock's)
     */
    private void onPositionUpdate(AccountEvent.PositionUpdate p, boolean fromStream) {
        String symbol = p.symbol();
        closedSinceUpdate.remove(symbol);
        if (!p.open()) {
            closedByFillAtMs.remove(symbol);
            closePosition(symbol, p.timeMs() > 0 ? p.timeMs() : clock.millis(), p.curRealisedPnl());
            return;
        }
        Long closedAt = closedByFillAtMs.get(symbol);
        if (fromStream && closedAt != null && p.timeMs() > 0 && p.timeMs() < closedAt) {
            getContext().getLog().debug("Position update of {} from before the fill that closed it: ignored", symbol);
            return;
        }
        closedByFillAtMs.remove(symbol);
        PositionView before = positions.get(symbol);
        boolean samePosition = before != null && before.side() == p.side();
        String owner = samePosition ? before.strategy() : "";
        if (owner.isEmpty() && pendingOwnerBySymbol.containsKey(symbol)) {
            owner = pendingOwnerBySymbol.remove(symbol);
        }
        if (!samePosition) {
            // a new trade begins: the last one's missing closing fills are not coming
            reportClosedTrade(symbol);
        }
        positions.put(symbol, new PositionView(symbol, owner, p.side(), p.size(), p.entryPrice(), p.stopLoss(),
                p.takeProfit(), p.timeMs()));
        entryInFlight.remove(symbol);
        if (!samePosition) {
            getContext().getLog().info("Position open: {} {} {} @ {} ({})", p.side(), p.size().toPlainString(), symbol,
                    p.entryPrice().toPlainString(), owner.isEmpty() ? "owner unknown" : owner);
        }
    }

    /** The symbol is flat now: forget its position; Risk hears of the trade once its closing fills are in. */
    private void closePosition(String symbol, long timeMs, BigDecimal fallbackPnl) {
        PositionView closed = positions.remove(symbol);
        closeInFlight.remove(symbol);
        closedSinceUpdate.remove(symbol);
        if (closed != null) {
            reportClosedTrade(symbol);
            Trade trade = tradeBySymbol.remove(symbol);
            ClosedTrade ended = new ClosedTrade(closed, trade == null ? new Trade() : trade, timeMs, fallbackPnl);
            closingBySymbol.put(symbol, ended);
            if (ended.complete()) {
                reportClosedTrade(symbol);
            } else {
                getContext().getLog().debug("Position {} closed; waiting for its closing fills", symbol);
            }
        }
        Signal waiting = reversalEntries.remove(symbol);
        if (waiting != null) {
            // Risk hears of the close from the account feed too, but possibly after our question: tell it
            // first (same sender, so in order), or the reversal entry is denied POSITION_EXISTS. Only here:
            // in general a flat update from us could overtake the feed's update of the next position.
            risk.tell(new RiskActor.Account(AccountEvent.PositionUpdate.flat(symbol, timeMs)));
            InstrumentSpec spec = instruments.get(symbol);
            askRisk(waiting, OrderLinkIds.of(waiting), spec);
        }
    }

    /** Tells Risk how the symbol's last closed trade ended, if it has not heard yet. */
    private void reportClosedTrade(String symbol) {
        ClosedTrade c = closingBySymbol.remove(symbol);
        if (c == null) {
            return;
        }
        // without all closing fills, the exchange's own realized figure (when it sent one) is the better guess
        BigDecimal pnl = c.complete() || c.fallbackPnl().signum() == 0 ? c.trade().net : c.fallbackPnl();
        PositionView p = c.position();
        getContext().getLog().info("Position closed: {} {} {} net {} USDT{}", p.side(), p.size().toPlainString(),
                p.symbol(), pnl.toPlainString(), c.complete() ? "" : " (not all closing fills seen)");
        risk.tell(new RiskActor.TradeClosed(symbol, pnl, c.timeMs()));
    }

    /** Reads the open positions over REST; at start, and to reconcile after a surprise (110017). */
    private void readPositions(boolean startUp) {
        if (!startUp) {
            if (reconciling) {
                return;
            }
            reconciling = true;
        }
        Map<String, Long> newsAtRead = Map.copyOf(positionNewsBySymbol);
        RestCalls.ask(getContext(), rest, settings.askTimeout(), new RestOp.GetPositions(Optional.empty()),
                r -> new PositionsLoaded(r, newsAtRead, startUp));
    }

    private boolean streamNewerThan(String symbol, Map<String, Long> newsAtRead) {
        return !positionNewsBySymbol.getOrDefault(symbol, 0L).equals(newsAtRead.getOrDefault(symbol, 0L));
    }

    private Behavior<Command> onPositionsLoaded(PositionsLoaded loaded) {
        if (!loaded.startUp()) {
            reconciling = false;
        }
        Map<String, String> owners = new HashMap<>(forgottenOwners);
        forgottenOwners.clear();
        if (!(loaded.result() instanceof BybitResult.Ok<PositionsPage> ok)) {
            getContext().getLog().warn(loaded.startUp()
                            ? "Order execution: could not read open positions at start ({}); exits of positions opened before are ignored until the stream reports them"
                            : "Order execution: could not re-read positions ({}); the stream will correct them",
                    RestCalls.describe(loaded.result()));
            return this;
        }
        long now = clock.millis();
        Set<String> listed = new HashSet<>();
        for (PositionInfo i : ok.value().list()) {
            if (i.symbol() == null || i.isFlat() || streamNewerThan(i.symbol(), loaded.eventsAtRead())) {
                continue;
            }
            listed.add(i.symbol());
            AccountEvent.PositionUpdate row = AccountEvents.position(i, now);
            String owner = owners.get(i.symbol());
            if (owner != null && !positions.containsKey(i.symbol()) && !pendingOwnerBySymbol.containsKey(i.symbol())) {
                // still open after a 110017 made us forget it: it keeps its owner
                pendingOwnerBySymbol.put(i.symbol(), owner);
            }
            onPositionUpdate(row, false);
        }
        if (!loaded.startUp()) {
            for (String symbol : listed) {
                if (reversalEntries.containsKey(symbol) && !closeInFlight.contains(symbol)) {
                    Signal waiting = reversalEntries.remove(symbol);
                    getContext().getLog().warn("Reversal entry {} {} on {} dropped: its close failed and the position is still open",
                            waiting.strategy(), waiting.side(), symbol);
                }
            }
            for (String symbol : Set.copyOf(positions.keySet())) {
                if (!listed.contains(symbol) && !streamNewerThan(symbol, loaded.eventsAtRead())) {
                    getContext().getLog().info("Position {} is no longer open on the exchange: forgotten", symbol);
                    closePosition(symbol, now, BigDecimal.ZERO);
                }
            }
        }
        return this;
    }

    private Behavior<Command> onGetState(GetState g) {
        g.replyTo().tell(new State(Map.copyOf(orders), Map.copyOf(positions), submitted, denied, rejected,
                Map.copyOf(denialsByReason), java.util.List.copyOf(new java.util.TreeSet<>(entryInFlight))));
        return this;
    }

    // ------------------------------------------------------------------ helpers

    /** Adds the id to the bounded set of recent intents; false when it was already there. */
    private boolean remember(String id) {
        if (recentIntents.contains(id)) {
            return false;
        }
        recentIntents.add(id);
        if (recentIntents.size() > settings.rememberedIntents()) {
            recentIntents.remove(recentIntents.iterator().next());
        }
        return true;
    }

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
