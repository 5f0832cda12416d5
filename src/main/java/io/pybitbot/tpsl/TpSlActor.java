package io.pybitbot.tpsl;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.TradingStopRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.ledger.OrderLinkIds;
import io.pybitbot.execution.RestCalls;
import io.pybitbot.rest.RestClient;
import io.pybitbot.risk.ProtectionFailures;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Singleton "tpsl": every open position has a stop on the exchange.
 *
 * <ul>
 *   <li>A position reported without a stop-loss (and without a trailing stop) gets one through
 *       {@code /v5/position/trading-stop}: {@code stop_loss_pct} from its entry, rounded away from the
 *       market. If the mark price is already past that level, or the position is still unprotected
 *       {@code protect_timeout_seconds} after it was first seen so, it is flattened (reduce-only market).</li>
 *   <li>Trailing: once the symbol's ATR is known ({@link PriceUpdate}), the exchange-side trailing stop is
 *       set once: distance {@code distance_atr_multiple} ATRs, armed at {@code activation_atr_multiple} ATRs in
 *       favour (Bybit {@code trailingStop} and {@code activePrice}); Bybit then trails it.</li>
 *   <li>Break-even: when a closed candle's price is {@code trigger_atr_multiple} ATRs in favour, the stop moves
 *       (once) to entry plus {@code offset_ticks} ticks, if that tightens it.</li>
 *   <li>Failed stop placements and flattens are bounded ({@link ProtectionFailures}): the one that reaches
 *       {@code max_failed_protections} within {@code failed_protection_window_seconds} halts entries on the symbol
 *       (Risk, journaled) and raises an alert, and further attempts go out at most at the bound's rate.</li>
 *   <li>Every {@code verify_interval_seconds} the account feed is asked to reconcile with the exchange; its
 *       snapshot (every open position) is checked again. TpSl reads no positions over REST itself: its view is the
 *       feed's snapshot when it subscribed, then the feed's events.</li>
 * </ul>
 * The ATR used for a position is the first one seen while it is open (its ATR "at entry").
 */
public final class TpSlActor extends AbstractBehavior<TpSlActor.Command> {

    public sealed interface Command permits PriceUpdate, GetState, Account, Verify, StopSet,
            ProtectTimeout, Flattened {}

    /** A closed candle of {@code symbol}: its close and the strategy's ATR (NaN when not known). */
    public record PriceUpdate(String symbol, double price, double atr, long timeMs) implements Command, CborSerializable {}

    public record GetState(ActorRef<State> replyTo) implements Command, CborSerializable {}

    /**
     * @param positions          every open position, by symbol
     * @param protectedSymbols   positions with a stop on the exchange
     * @param unprotectedSymbols positions without one (a stop is being set, or they are being flattened)
     * @param failedProtections  stop placements and flattens that failed, since start
     * @param pacedSymbols       symbols whose protective actions failed up to the bound: attempts are paced
     * @param callsInFlight      stop changes and flattens sent and not answered yet
     * @param lastPriceMs        per symbol, the time of the last {@link PriceUpdate} acted on
     */
    public record State(Map<String, ProtectionView> positions, List<String> protectedSymbols,
                        List<String> unprotectedSymbols, int stopsSet, int trailingStopsSet, int breakEvenMoves,
                        int flattened, int failedProtections, List<String> pacedSymbols, int callsInFlight,
                        Map<String, Long> lastPriceMs) implements CborSerializable {

        public State {
            lastPriceMs = lastPriceMs == null ? Map.of() : lastPriceMs;
        }
    }

    /**
     * @param stopLoss           0 = none
     * @param trailingStop       trailing distance on the exchange, 0 = none
     * @param unprotectedSinceMs when it was first seen without a stop, -1 when protected
     */
    public record ProtectionView(String symbol, Side side, BigDecimal size, BigDecimal entryPrice, BigDecimal stopLoss,
                                 BigDecimal takeProfit, BigDecimal trailingStop, long unprotectedSinceMs,
                                 boolean breakEvenDone, boolean flattening) implements CborSerializable {}

