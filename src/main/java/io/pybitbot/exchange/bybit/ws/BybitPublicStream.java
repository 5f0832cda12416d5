package io.pybitbot.exchange.bybit.ws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.latency.TickToOrder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public linear WebSocket as a never-ending {@link Source}: on every (re)connection it subscribes
 * to all topics, pings every {@code pingInterval}, and parses frames; if nothing arrives for
 * {@code stallTimeout} the connection counts as dead. Any close, error or stall reconnects with
 * jittered exponential backoff (the minimum keeps us far below Bybit's 500 connects per 5 minutes).
 * Malformed frames are emitted as {@link BybitWsFrame.Malformed} and never end the stream.
 */
public final class BybitPublicStream {

    private static final Logger LOG = LoggerFactory.getLogger(BybitPublicStream.class);
    /** Bybit caps the args of one public connection at 21,000 characters. */
    static final int MAX_ARGS_CHARS = 21_000;
    /** Topics per subscribe request (an SDK precaution; Bybit documents no linear per-request cap). */
    static final int TOPICS_PER_REQUEST = 200;

    /**
     * @param pingInterval Bybit recommends 20 s
     * @param stallTimeout silence (no frame, not even a pong) after which the connection is replaced
     * @param minBackoff   first reconnect delay; >= 1 s keeps reconnects under 300 per 5 minutes
     */
    public record Settings(Duration pingInterval, Duration stallTimeout, Duration minBackoff, Duration maxBackoff,
                           double randomFactor) {
        public Settings {
            Objects.requireNonNull(pingInterval, "pingInterval");
            Objects.requireNonNull(stallTimeout, "stallTimeout");
            if (stallTimeout.compareTo(pingInterval) <= 0) {
                throw new IllegalArgumentException("stallTimeout " + stallTimeout + " must exceed pingInterval "
                        + pingInterval + ", or every quiet pong gap looks like a stall");
            }
            if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 < min <= max, got " + minBackoff + ", " + maxBackoff);
            }
        }

        /** The packaged defaults of {@code pybit.websocket.*} (reference.conf): 30 s stall, 1 s to 30 s backoff. */
        public static Settings defaults() {
            return of(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30));
        }

        /**
         * Settings from {@code pybit.websocket.stall-timeout} and the reconnect backoff bounds. Pings go out
         * every 20 s as Bybit recommends, or every half stall timeout if that is shorter, so a quiet but
         * healthy connection always answers a ping before it could look stalled.
         */
        public static Settings of(Duration stallTimeout, Duration minBackoff, Duration maxBackoff) {
            Duration ping = Duration.ofSeconds(20);
            if (stallTimeout.compareTo(ping.multipliedBy(2)) < 0) {
                ping = stallTimeout.dividedBy(2);
            }
            return new Settings(ping, stallTimeout, minBackoff, maxBackoff, 0.2);
        }
    }

    private BybitPublicStream() {}

    /** {@code kline.{interval}.{symbol}} for every symbol. */
    public static List<String> klineTopics(List<String> symbols, Interval interval) {
        return symbols.stream().map(s -> "kline." + interval.code() + "." + s).toList();
    }

    /** Subscribe requests for the topics, split so no request is too large; fails if the total is over Bybit's cap. */
    public static List<String> subscribeMessages(List<String> topics) {
        int chars = topics.stream().mapToInt(String::length).sum();
        if (chars > MAX_ARGS_CHARS) {
            throw new IllegalArgumentException(topics.size() + " topics use " + chars
                    + " characters of args; one Bybit public connection allows " + MAX_ARGS_CHARS);
        }
        return requests("subscribe", topics, true);
    }

    /**
     * {@code op} ("subscribe", "unsubscribe") requests for the topics, at most {@value #TOPICS_PER_REQUEST} topics a
     * request; with {@code numbered}, each carries a {@code req_id} ({@code sub-1}, {@code sub-2}...).
     */
    static List<String> requests(String op, List<String> topics, boolean numbered) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < topics.size(); i += TOPICS_PER_REQUEST) {
            ObjectNode req = BybitJson.mapper().createObjectNode();
            if (numbered) {
                req.put("req_id", "sub-" + (i / TOPICS_PER_REQUEST + 1));
            }
            req.put("op", op);
            ArrayNode args = req.putArray("args");
            topics.subList(i, Math.min(topics.size(), i + TOPICS_PER_REQUEST)).forEach(args::add);
            out.add(req.toString());
        }
        return out;
    }

    public static final String PING = "{\"op\":\"ping\"}";

    /**
     * Builds the reconnecting source; run it and stop it with the materialised kill switch.
     *
     * @param url e.g. {@code BybitHosts.publicLinearWs()}
     */
    public static Source<BybitStreamEvent, UniqueKillSwitch> source(ActorSystem<?> system, URI url, List<String> topics,
                                                                   Settings settings) {
        return source(system, url, topics, settings, new StreamCounters());
    }

    /** As above, counting connections and malformed / unhandled / refused frames into {@code counters}. */
    public static Source<BybitStreamEvent, UniqueKillSwitch> source(ActorSystem<?> system, URI url, List<String> topics,
                                                                   Settings settings, StreamCounters counters) {
        return source(system, url, topics, settings, counters, null, null);
    }

    /**
     * As above, every connect (the first and each reconnect) waiting for its turn in {@code pacer}, whose window runs
     * on {@code wall}: the node's streams share it, so a reconnect wave stays under Bybit's per-IP connect limit.
     * A null pacer connects at once.
     */
    public static Source<BybitStreamEvent, UniqueKillSwitch> source(ActorSystem<?> system, URI url, List<String> topics,
                                                                   Settings settings, StreamCounters counters,
                                                                   ConnectPacer pacer, java.time.InstantSource wall) {
        List<String> subscribes = subscribeMessages(topics);
        Materializer mat = Materializer.matFromSystem(system);
        AtomicInteger connections = new AtomicInteger();
        RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), settings.randomFactor());
        return RestartSource.withBackoff(restart, () -> paced(pacer, wall, () -> connection(system, mat, url, subscribes,
                        settings, connections.incrementAndGet(), counters)))
                .viaMat(KillSwitches.single(), Keep.right());
    }

    /** The connection, opened once the pacer grants its turn (at once without a pacer or when there is room). */
    static <T> Source<T, NotUsed> paced(ConnectPacer pacer, java.time.InstantSource wall,
                                        java.util.function.Supplier<Source<T, NotUsed>> open) {
        if (pacer == null) {
            return open.get();
        }
        long now = wall.millis();
        long waitMs = pacer.reserve(now) - now;
        if (waitMs <= 0) {
            return open.get();
        }
        LOG.warn("Bybit public stream: {} connects in the last {} s, Bybit's per-IP limit: this one waits {} ms",
                pacer.inWindow(now) - 1, pacer.windowMs() / 1000, waitMs);
        return Source.single(NotUsed.getInstance()).initialDelay(java.time.Duration.ofMillis(waitMs))
                .flatMapConcat(n -> open.get());
    }

    private static Source<BybitStreamEvent, NotUsed> connection(ActorSystem<?> system, Materializer mat, URI url,
                                                               List<String> subscribes, Settings settings, int number,
                                                               StreamCounters counters) {
        counters.connected();
        LOG.info("Bybit public stream: connection {} to {} ({} subscribe requests)", number, url, subscribes.size());
        Source<Message, NotUsed> outgoing = Source.from(subscribes).<Message>map(TextMessage::create)
                .concat(Source.tick(settings.pingInterval(), settings.pingInterval(), (Message) TextMessage.create(PING))
                        .mapMaterializedValue(c -> NotUsed.getInstance()));
        return Source.<BybitStreamEvent>single(new BybitStreamEvent.Connected(number))
                .concat(frames(system, mat, url, outgoing, settings, counters, "Bybit public stream", number));
    }

    /**
     * The frames of one connection that sends {@code outgoing}: parsed ({@link BybitWsParser}, malformed ones logged
     * and counted), and a {@link BybitStreamEvent.Stalled} then the end when nothing arrives for the stall timeout.
     * A confirmed candle's arrival is stamped here, before it is parsed, for tick-to-order ({@link TickToOrder}).
     */
    static Source<BybitStreamEvent, NotUsed> frames(ActorSystem<?> system, Materializer mat, URI url,
                                                    Source<Message, NotUsed> outgoing, Settings settings,
                                                    StreamCounters counters, String name, int number) {
        return outgoing
                .via(Http.get(system).webSocketClientFlow(WebSocketRequest.create(url.toString())))
                .mapAsync(1, m -> text(m, mat))
                .filter(t -> !t.isEmpty())
                .idleTimeout(settings.stallTimeout())
                .map(t -> {
                    long received = TickToOrder.now();
                    BybitWsFrame f = log(BybitWsParser.parse(t), counters);
                    if (f instanceof BybitWsFrame.Kline k) {
                        for (io.pybitbot.domain.Candle c : k.candles()) {
                            if (c.confirmed()) {
                                TickToOrder.candleArrived(k.symbol(), c.startMs(), received);
                            }
                        }
                    }
                    return (BybitStreamEvent) new BybitStreamEvent.Frame(f);
                })
                // a stall is said before the connection is replaced, so the consumer can count it
                .recoverWithRetries(1, java.util.concurrent.TimeoutException.class, () -> {
                    counters.stalled();
                    LOG.warn("{}: connection {} silent for {}; replacing it", name, number, settings.stallTimeout());
                    return Source.single(new BybitStreamEvent.Stalled(number));
                });
    }

    static BybitWsFrame log(BybitWsFrame f, StreamCounters counters) {
        counters.frame(f);
        if (f instanceof BybitWsFrame.Malformed m) {
            LOG.warn("Bybit public stream: skipped malformed frame: {}", m.reason());
        } else if (f instanceof BybitWsFrame.OpResult r && !r.success()) {
            LOG.error("Bybit public stream: {} refused: {}", r.op(), r.retMsg());
        }
        return f;
    }

    /** Text of a frame, streamed or strict; binary frames are drained and ignored. */
    static CompletionStage<String> text(Message m, Materializer mat) {
        if (m.isText()) {
            TextMessage t = m.asTextMessage();
            return t.isStrict() ? CompletableFuture.completedFuture(t.getStrictText())
                    : t.getStreamedText().runFold("", String::concat, mat);
        }
        return m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat).thenApply(d -> "");
    }
}
