package io.pybitbot.account;

import io.pybitbot.CborSerializable;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.ws.BybitPrivateStream;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.exchange.bybit.ws.BybitStreamEvent;
import io.pybitbot.execution.RestCalls;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Singleton "account-feed": the one owner of Bybit's private WebSocket (order, execution, position,
 * wallet topics) and the only reconciler of the account view. It keeps that view (open positions, the latest
 * wallet figures, the orders last seen open); each subscriber gets it as an {@link AccountEvent.Snapshot} when
 * it subscribes, then every later event, in arrival order. Risk, TpSl and OrderExecution read positions and the
 * wallet from here only, never over REST themselves, so they cannot disagree about what is open.
 * Without a stream (tests, paper mode) it only relays what is {@link Inject}ed.
 *
 * <p>With a RestClient it reads wallet and positions at start, on every (re)connect of the stream (which does
 * not replay what was missed) and on {@link Reconcile}; the merged view goes to every subscriber as a
 * {@link AccountEvent.Snapshot.Kind#RECONCILED} snapshot.
 *
 * <p>The stream reconnects by itself (see {@link BybitPrivateStream}); a stream that ends for good is
 * logged as an error and the actor keeps relaying injected events. Subscribers are watched and dropped
 * when they stop.
 */
public final class AccountFeed extends AbstractBehavior<AccountFeed.Command> {

    public sealed interface Command permits Subscribe, Inject, GetStats, Reconcile, FromStream, FromVenue, StreamEnded,
            SubscriberStopped, WalletRead, PositionsRead, RetryWallet {}

    /** Receive the feed's view as a snapshot, then every later event; subscribing twice is harmless (one snapshot more). */
    public record Subscribe(ActorRef<AccountEvent> subscriber) implements Command, CborSerializable {}

    /** Relay an event as if the stream had sent it (tests, paper mode, REST reconciliation). */
    public record Inject(AccountEvent event) implements Command, CborSerializable {}

    public record GetStats(ActorRef<Stats> replyTo) implements Command, CborSerializable {}

    /**
     * Re-read wallet and positions over REST; the wallet is published as an event, the positions as a
     * {@link AccountEvent.Snapshot.Kind#RECONCILED} snapshot to every subscriber (a position the exchange no longer
     * lists is gone from it). Also done at start and on every connect of the stream. Without a RestClient the
     * feed's own view is the whole truth and is sent back at once as a reconciled snapshot.
     */
    public enum Reconcile implements Command, CborSerializable { INSTANCE }

    /**
     * @param connections        private-stream connections opened (0 without a stream)
     * @param events             events relayed
     * @param implausibleDropped stream events that contradicted the view by an implausible margin: dropped, and the
     *                           exchange read over REST instead
     * @param stalls             private-stream connections replaced because they went silent past the stall timeout
     */
    public record Stats(int subscribers, int connections, long events, boolean streaming, long implausibleDropped,
                        long stalls)
            implements CborSerializable {}

    /** Where and how to open the private stream. */
    public record StreamSettings(URI url, BybitSigner signer, InstantSource clock, LongSupplier clockOffsetMs,
                                 Duration authExpiry, BybitPublicStream.Settings settings) {
        public StreamSettings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(clockOffsetMs, "clockOffsetMs");
            Objects.requireNonNull(authExpiry, "authExpiry");
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public String toString() {
            return "StreamSettings[url=" + url + ", signer=<redacted>]";
        }
    }

    /** The private topics the bot needs. */
    public static final List<String> TOPICS = List.of("order", "execution", "position", "wallet");

    private record FromStream(BybitStreamEvent event) implements Command {}

    /** One event the venue sent (a stream frame's): checked for plausibility before it is relayed. */
    record FromVenue(AccountEvent event) implements Command {}

    private record StreamEnded(Throwable failure) implements Command {}

    private record SubscriberStopped(ActorRef<AccountEvent> subscriber) implements Command {}

    private record WalletRead(BybitResult<WalletBalance> result) implements Command {}

    /** Reads the wallet again after a failed read, while this run has never had a wallet figure. */
    private enum RetryWallet implements Command { INSTANCE }

    /** Back-off of the wallet read before the first figure: doubling from this, up to {@link #WALLET_RETRY_MAX}. */
    static final java.time.Duration WALLET_RETRY_MIN = java.time.Duration.ofMillis(500);
    static final java.time.Duration WALLET_RETRY_MAX = java.time.Duration.ofSeconds(10);

    /** @param sinceEvent position events relayed when the read was sent */
    /** @param read the read's number: replies of overlapping reads can arrive out of order */
    private record PositionsRead(long sinceEvent, long read, BybitResult<PositionsPage> result) implements Command {}

    private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);

    /** A feed without a socket: relays {@link Inject}ed events only. */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> new AccountFeed(ctx, null, null, null, Plausibility.defaults()));
    }

    /** A feed without a socket that reads the account over {@code rest} at start and on {@link Reconcile}. */
    public static Behavior<Command> create(ActorRef<RestClient.Command> rest, InstantSource clock) {
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(clock, "clock");
        return Behaviors.setup(ctx -> new AccountFeed(ctx, null, rest, clock, Plausibility.defaults()));
    }

    /** A feed that owns the private WebSocket described by {@code stream}; no REST reconciliation. */
    public static Behavior<Command> create(StreamSettings stream) {
        Objects.requireNonNull(stream, "stream");
        return Behaviors.setup(ctx -> new AccountFeed(ctx, stream, null, stream.clock(), Plausibility.defaults()));
    }

    /** A feed that owns the private WebSocket and reconciles over {@code rest} after every reconnect. */
    public static Behavior<Command> create(StreamSettings stream, ActorRef<RestClient.Command> rest) {
        return create(stream, rest, Plausibility.defaults());
    }

    /** As above, with the bounds beyond which a stream event is confirmed over REST before it is relayed. */
    public static Behavior<Command> create(StreamSettings stream, ActorRef<RestClient.Command> rest,
                                           Plausibility plausibility) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(plausibility, "plausibility");
        return Behaviors.setup(ctx -> new AccountFeed(ctx, stream, rest, stream.clock(), plausibility));
    }

    private final Set<ActorRef<AccountEvent>> subscribers = new LinkedHashSet<>();
    private final KillSwitch killSwitch;
    private final ActorRef<RestClient.Command> rest;
    private final InstantSource clock;
    /** The position-event count at each symbol's latest update: a REST row older than that is stale. */
    private final Map<String, Long> lastPositionEvent = new HashMap<>();
    private final FeedView view = new FeedView();
    private final Plausibility plausibility;
    /** Order and fill quantity seen on a symbol since its last relayed position: what may explain a size change. */
    private final Map<String, BigDecimal> activitySincePosition = new HashMap<>();
    private final Set<String> filledSincePosition = new HashSet<>();
    private long implausibleDropped;
    private long stalls;
    /** A confirmation read is out: further implausible events wait for its answer instead of asking again. */
    private boolean confirmingPositions;
    private boolean confirmingWallet;
    /** Failed wallet reads in a row before the first wallet figure of this run. */
    private int walletFailures;
    private long positionEvents;
    /** Position reads sent, and the newest one whose answer was applied: an older answer is stale. */
    private long positionReads;
    private long appliedRead;
    private int connections;
    private long events;
    private boolean streaming;

    private AccountFeed(ActorContext<Command> ctx, StreamSettings stream, ActorRef<RestClient.Command> rest,
                        InstantSource clock, Plausibility plausibility) {
        super(ctx);
        this.plausibility = plausibility;
        this.rest = rest;
        this.clock = clock; // null only for a relay-only feed, whose snapshots then carry time 0
        this.killSwitch = stream == null ? null : startStream(ctx, stream);
        this.streaming = stream != null;
        if (rest != null) {
            onReconcile(); // the view is the exchange's from the start, not only after the first stream news
        }
    }

    private static KillSwitch startStream(ActorContext<Command> ctx, StreamSettings s) {
        ActorRef<Command> self = ctx.getSelf();
        ctx.getLog().info("Account feed: opening the private stream at {} (topics {})", s.url(), TOPICS);
        var pair = BybitPrivateStream.source(ctx.getSystem(), s.url(), s.signer(), s.clock(), s.clockOffsetMs(), TOPICS,
                        s.authExpiry(), s.settings())
                .toMat(Sink.foreach(e -> self.tell(new FromStream(e))), Keep.both())
                .run(ctx.getSystem());
        pair.second().whenComplete((done, failure) -> self.tell(new StreamEnded(failure)));
        return pair.first();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(Inject.class, this::onInject)
                .onMessage(FromStream.class, this::onFromStream)
                .onMessage(FromVenue.class, this::onFromVenue)
                .onMessage(StreamEnded.class, this::onStreamEnded)
                .onMessage(SubscriberStopped.class, this::onSubscriberStopped)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessageEquals(Reconcile.INSTANCE, this::onReconcile)
                .onMessage(WalletRead.class, this::onWalletRead)
                .onMessageEquals(RetryWallet.INSTANCE, () -> {
                    if (view.wallet() == null) {
                        readWallet();
                    }
                    return this;
                })
                .onMessage(PositionsRead.class, this::onPositionsRead)
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onSubscribe(Subscribe s) {
        if (subscribers.add(s.subscriber())) {
            getContext().watchWith(s.subscriber(), new SubscriberStopped(s.subscriber()));
            getContext().getLog().debug("Account feed: {} subscribed", s.subscriber().path());
        }
        // sent by this actor before any later event, so the subscriber sees the view, then what changed it
        s.subscriber().tell(view.snapshot(AccountEvent.Snapshot.Kind.SUBSCRIBED, "", now()));
        return this;
    }

    private Behavior<Command> onInject(Inject i) {
        publish(i.event());
        return this;
    }

    private Behavior<Command> onFromStream(FromStream f) {
        if (f.event() instanceof BybitStreamEvent.Connected c) {
            connections = c.connection();
            getContext().getLog().info("Account feed: private stream connection {} open", c.connection());
            // the private stream has no replay: what happened before it (re)connected comes from REST
            onReconcile();
        } else if (f.event() instanceof BybitStreamEvent.Stalled) {
            stalls++;
        } else if (f.event() instanceof BybitStreamEvent.Frame frame) {
            List<AccountEvent> events;
            try {
                events = AccountEvents.fromFrame(frame.frame());
            } catch (RuntimeException e) {
                // a row we cannot read (unknown side, size without side) must not stop the account feed
                getContext().getLog().warn("Account feed: skipped an unreadable {} frame: {}",
                        frame.frame().getClass().getSimpleName(), e.getMessage());
                return this;
            }
            events.forEach(e -> onFromVenue(new FromVenue(e)));
        }
        return this;
    }

    /**
     * A venue event that contradicts the view by an implausible margin (a size far beyond the position and the orders
     * seen since, a side flip without a fill, an equity jump) is dropped and counted, and the exchange is read over
     * REST: the confirmed value is what the subscribers get. Injected events are the bot's own (paper mode, tests)
     * and are not checked.
     */
    private Behavior<Command> onFromVenue(FromVenue f) {
        AccountEvent e = f.event();
        if (e instanceof AccountEvent.OrderUpdate o) {
            activitySincePosition.merge(o.symbol(), o.qty(), BigDecimal::add);
        } else if (e instanceof AccountEvent.Execution x) {
            activitySincePosition.merge(x.symbol(), x.qty(), BigDecimal::add);
            filledSincePosition.add(x.symbol());
        } else if (e instanceof AccountEvent.PositionUpdate p) {
            String why = plausibility.position(view.position(p.symbol()), p,
                    activitySincePosition.getOrDefault(p.symbol(), BigDecimal.ZERO), filledSincePosition.contains(p.symbol()));
            if (!why.isEmpty()) {
                dropImplausible("position update of " + p.symbol(), why);
                if (rest != null && !confirmingPositions) {
                    confirmingPositions = true;
                    readPositions();
                }
                return this;
            }
        } else if (e instanceof AccountEvent.WalletUpdate w) {
            String why = plausibility.wallet(view.wallet(), w);
            if (!why.isEmpty()) {
                dropImplausible("wallet update", why);
                if (rest != null && !confirmingWallet) {
                    confirmingWallet = true;
                    readWallet();
                }
                return this;
            }
        }
        publish(e);
        return this;
    }

    private void dropImplausible(String what, String why) {
        implausibleDropped++;
        getContext().getLog().warn("Account feed: ALERT implausible {} dropped ({}); {} (dropped so far: {})", what, why,
                rest == null ? "no REST client to confirm it" : "confirming over REST", implausibleDropped);
    }

    private void publish(AccountEvent event) {
        if (event instanceof AccountEvent.PositionUpdate p) {
            lastPositionEvent.put(p.symbol(), ++positionEvents);
            activitySincePosition.remove(p.symbol());
            filledSincePosition.remove(p.symbol());
        }
        view.apply(event);
        events++;
        for (ActorRef<AccountEvent> s : subscribers) {
            s.tell(event);
        }
    }

    private Behavior<Command> onStreamEnded(StreamEnded e) {
        streaming = false;
        if (e.failure() != null) {
            getContext().getLog().error("Account feed: private stream ended with {}; order, position and wallet updates now come only from REST checks",
                    e.failure().toString());
        } else {
            getContext().getLog().info("Account feed: private stream closed");
        }
        return this;
    }

    private Behavior<Command> onReconcile() {
        if (rest == null) {
            publish(view.snapshot(AccountEvent.Snapshot.Kind.RECONCILED, "", now()));
            return this;
        }
        readWallet();
        readPositions();
        return this;
    }

    private void readWallet() {
        RestCalls.ask(getContext(), rest, REST_TIMEOUT, new RestOp.GetWallet(Optional.of("USDT")), WalletRead::new);
    }

    private void readPositions() {
        long since = positionEvents;
        long read = ++positionReads;
        RestCalls.ask(getContext(), rest, REST_TIMEOUT, new RestOp.GetPositions(Optional.empty()),
                r -> new PositionsRead(since, read, r));
    }

    private Behavior<Command> onWalletRead(WalletRead w) {
        confirmingWallet = false;
        if (w.result() instanceof BybitResult.Ok<WalletBalance> ok) {
            long now = clock.millis();
            ok.value().list().stream().filter(a -> a.totalEquity() != null)
                    .forEach(a -> publish(AccountEvents.wallet(a, now)));
            walletFailures = 0;
        } else if (view.wallet() == null) {
            // until the first figure Risk sizes nothing (equity unknown): try again soon, not at the next reconcile
            walletFailures++;
            long ms = Math.min(WALLET_RETRY_MAX.toMillis(),
                    WALLET_RETRY_MIN.toMillis() << Math.min(walletFailures - 1, 10));
            getContext().getLog().warn("Account feed: wallet read failed ({}), no wallet figure yet: trying again in {}"
                    + " ms", RestCalls.describe(w.result()), ms);
            getContext().scheduleOnce(java.time.Duration.ofMillis(ms), getContext().getSelf(), RetryWallet.INSTANCE);
        } else {
            getContext().getLog().warn("Account feed: wallet reconciliation failed: {}", RestCalls.describe(w.result()));
        }
        return this;
    }

    private Behavior<Command> onPositionsRead(PositionsRead r) {
        if (r.read() < appliedRead) {
            // a slow read overtaken by a newer one: applying it would bring back what the newer one closed. Whoever
            // waits for this read's snapshot gets the view, which is newer than the read
            getContext().getLog().debug("Account feed: position read {} answered after read {}; not applied", r.read(),
                    appliedRead);
            publish(view.snapshot(AccountEvent.Snapshot.Kind.RECONCILED, "", now()));
            return this;
        }
        appliedRead = r.read();
        confirmingPositions = false;
        if (!(r.result() instanceof BybitResult.Ok<PositionsPage> ok)) {
            String why = RestCalls.describe(r.result());
            getContext().getLog().warn("Account feed: position reconciliation failed: {}", why);
            publish(view.snapshot(AccountEvent.Snapshot.Kind.RECONCILE_FAILED, why, now()));
            return this;
        }
        long now = now();
        Set<String> listed = new HashSet<>();
        for (PositionInfo i : ok.value().list()) {
            if (i.symbol() == null || lastPositionEvent.getOrDefault(i.symbol(), 0L) > r.sinceEvent()) {
                continue; // the stream said something newer while the read was on its way: the view has it
            }
            AccountEvent.PositionUpdate p = AccountEvents.position(i, now);
            listed.add(p.symbol());
            view.apply(p);
        }
        for (String symbol : view.openSymbols()) {
            if (!listed.contains(symbol) && lastPositionEvent.getOrDefault(symbol, 0L) <= r.sinceEvent()) {
                view.apply(AccountEvent.PositionUpdate.flat(symbol, now));
            }
        }
        AccountEvent.Snapshot snapshot = view.snapshot(AccountEvent.Snapshot.Kind.RECONCILED, "", now);
        getContext().getLog().info("Account feed: reconciled over REST, {} open position(s)", snapshot.positions().size());
        publish(snapshot);
        return this;
    }

    private long now() {
        return clock == null ? 0 : clock.millis();
    }

    private Behavior<Command> onSubscriberStopped(SubscriberStopped s) {
        subscribers.remove(s.subscriber());
        return this;
    }

    private Behavior<Command> onGetStats(GetStats g) {
        g.replyTo().tell(new Stats(subscribers.size(), connections, events, streaming, implausibleDropped,
                stalls));
        return this;
    }

    private Behavior<Command> onStop() {
        if (killSwitch != null) {
            killSwitch.shutdown();
        }
        return this;
    }
}
