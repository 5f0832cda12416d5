package io.pybitbot.account;

import io.pybitbot.CborSerializable;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.exchange.bybit.ws.BybitPrivateStream;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.exchange.bybit.ws.BybitStreamEvent;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Singleton "account-feed": the one owner of Bybit's private WebSocket (order, execution, position,
 * wallet topics). Each frame becomes {@link AccountEvent}s told to every subscriber, in arrival order.
 * Without a stream (tests, paper mode) it only relays what is {@link Inject}ed.
 *
 * <p>The stream reconnects by itself (see {@link BybitPrivateStream}); a stream that ends for good is
 * logged as an error and the actor keeps relaying injected events. Subscribers are watched and dropped
 * when they stop.
 */
public final class AccountFeed extends AbstractBehavior<AccountFeed.Command> {

    public sealed interface Command permits Subscribe, Inject, GetStats, FromStream, StreamEnded, SubscriberStopped {}

    /** Receive every later event; subscribing twice is harmless. */
    public record Subscribe(ActorRef<AccountEvent> subscriber) implements Command, CborSerializable {}

    /** Relay an event as if the stream had sent it (tests, paper mode, REST reconciliation). */
    public record Inject(AccountEvent event) implements Command, CborSerializable {}

    public record GetStats(ActorRef<Stats> replyTo) implements Command, CborSerializable {}

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

    /** A feed without a socket: relays {@link Inject}ed events only. */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> new AccountFeed(ctx, null));
    }

    /** A feed that owns the private WebSocket described by {@code stream}. */
    public static Behavior<Command> create(StreamSettings stream) {
        Objects.requireNonNull(stream, "stream");
        return Behaviors.setup(ctx -> new AccountFeed(ctx, stream));
    }

    private final Set<ActorRef<AccountEvent>> subscribers = new LinkedHashSet<>();
    private final KillSwitch killSwitch;
    private int connections;
    private long events;
    private boolean streaming;

    private AccountFeed(ActorContext<Command> ctx, StreamSettings stream) {
        super(ctx);
        this.killSwitch = stream == null ? null : startStream(ctx, stream);
        this.streaming = stream != null;
    }

    private static KillSwitch startStream(ActorContext<Command> ctx, StreamSettings s) {
        ActorRef<Command> self = ctx.getSelf();
        ctx.getLog().info("Account feed: opening the private stream at {} (topics {})", s.url(), TOPICS);
        var pair = BybitPrivateStream.source(ctx.getSystem(), s.url(), s.signer(), s.clock(), s.clockOffsetMs(), TOPICS,
                        s.authExpiry(), s.settings())
                .toMat(Sink.foreach(e -> self.tell(new FromStream(e))), org.apache.pekko.stream.javadsl.Keep.both())
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
            // the private stream has no replay: what happened while disconnected comes from the periodic REST checks
            getContext().getLog().info("Account feed: private stream connection {} open", c.connection());
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
