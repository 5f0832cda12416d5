package io.pybitbot.exchange.bybit.ws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.exchange.bybit.BybitSigner;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private WebSocket (order / execution / position / wallet) as a reconnecting {@link Source}. Each
 * connection authenticates first with {@code expires = now + clock offset + authExpiry} (a few seconds:
 * one second is too tight under skew), subscribes only after the auth ack, then pings and parses like
 * {@link BybitPublicStream}. A refused auth fails the connection, which reconnects with backoff; the
 * log names the reason, never the key or secret. Missed private events are not replayed by Bybit, so
 * the consumer reconciles over REST on every {@link BybitStreamEvent.Connected}.
 */
public final class BybitPrivateStream {

    private static final Logger LOG = LoggerFactory.getLogger(BybitPrivateStream.class);

    private BybitPrivateStream() {}

    /** Raised inside the stream when Bybit refuses the auth; triggers a backoff reconnect. */
    public static final class AuthRefused extends RuntimeException {
        public AuthRefused(String retMsg) {
            super("Bybit private stream auth refused: " + retMsg);
        }
    }

    /** The auth request for one connection: {@code args = [apiKey, expires, HMAC("GET/realtime" + expires)]}. */
    public static String authMessage(BybitSigner signer, long expiresMs, String reqId) {
        ObjectNode req = BybitJson.mapper().createObjectNode();
        req.put("req_id", reqId);
        req.put("op", "auth");
        ArrayNode args = req.putArray("args");
        args.add(signer.apiKey());
        args.add(expiresMs);
        args.add(signer.signWsAuth(expiresMs));
        return req.toString();
    }

    /**
     * @param clockOffsetMs server minus local time, e.g. {@code BybitRestApi::clockOffsetMs}
     * @param topics        e.g. {@code order}, {@code execution}, {@code position}, {@code wallet}
     */
    public static Source<BybitStreamEvent, UniqueKillSwitch> source(ActorSystem<?> system, URI url, BybitSigner signer,
                                                                    InstantSource clock, LongSupplier clockOffsetMs,
                                                                    List<String> topics, Duration authExpiry,
                                                                    BybitPublicStream.Settings settings) {
        return source(system, url, signer, clock, clockOffsetMs, topics, authExpiry, settings, new StreamCounters());
    }

    /** As above, counting connections and malformed / unhandled / refused frames into {@code counters}. */
    public static Source<BybitStreamEvent, UniqueKillSwitch> source(ActorSystem<?> system, URI url, BybitSigner signer,
                                                                    InstantSource clock, LongSupplier clockOffsetMs,
                                                                    List<String> topics, Duration authExpiry,
                                                                    BybitPublicStream.Settings settings,
                                                                    StreamCounters counters) {
        Objects.requireNonNull(signer, "signer");
        List<String> subscribes = BybitPublicStream.subscribeMessages(topics);
        Materializer mat = Materializer.matFromSystem(system);
        AtomicInteger connections = new AtomicInteger();
        RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), settings.randomFactor());
        return RestartSource.withBackoff(restart, () -> {
            int n = connections.incrementAndGet();
            long expires = clock.millis() + clockOffsetMs.getAsLong() + authExpiry.toMillis();
            return connection(system, mat, url, authMessage(signer, expires, "auth-" + n), subscribes, settings, n, counters);
        }).viaMat(KillSwitches.single(), Keep.right());
    }

    private static Source<BybitStreamEvent, NotUsed> connection(ActorSystem<?> system, Materializer mat, URI url,
                                                               String auth, List<String> subscribes,
                                                               BybitPublicStream.Settings settings, int number,
                                                               StreamCounters counters) {
        counters.connected();
        LOG.info("Bybit private stream: connection {} to {}", number, url);
        AtomicReference<BoundedSourceQueue<Message>> out = new AtomicReference<>();
        Source<Message, NotUsed> outgoing = Source.<Message>queue(Math.max(16, subscribes.size() + 8))
                .mapMaterializedValue(q -> {
                    q.offer(TextMessage.create(auth));
                    out.set(q);
                    return NotUsed.getInstance();
                })
                .merge(Source.tick(settings.pingInterval(), settings.pingInterval(), (Message) TextMessage.create(BybitPublicStream.PING)));
        Source<BybitStreamEvent, NotUsed> frames = outgoing
                .via(Http.get(system).webSocketClientFlow(WebSocketRequest.create(url.toString())))
                .mapAsync(1, m -> BybitPublicStream.text(m, mat))
                .filter(t -> !t.isEmpty())
                .idleTimeout(settings.stallTimeout())
                .map(t -> {
                    BybitWsFrame f = BybitPublicStream.log(BybitWsParser.parse(t), counters);
                    if (f instanceof BybitWsFrame.OpResult r && "auth".equals(r.op())) {
                        if (!r.success()) {
                            throw new AuthRefused(r.retMsg());
                        }
                        // subscribing before the auth ack fails on Bybit's side
                        subscribes.forEach(s -> out.get().offer(TextMessage.create(s)));
                    }
                    return (BybitStreamEvent) new BybitStreamEvent.Frame(f);
                })
                .recoverWithRetries(1, java.util.concurrent.TimeoutException.class, () -> {
                    counters.stalled();
                    LOG.warn("Bybit private stream: connection {} silent for {}; replacing it", number,
                            settings.stallTimeout());
                    return Source.single(new BybitStreamEvent.Stalled(number));
                });
        return Source.<BybitStreamEvent>single(new BybitStreamEvent.Connected(number)).concat(frames);
    }
}
