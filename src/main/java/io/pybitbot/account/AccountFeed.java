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
 * wallet topics). Each frame becomes {@link AccountEvent}s told to every subscriber, in arrival order.
 * Without a stream (tests, paper mode) it only relays what is {@link Inject}ed.
 *
 * <p>With a RestClient, every reconnect (and {@link Reconcile}) re-reads wallet and positions and
 * publishes them, since the private stream does not replay what was missed.
 *
 * <p>The stream reconnects by itself (see {@link BybitPrivateStream}); a stream that ends for good is
 * logged as an error and the actor keeps relaying injected events. Subscribers are watched and dropped
 * when they stop.
 */
public final class AccountFeed extends AbstractBehavior<AccountFeed.Command> {

    public sealed interface Command permits Subscribe, Inject, GetStats, Reconcile, FromStream, StreamEnded,
            SubscriberStopped, WalletRead, PositionsRead {}

    /** Receive every later event; subscribing twice is harmless. */
    public record Subscribe(ActorRef<AccountEvent> subscriber) implements Command, CborSerializable {}

    /** Relay an event as if the stream had sent it (tests, paper mode, REST reconciliation). */
    public record Inject(AccountEvent event) implements Command, CborSerializable {}

    public record GetStats(ActorRef<Stats> replyTo) implements Command, CborSerializable {}

    /**
     * Re-read wallet and positions over REST and publish them as events (also done on every reconnect of
     * the stream: the private stream has no replay). A position the feed had relayed as open and that the
     * exchange no longer lists is published as flat. Ignored without a RestClient.
     */
    public enum Reconcile implements Command, CborSerializable { INSTANCE }

    /**
     * @param connections private-stream connections opened (0 without a stream)
     * @param events      events relayed
     */
    public record Stats(int subscribers, int connections, long events, boolean streaming) implements CborSerializable {}

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

    private record StreamEnded(Throwable failure) implements Command {}

    private record SubscriberStopped(ActorRef<AccountEvent> subscriber) implements Command {}

    private record WalletRead(BybitResult<WalletBalance> result) implements Command {}

    /** @param sinceEvent position events relayed when the read was sent */
    private record PositionsRead(long sinceEvent, BybitResult<PositionsPage> result) implements Command {}

    private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);

    /** A feed without a socket: relays {@link Inject}ed events only. */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> new AccountFeed(ctx, null, null));
    }

    /** A feed that owns the private WebSocket described by {@code stream}; no REST reconciliation. */
    public static Behavior<Command> create(StreamSettings stream) {
        Objects.requireNonNull(stream, "stream");
        return Behaviors.setup(ctx -> new AccountFeed(ctx, stream, null));
    }

    /** A feed that owns the private WebSocket and reconciles over {@code rest} after every reconnect. */
    public static Behavior<Command> create(StreamSettings stream, ActorRef<RestClient.Command> rest) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(rest, "rest");
        return Behaviors.setup(ctx -> new AccountFeed(ctx, stream, rest));
    }

    private final Set<ActorRef<AccountEvent>> subscribers = new LinkedHashSet<>();
    private final KillSwitch killSwitch;
    private final ActorRef<RestClient.Command> rest;
    private final InstantSource clock;
    /** Symbols relayed as open, and the position-event count at each symbol's latest update. */
    private final Map<String, Long> lastPositionEvent = new HashMap<>();
    private final Set<String> openSymbols = new HashSet<>();
    private long positionEvents;
    private int connections;
    private long events;
    private boolean streaming;

    private AccountFeed(ActorContext<Command> ctx, StreamSettings stream, ActorRef<RestClient.Command> rest) {
        super(ctx);
        this.rest = rest;
        this.clock = stream == null ? null : stream.clock(); // only reconciliation, which needs a stream, reads it
        this.killSwitch = stream == null ? null : startStream(ctx, stream);
        this.streaming = stream != null;
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
                .onMessage(StreamEnded.class, this::onStreamEnded)
                .onMessage(SubscriberStopped.class, this::onSubscriberStopped)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessageEquals(Reconcile.INSTANCE, this::onReconcile)
                .onMessage(WalletRead.class, this::onWalletRead)
                .onMessage(PositionsRead.class, this::onPositionsRead)
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onSubscribe(Subscribe s) {
        if (subscribers.add(s.subscriber())) {
            getContext().watchWith(s.subscriber(), new SubscriberStopped(s.subscriber()));
            getContext().getLog().debug("Account feed: {} subscribed", s.subscriber().path());
        }
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
            if (c.connection() > 1) {
                // the private stream has no replay: what happened while disconnected comes from REST
                onReconcile();
            }
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
            events.forEach(this::publish);
        }
        return this;
    }

    private void publish(AccountEvent event) {
        if (event instanceof AccountEvent.PositionUpdate p) {
            lastPositionEvent.put(p.symbol(), ++positionEvents);
            if (p.open()) {
                openSymbols.add(p.symbol());
            } else {
                openSymbols.remove(p.symbol());
            }
        }
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
            getContext().getLog().debug("Account feed: no REST client, nothing to reconcile");
            return this;
        }
        long since = positionEvents;
        RestCalls.ask(getContext(), rest, REST_TIMEOUT, new RestOp.GetWallet(Optional.of("USDT")), WalletRead::new);
        RestCalls.ask(getContext(), rest, REST_TIMEOUT, new RestOp.GetPositions(Optional.empty()),
                r -> new PositionsRead(since, r));
        return this;
    }

    private Behavior<Command> onWalletRead(WalletRead w) {
        if (w.result() instanceof BybitResult.Ok<WalletBalance> ok) {
            long now = clock.millis();
            ok.value().list().stream().filter(a -> a.totalEquity() != null)
                    .forEach(a -> publish(AccountEvents.wallet(a, now)));
        } else {
            getContext().getLog().warn("Account feed: wallet reconciliation failed: {}", RestCalls.describe(w.result()));
        }
        return this;
    }

    private Behavior<Command> onPositionsRead(PositionsRead r) {
        if (!(r.result() instanceof BybitResult.Ok<PositionsPage> ok)) {
            getContext().getLog().warn("Account feed: position reconciliation failed: {}", RestCalls.describe(r.result()));
            return this;
        }
        long now = clock.millis();
        Set<String> listed = new HashSet<>();
        List<AccountEvent> out = new ArrayList<>();
        for (PositionInfo i : ok.value().list()) {
            if (i.symbol() == null || lastPositionEvent.getOrDefault(i.symbol(), 0L) > r.sinceEvent()) {
                continue; // the stream said something newer while the read was on its way
            }
            AccountEvent.PositionUpdate p = AccountEvents.position(i, now);
            listed.add(p.symbol());
            out.add(p);
        }
        for (String symbol : openSymbols) {
            if (!listed.contains(symbol) && lastPositionEvent.getOrDefault(symbol, 0L) <= r.sinceEvent()) {
                out.add(AccountEvent.PositionUpdate.flat(symbol, now));
            }
        }
        getContext().getLog().info("Account feed: reconciled {} position(s) over REST", out.size());
        out.forEach(this::publish);
        return this;
    }

    private Behavior<Command> onSubscriberStopped(SubscriberStopped s) {
        subscribers.remove(s.subscriber());
        return this;
    }

    private Behavior<Command> onGetStats(GetStats g) {
        g.replyTo().tell(new Stats(subscribers.size(), connections, events, streaming));
        return this;
    }

    private Behavior<Command> onStop() {
        if (killSwitch != null) {
            killSwitch.shutdown();
        }
        return this;
    }
}
