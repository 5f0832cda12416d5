package io.pybitbot.risk;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountEvents;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.execution.RestCalls;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Singleton "risk": answers "may this entry go out, and how big?" with {@link RiskRules}, against the
 * account as the private stream and REST report it (equity, peak, the UTC day's starting equity, open
 * positions and their exposure). It trips the drawdown kill switch on every equity update, logs the
 * halt as an error, and when {@code flatten_on_halt} is set tells OrderExecution to close everything.
 *
 * <p>Until the first wallet figure arrives equity is 0, so every check is denied
 * ({@link DenyReason#INSUFFICIENT_EQUITY}): no entry is sized against an unknown account. Times for
 * cooldowns are the signal's candle time (the same clock the backtester uses); the UTC day of the
 * daily loss limit follows the account events' times.
 */
public final class RiskActor extends AbstractBehavior<RiskActor.Command> {

    public sealed interface Command permits Check, Account, TradeClosed, GetStatus, ResetHalt, WalletLoaded,
            PositionsLoaded {}

    /** Pre-trade check of an ENTRY signal; the answer is a {@link Verdict}. */
    public record Check(Signal signal, InstrumentSpec spec, ActorRef<Verdict> replyTo)
            implements Command, CborSerializable {}

    /** An account event (wallet, position, ...) from the {@link AccountFeed}. */
    public record Account(AccountEvent event) implements Command, CborSerializable {}

    /** A position closed with this net PnL (after fees); a loss starts the symbol's cooldown. */
    public record TradeClosed(String symbol, BigDecimal netPnl, long timeMs) implements Command, CborSerializable {}

    public record GetStatus(ActorRef<Status> replyTo) implements Command, CborSerializable {}

    /**
     * An operator lifts a halt. The peak restarts from current equity, or the drawdown that tripped the
     * kill switch would trip it again on the next update. Answers with the new status.
     */
    public record ResetHalt(String operator, ActorRef<Status> replyTo) implements Command, CborSerializable {}

    /**
     * @param haltReason why entries are halted ("" while ACTIVE)
     */
    public record Status(double equity, double peakEquity, double dayStartEquity, int openPositions,
                         double totalExposure, TradingState tradingState, String haltReason)
            implements CborSerializable {}

    private record WalletLoaded(BybitResult<WalletBalance> result) implements Command {}

    private record PositionsLoaded(BybitResult<PositionsPage> result) implements Command {}

    private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);
    private static final long DAY_MS = 86_400_000L;

    /**
     * @param orderExecution gets {@link OrderExecution.FlattenAll} when the kill switch trips and the limits
     *                       say {@code flatten_on_halt}
     * @param clock          time for account events that carry none
     */
    public static Behavior<Command> create(RiskRules rules, ActorRef<RestClient.Command> rest,
                                           ActorRef<AccountFeed.Command> accountFeed,
                                           ActorRef<OrderExecution.Command> orderExecution, InstantSource clock) {
        Objects.requireNonNull(orderExecution, "orderExecution");
        return create(rules, rest, accountFeed, () -> orderExecution, clock);
    }

    /**
     * As above, with OrderExecution looked up only when a halt needs it: Risk and OrderExecution name each
     * other, so a guardian can create Risk first and fill the reference in (e.g. an {@code AtomicReference}
     * set to OrderExecution's singleton proxy).
     */
    public static Behavior<Command> create(RiskRules rules, ActorRef<RestClient.Command> rest,
                                           ActorRef<AccountFeed.Command> accountFeed,
                                           Supplier<ActorRef<OrderExecution.Command>> orderExecution,
                                           InstantSource clock) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(accountFeed, "accountFeed");
        Objects.requireNonNull(orderExecution, "orderExecution");
        Objects.requireNonNull(clock, "clock");
        return Behaviors.setup(ctx -> new RiskActor(ctx, rules, rest, accountFeed, orderExecution, clock));
    }

    private final RiskRules rules;
    private final ActorRef<RestClient.Command> rest;
    private final Supplier<ActorRef<OrderExecution.Command>> orderExecution;
    private final InstantSource clock;
    private final RiskState state = new RiskState();
    private final Map<String, Double> exposureBySymbol = new HashMap<>();
    private double equity;
    private double peakEquity;
    private double dayStartEquity;
    private long day = Long.MIN_VALUE;
    private boolean walletSeen;
    /** Updates from the stream are newer than the start-up REST snapshot, which must not undo them. */
    private boolean streamWalletSeen;
    private final Set<String> streamPositionSymbols = new HashSet<>();

    private RiskActor(ActorContext<Command> ctx, RiskRules rules, ActorRef<RestClient.Command> rest,
                      ActorRef<AccountFeed.Command> accountFeed,
                      Supplier<ActorRef<OrderExecution.Command>> orderExecution, InstantSource clock) {
        super(ctx);
        this.rules = rules;
        this.rest = rest;
        this.orderExecution = orderExecution;
        this.clock = clock;
        accountFeed.tell(new AccountFeed.Subscribe(ctx.messageAdapter(AccountEvent.class, Account::new)));
        RestCalls.ask(ctx, rest, REST_TIMEOUT, new RestOp.GetWallet(Optional.of("USDT")), WalletLoaded::new);
        RestCalls.ask(ctx, rest, REST_TIMEOUT, new RestOp.GetPositions(Optional.empty()), PositionsLoaded::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Check.class, this::onCheck)
                .onMessage(Account.class, this::onAccount)
                .onMessage(TradeClosed.class, this::onTradeClosed)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(ResetHalt.class, this::onResetHalt)
                .onMessage(WalletLoaded.class, this::onWalletLoaded)
                .onMessage(PositionsLoaded.class, this::onPositionsLoaded)
                .build();
    }

    private Behavior<Command> onCheck(Check check) {
        Signal signal = check.signal();
        Verdict verdict;
        if (signal.kind() != Signal.Kind.ENTRY) {
            // exits reduce risk and are never checked; answer rather than crash on a caller's mistake
            verdict = new Verdict.Denied(DenyReason.INVALID_PRICE, "risk checks entries only, got an EXIT for "
                    + signal.symbol());
        } else {
            boolean wasHalted = state.halted();
            verdict = rules.checkEntry(signal, check.spec(), snapshot(), state, signal.candleStartMs());
            if (!wasHalted && state.halted()) {
                onHalted(signal.candleStartMs());
            }
        }
        check.replyTo().tell(verdict);
        return this;
    }

    private Behavior<Command> onAccount(Account a) {
        AccountEvent e = a.event();
        if (e instanceof AccountEvent.WalletUpdate w) {
            streamWalletSeen = true;
            onEquity(w.totalEquity().doubleValue(), timeOf(w));
        } else if (e instanceof AccountEvent.PositionUpdate p) {
            streamPositionSymbols.add(p.symbol());
            onPosition(p);
        }
        return this;
    }

    private void onPosition(AccountEvent.PositionUpdate p) {
        if (p.open()) {
            exposureBySymbol.put(p.symbol(), p.notional().doubleValue());
        } else {
            exposureBySymbol.remove(p.symbol());
        }
    }

    private void onEquity(double newEquity, long timeMs) {
        long today = Math.floorDiv(timeMs, DAY_MS);
        equity = newEquity;
        if (!walletSeen) {
            walletSeen = true;
            peakEquity = newEquity;
            getContext().getLog().info("Risk: equity {} USDT", String.format("%.2f", newEquity));
        }
        peakEquity = Math.max(peakEquity, newEquity);
        if (today > day) {
            // the first equity of a UTC day is that day's start: the daily loss limit lifts at midnight
            day = today;
            dayStartEquity = newEquity;
        }
        if (rules.updateKillSwitch(snapshot(), state, timeMs)) {
            onHalted(timeMs);
        }
    }

    private void onHalted(long timeMs) {
        getContext().getLog().error("RISK HALTED: {} ({}); no new entries until an operator resets it{}",
                state.haltMessage(), state.haltReason(),
                rules.limits().flattenOnHalt() ? "; flattening every position" : "");
        if (rules.limits().flattenOnHalt()) {
            ActorRef<OrderExecution.Command> target = orderExecution.get();
            if (target == null) {
                getContext().getLog().error("RISK HALTED but there is no OrderExecution to flatten through; close positions by hand");
            } else {
                target.tell(new OrderExecution.FlattenAll("risk halt: " + state.haltMessage()));
            }
        }
    }

    private Behavior<Command> onTradeClosed(TradeClosed t) {
        rules.onTradeClosed(state, t.symbol(), t.netPnl(), t.timeMs());
        if (state.inCooldown(t.symbol(), t.timeMs())) {
            getContext().getLog().info("Risk: {} closed at {} USDT, no entry on it until epoch ms {}", t.symbol(),
                    t.netPnl().toPlainString(), state.cooldownUntil(t.symbol()));
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus g) {
        AccountSnapshot s = snapshot();
        g.replyTo().tell(new Status(s.equity(), s.peakEquity(), s.dayStartEquity(), s.openPositionCount(),
                s.totalExposure(), state.tradingState(),
                state.halted() ? state.haltReason() + ": " + state.haltMessage() : ""));
        return this;
    }

    private Behavior<Command> onResetHalt(ResetHalt r) {
        if (state.halted()) {
            getContext().getLog().warn("Risk: halt ({}: {}) lifted by {}; peak equity restarts at {}", state.haltReason(),
                    state.haltMessage(), r.operator(), String.format("%.2f", equity));
            state.reset();
            peakEquity = equity;
        }
        return onGetStatus(new GetStatus(r.replyTo()));
    }

    private Behavior<Command> onWalletLoaded(WalletLoaded w) {
        if (streamWalletSeen) {
            return this;
        }
        if (w.result() instanceof BybitResult.Ok<WalletBalance> ok) {
            for (WalletAccount a : ok.value().list()) {
                if (a.totalEquity() != null) {
                    onEquity(a.totalEquity().doubleValue(), clock.millis());
                }
            }
        } else {
            getContext().getLog().warn("Risk: could not read the wallet ({}); entries stay denied until a wallet update arrives",
                    RestCalls.describe(w.result()));
        }
        return this;
    }

    private Behavior<Command> onPositionsLoaded(PositionsLoaded p) {
        if (p.result() instanceof BybitResult.Ok<PositionsPage> ok) {
            long now = clock.millis();
            for (PositionInfo i : ok.value().list()) {
                if (i.symbol() != null && !streamPositionSymbols.contains(i.symbol())) {
                    onPosition(AccountEvents.position(i, now));
                }
            }
        } else {
            getContext().getLog().warn("Risk: could not read positions ({}); exposure comes from the stream only",
                    RestCalls.describe(p.result()));
        }
        return this;
    }

    private long timeOf(AccountEvent e) {
        return e.timeMs() > 0 ? e.timeMs() : clock.millis();
    }

    private AccountSnapshot snapshot() {
        return new AccountSnapshot(equity, peakEquity, dayStartEquity, exposureBySymbol);
    }
}