    /**
     * From execution.json {@code tpsl_manager}.
     *
     * @param stopLossPct fallback stop for a position found without one, fraction of entry
     */
    public record Settings(double stopLossPct, Duration verifyInterval, Duration protectTimeout, Duration askTimeout,
                           ProtectionFailures.Bound failureBound) {

        /** With the default bound on failed protective actions. */
        public Settings(double stopLossPct, Duration verifyInterval, Duration protectTimeout, Duration askTimeout) {
            this(stopLossPct, verifyInterval, protectTimeout, askTimeout, ProtectionFailures.Bound.DEFAULT);
        }

        public Settings {
            Objects.requireNonNull(failureBound, "failureBound");
            Objects.requireNonNull(verifyInterval, "verify_interval_seconds");
            Objects.requireNonNull(protectTimeout, "protect_timeout_seconds");
            Objects.requireNonNull(askTimeout, "askTimeout");
            if (!(stopLossPct > 0 && stopLossPct < 1)) {
                throw new IllegalArgumentException("tpsl_manager.stop_loss_pct must be a fraction in (0, 1), got " + stopLossPct);
            }
            if (verifyInterval.isZero() || verifyInterval.isNegative() || protectTimeout.isZero() || protectTimeout.isNegative()) {
                throw new IllegalArgumentException("tpsl_manager.verify_interval_seconds and protect_timeout_seconds must be > 0, got "
                        + verifyInterval.toSeconds() + " and " + protectTimeout.toSeconds());
            }
        }

        public static Settings from(ExecutionConfig.TpSlManager m) {
            return new Settings(m.stopLossPct(), Duration.ofSeconds(m.verifyIntervalSeconds()),
                    Duration.ofSeconds(m.protectTimeoutSeconds()), Duration.ofSeconds(60),
                    new ProtectionFailures.Bound(m.maxFailedProtections(),
                            Duration.ofSeconds(m.failedProtectionWindowSeconds())));
        }
    }

    private record Account(AccountEvent event) implements Command {}

    private enum Verify implements Command { INSTANCE }

    private enum Change { STOP, TRAILING, BREAK_EVEN }

    private record StopSet(String symbol, Change change, BigDecimal level, BybitResult<Void> result) implements Command {}

    private record ProtectTimeout(String symbol, long since) implements Command {}

    private record Flattened(String symbol, String orderLinkId, BybitResult<OrderIds> result) implements Command {}

    private static final String OWNER = "tpsl";

    /** What we know and have asked for about one open position. */
    private static final class Tracked {
        final String symbol;
        final Side side;
        BigDecimal size;
        BigDecimal entry;
        BigDecimal mark = BigDecimal.ZERO;
        BigDecimal stopLoss = BigDecimal.ZERO;
        BigDecimal takeProfit = BigDecimal.ZERO;
        BigDecimal trailingStop = BigDecimal.ZERO;
        double entryAtr = Double.NaN;
        long unprotectedSince = -1;
        boolean stopInFlight;
        boolean trailingRequested;
        boolean breakEvenRequested;
        boolean breakEvenDone;
        boolean flattening;

        Tracked(String symbol, Side side) {
            this.symbol = symbol;
            this.side = side;
        }

        boolean hasStop() {
            return stopLoss.signum() > 0 || trailingStop.signum() > 0;
        }

        ProtectionView view() {
            return new ProtectionView(symbol, side, size, entry, stopLoss, takeProfit, trailingStop, unprotectedSince,
                    breakEvenDone, flattening);
        }
    }

    /** @param risk told to halt a symbol's entries when its protective actions keep failing */
    public static Behavior<Command> create(TpSlRules rules, Settings settings, ActorRef<RestClient.Command> rest,
                                           ActorRef<AccountFeed.Command> accountFeed, ActorRef<RiskActor.Command> risk,
                                           Map<String, InstrumentSpec> instruments, InstantSource clock) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(accountFeed, "accountFeed");
        Map<String, InstrumentSpec> specs = Map.copyOf(Objects.requireNonNull(instruments, "instruments"));
        Objects.requireNonNull(clock, "clock");
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new TpSlActor(ctx, timers, rules, settings, rest, accountFeed, risk, specs, clock)));
    }

    private final TimerScheduler<Command> timers;
    private final TpSlRules rules;
    private final Settings settings;
    private final ActorRef<RestClient.Command> rest;
    private final Map<String, InstrumentSpec> instruments;
    private final InstantSource clock;
    private final Map<String, Tracked> tracked = new TreeMap<>();
    private final Map<String, Double> lastAtr = new HashMap<>();
    private final ActorRef<AccountFeed.Command> accountFeed;
    private final ActorRef<RiskActor.Command> risk;
    private final ProtectionFailures failures;
    private int stopsSet;
    private int trailingStopsSet;
    private int breakEvenMoves;
    private int flattened;
    private int failedProtections;
    private int callsInFlight;
    private final Map<String, Long> lastPriceMs = new java.util.HashMap<>();

    private TpSlActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, TpSlRules rules, Settings settings,
                      ActorRef<RestClient.Command> rest, ActorRef<AccountFeed.Command> accountFeed,
                      ActorRef<RiskActor.Command> risk, Map<String, InstrumentSpec> instruments, InstantSource clock) {
        super(ctx);
        this.timers = timers;
        this.rules = rules;
        this.settings = settings;
        this.rest = rest;
        this.instruments = instruments;
        this.clock = clock;
        this.accountFeed = accountFeed;
        this.risk = risk;
        this.failures = new ProtectionFailures(settings.failureBound());
        // the feed's snapshot is the view at start; no read of our own (the feed reads the exchange at its start)
        accountFeed.tell(new AccountFeed.Subscribe(ctx.messageAdapter(AccountEvent.class, Account::new)));
        timers.startTimerWithFixedDelay(Verify.INSTANCE, Verify.INSTANCE, settings.verifyInterval());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Account.class, this::onAccount)
                .onMessage(PriceUpdate.class, this::onPrice)
                .onMessageEquals(Verify.INSTANCE, this::onVerify)
                .onMessage(StopSet.class, this::onStopSet)
                .onMessage(ProtectTimeout.class, this::onProtectTimeout)
                .onMessage(Flattened.class, this::onFlattened)
                .onMessage(GetState.class, this::onGetState)
                .build();
    }

    // ------------------------------------------------------------------ positions

    private Behavior<Command> onAccount(Account a) {
        if (a.event() instanceof AccountEvent.PositionUpdate p) {
            onPosition(p);
        } else if (a.event() instanceof AccountEvent.Snapshot s) {
            onSnapshot(s);
        }
        return this;
    }

    private void onPosition(AccountEvent.PositionUpdate p) {
        String symbol = p.symbol();
        Tracked t = tracked.get(symbol);
        if (!p.open()) {
            if (t != null) {
                tracked.remove(symbol);
                timers.cancel(timerKey(symbol));
            }
            failures.recovered(symbol);
            return;
        }
        boolean firstSeen = t == null || t.side != p.side();
        if (firstSeen) {
            // a new position (or a reversal, or one found after a restart): start over
            t = new Tracked(symbol, p.side());
            tracked.put(symbol, t);
            Double atr = lastAtr.get(symbol);
            t.entryAtr = atr == null ? Double.NaN : atr;
        }
        t.size = p.size();
        t.entry = p.entryPrice();
        t.mark = p.markPrice();
        t.stopLoss = p.stopLoss();
        t.takeProfit = p.takeProfit();
        t.trailingStop = p.trailingStop();
        if (firstSeen) {
            rememberDecisionsOnTheExchange(t);
        }
        check(t);
    }

    /**
     * TpSl keeps no journal: its trailing and break-even decisions are rebuilt from the stops they left on the
     * exchange, which is where they matter. A trailing stop already there is Bybit's to trail: setting it again
     * would re-arm it at the activation price and forget how far it had trailed. A stop already at or past entry
     * in the position's favour is a break-even made before: it is never moved back.
     */
    private void rememberDecisionsOnTheExchange(Tracked t) {
        if (t.trailingStop.signum() > 0) {
            t.trailingRequested = true;
        }
        if (t.stopLoss.signum() > 0 && t.entry.signum() > 0
                && t.side.sign() * t.stopLoss.subtract(t.entry).signum() >= 0) {
            t.breakEvenDone = true;
        }
        if (t.trailingRequested || t.breakEvenDone) {
            getContext().getLog().info("TpSl: {} {} already has {} on the exchange; kept as it is", t.side, t.symbol,
                    t.trailingRequested ? "a trailing stop " + t.trailingStop.toPlainString()
                            : "a break-even stop " + t.stopLoss.toPlainString());
        }
    }

    private void check(Tracked t) {
        if (t.flattening) {
            return;
        }
        if (t.hasStop()) {
            if (t.unprotectedSince >= 0) {
                getContext().getLog().info("TpSl: {} {} is protected (stop {}, trailing {})", t.side, t.symbol,
                        t.stopLoss.toPlainString(), t.trailingStop.toPlainString());
                t.unprotectedSince = -1;
                timers.cancel(timerKey(t.symbol));
            }
            failures.recovered(t.symbol);
        } else {
            if (t.unprotectedSince < 0) {
                t.unprotectedSince = clock.millis();
                timers.startSingleTimer(timerKey(t.symbol), new ProtectTimeout(t.symbol, t.unprotectedSince),
                        settings.protectTimeout());
                getContext().getLog().warn("TpSl: {} {} {} has no stop on the exchange; setting one", t.side,
                        t.size.toPlainString(), t.symbol);
            }
            if (!t.stopInFlight && failures.tryAttempt(t.symbol, clock.millis())) {
                setFallbackStop(t);
            }
        }
        maybeTrail(t);
    }

    private void setFallbackStop(Tracked t) {
        TickGrid grid = grid(t);
        double entry = t.entry.doubleValue();
        if (!(entry > 0)) {
            getContext().getLog().error("TpSl: {} has no entry price; cannot place a stop, flattening", t.symbol);
            flatten(t, "no entry price to set a stop from");
            return;
        }
        double stop = TpSlCalculator.stopAt(t.side, entry, entry * settings.stopLossPct(), grid);
        double mark = t.mark.doubleValue();
        if (mark > 0 && !(t.side.sign() * (mark - stop) > 0)) {
            // the market is already past where the stop would go: Bybit would refuse it, and the loss is taken
            flatten(t, "mark " + t.mark.toPlainString() + " is already past the fallback stop " + stop);
            return;
        }
        BigDecimal level = price(t, stop);
        t.stopInFlight = true;
        tradingStop(t.symbol, Change.STOP, level, new TradingStopRequest(t.symbol, 0, null, level, null, null, "MarkPrice"));
    }

    private void maybeTrail(Tracked t) {
        if (!rules.trailing().enabled() || t.trailingRequested || t.flattening || !(t.entryAtr > 0)) {
            return;
        }
        TickGrid grid = grid(t);
        double entry = t.entry.doubleValue();
        if (!(entry > 0)) {
            return;
        }
        TrailingRule rule = rules.trailing();
        double distance = Math.max(grid.ceil(t.entryAtr * rule.distanceAtrMultiple()), grid.tick());
        double activationDistance = t.entryAtr * rule.activationAtrMultiple();
        BigDecimal activation = activationDistance > 0
                ? price(t, TpSlCalculator.targetAt(t.side, entry, activationDistance, grid)) : null;
        BigDecimal distanceBd = price(t, distance);
        t.trailingRequested = true;
        tradingStop(t.symbol, Change.TRAILING, distanceBd,
                new TradingStopRequest(t.symbol, 0, null, null, distanceBd, activation, null));
        getContext().getLog().info("TpSl: trailing stop on {} {}: distance {} armed at {}", t.side, t.symbol,
                distanceBd.toPlainString(), activation == null ? "once" : activation.toPlainString());
    }

    // ------------------------------------------------------------------ prices

    private Behavior<Command> onPrice(PriceUpdate u) {
        lastPriceMs.merge(u.symbol(), u.timeMs(), Math::max);
        if (u.atr() > 0 && !Double.isInfinite(u.atr())) {
            lastAtr.put(u.symbol(), u.atr());
        }
        Tracked t = tracked.get(u.symbol());
        if (t == null || t.flattening) {
            return this;
        }
        if (Double.isNaN(t.entryAtr) && u.atr() > 0) {
            t.entryAtr = u.atr();
        }
        maybeTrail(t);
        maybeBreakEven(t, u.price());
        return this;
    }

    private void maybeBreakEven(Tracked t, double price) {
        BreakEvenRule rule = rules.breakEven();
        if (!rule.enabled() || t.breakEvenDone || t.breakEvenRequested || !(t.entryAtr > 0)) {
            return;
        }
        TickGrid grid = grid(t);
        double entry = t.entry.doubleValue();
        double trigger = TpSlCalculator.targetAt(t.side, entry, t.entryAtr * rule.triggerAtrMultiple(), grid);
        if (!TpSlCalculator.reached(t.side, price, trigger)) {
            return;
        }
        double beStop = TpSlCalculator.breakEvenStop(t.side, entry, rule.offsetTicks(), grid);
        double current = t.stopLoss.signum() > 0 ? t.stopLoss.doubleValue() : Double.NaN;
        boolean belowPrice = t.side.sign() * (price - beStop) > 0;
        if (!belowPrice || !TpSlCalculator.tightens(t.side, beStop, current)) {
            t.breakEvenDone = true; // nothing to gain: the stop is already at least as tight
            return;
        }
        BigDecimal level = price(t, beStop);
        t.breakEvenRequested = true;
        getContext().getLog().info("TpSl: {} {} reached {} ({} ATR in favour): stop to break-even {}", t.side, t.symbol,
                price, rule.triggerAtrMultiple(), level.toPlainString());
        tradingStop(t.symbol, Change.BREAK_EVEN, level, new TradingStopRequest(t.symbol, 0, null, level, null, null, "MarkPrice"));
    }

    // ------------------------------------------------------------------ exchange calls

    private void tradingStop(String symbol, Change change, BigDecimal level, TradingStopRequest request) {
        callsInFlight++;
        RestCalls.ask(getContext(), rest, settings.askTimeout(), new RestOp.SetTradingStop(request),
                r -> new StopSet(symbol, change, level, r));
    }

    private Behavior<Command> onStopSet(StopSet s) {
        callsInFlight--;
        Tracked t = tracked.get(s.symbol());
        boolean ok = s.result().isOk();
        if (!ok && io.pybitbot.exchange.bybit.BybitVenue.noPositionToProtect(s.result())) {
            getContext().getLog().info("TpSl: {} on {} at {} not set: the position is already closed on the exchange",
                    s.change(), s.symbol(), s.level().toPlainString());
        } else if (!ok) {
            getContext().getLog().warn("TpSl: {} on {} at {} failed: {}", s.change(), s.symbol(), s.level().toPlainString(),
                    RestCalls.describe(s.result()));
            if (s.change() == Change.STOP) {
                protectionFailed(s.symbol(), "stop placement", RestCalls.describe(s.result()));
            }
        }
        if (t == null) {
            return this;
        }
        switch (s.change()) {
            case STOP -> {
                t.stopInFlight = false;
                if (ok) {
                    stopsSet++;
                    t.stopLoss = s.level();
                    getContext().getLog().info("TpSl: stop {} set on {} {}", s.level().toPlainString(), t.side, t.symbol);
                    check(t);
                }
            }
            case TRAILING -> {
                if (ok) {
                    trailingStopsSet++;
                    t.trailingStop = s.level();
                    check(t);
                } else {
                    t.trailingRequested = false; // tried again on the next candle
                }
            }
            case BREAK_EVEN -> {
                t.breakEvenRequested = false;
                if (ok) {
                    breakEvenMoves++;
                    t.breakEvenDone = true;
                    t.stopLoss = s.level();
                    check(t);
                }
            }
        }
        return this;
    }

    private Behavior<Command> onProtectTimeout(ProtectTimeout p) {
        Tracked t = tracked.get(p.symbol());
        if (t != null && !t.hasStop() && t.unprotectedSince == p.since() && !t.flattening) {
            if (failures.tryAttempt(t.symbol, clock.millis())) {
                flatten(t, "still without a stop after " + settings.protectTimeout().toSeconds() + " s");
            } else {
                // paced: the next verification (or position update) tries again
                t.unprotectedSince = -1;
            }
        }
        return this;
    }

    private void flatten(Tracked t, String why) {
        t.flattening = true;
        timers.cancel(timerKey(t.symbol));
        Side side = t.side.opposite();
        String id = OrderLinkIds.of(OWNER, t.symbol, clock.millis(), OrderLinkIds.Kind.FLATTEN, side);
        getContext().getLog().error("TpSl: FLATTENING unprotected {} {} {} ({}) [{}]", t.side, t.size.toPlainString(),
                t.symbol, why, id);
        callsInFlight++;
        RestCalls.ask(getContext(), rest, settings.askTimeout(),
                new RestOp.PlaceOrder(OrderRequest.closeMarket(t.symbol, side, t.size, id)),
                r -> new Flattened(t.symbol, id, r));
    }

    private Behavior<Command> onFlattened(Flattened f) {
        callsInFlight--;
        Tracked t = tracked.get(f.symbol());
        if (f.result().isOk()) {
            flattened++;
            getContext().getLog().warn("TpSl: flatten order {} for {} accepted", f.orderLinkId(), f.symbol());
        } else {
            getContext().getLog().error("TpSl: flatten order {} for {} failed: {}; trying to protect it again",
                    f.orderLinkId(), f.symbol(), RestCalls.describe(f.result()));
            protectionFailed(f.symbol(), "flatten", RestCalls.describe(f.result()));
            if (t != null) {
                t.flattening = false;
                t.stopInFlight = false;
                t.unprotectedSince = -1;
                check(t);
            }
        }
        return this;
    }

    /** Counts a failed protective action; the one that reaches the bound halts the symbol's entries and alerts. */
    private void protectionFailed(String symbol, String what, String why) {
        failedProtections++;
        if (!failures.failed(symbol, clock.millis())) {
            return;
        }
        ProtectionFailures.Bound b = failures.bound();
        String message = b.describe(what + ": " + why);
        getContext().getLog().error("TpSl: ALERT protection of {} keeps failing ({}); entries on it halted, further"
                + " attempts at most one per {} s", symbol, message, b.pacingMs() / 1000.0);
        risk.tell(new RiskActor.HaltSymbol(symbol, OWNER, message));
    }

    // ------------------------------------------------------------------ verification

    private Behavior<Command> onVerify() {
        // the feed reads the exchange and sends every subscriber its reconciled snapshot
        accountFeed.tell(AccountFeed.Reconcile.INSTANCE);
        return this;
    }

    /** The feed's whole view: every listed position is checked again, a tracked one it does not list is flat. */
    private void onSnapshot(AccountEvent.Snapshot s) {
        if (s.kind() == AccountEvent.Snapshot.Kind.RECONCILE_FAILED) {
            getContext().getLog().warn("TpSl: could not re-read positions: {}", s.failure());
        }
        long now = clock.millis();
        for (String symbol : new ArrayList<>(tracked.keySet())) {
            if (s.position(symbol).isEmpty()) {
                onPosition(AccountEvent.PositionUpdate.flat(symbol, now));
            }
        }
        s.positions().forEach(this::onPosition);
    }

    private Behavior<Command> onGetState(GetState g) {
        Map<String, ProtectionView> views = new TreeMap<>();
        List<String> protectedSymbols = new ArrayList<>();
        List<String> unprotected = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            views.put(t.symbol, t.view());
            (t.hasStop() ? protectedSymbols : unprotected).add(t.symbol);
        }
        List<String> paced = tracked.keySet().stream().filter(failures::tripped).toList();
        g.replyTo().tell(new State(views, protectedSymbols, unprotected, stopsSet, trailingStopsSet, breakEvenMoves,
                flattened, failedProtections, paced, callsInFlight, Map.copyOf(lastPriceMs)));
        return this;
    }

    // ------------------------------------------------------------------ helpers

    private TickGrid grid(Tracked t) {
        InstrumentSpec spec = instruments.get(t.symbol);
        if (spec != null) {
            return TickGrid.of(spec);
        }
        // unknown instrument (opened by hand on a symbol we do not trade): the entry's own decimals
        return new TickGrid(BigDecimal.ONE.movePointLeft(Math.max(t.entry.stripTrailingZeros().scale(), 0)).doubleValue());
    }

    private BigDecimal price(Tracked t, double value) {
        InstrumentSpec spec = instruments.get(t.symbol);
        if (spec != null) {
            return spec.roundPrice(value);
        }
        return BigDecimal.valueOf(value).setScale(Math.max(t.entry.stripTrailingZeros().scale(), 0),
                RoundingMode.HALF_UP);
    }

    private static String timerKey(String symbol) {
        return "protect-" + symbol;
    }
}
