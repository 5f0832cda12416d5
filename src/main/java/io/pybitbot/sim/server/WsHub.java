package io.pybitbot.sim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.sim.SimCore;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.engine.EngineEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two WebSocket endpoints: {@code /v5/public/linear} (kline topics) and {@code /v5/private} (auth, then
 * order/execution/position/wallet). Each connection gets a bounded outgoing queue; a client too slow to drain
 * it is disconnected, as Bybit does. The protocol logic lives in {@link #onText}, free of Pekko types.
 */
public final class WsHub implements SimCore.Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(WsHub.class);
    static final int QUEUE_SIZE = 4096;
    private static final Set<String> PRIVATE_TOPICS = Set.of("order", "execution", "position", "wallet",
            "order.linear", "execution.linear", "position.linear");

    /** One connection. {@code out} receives frames; tests may supply their own. */
    public static final class Session {
        final String connId;
        final boolean isPrivate;
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        volatile boolean authed;
        private final java.util.function.Consumer<String> out;
        private final Runnable closer;

        Session(String connId, boolean isPrivate, java.util.function.Consumer<String> out, Runnable closer) {
            this.connId = connId;
            this.isPrivate = isPrivate;
            this.out = out;
            this.closer = closer;
        }

        public Set<String> topics() {
            return Set.copyOf(topics);
        }

        public boolean authed() {
            return authed;
        }
    }

    private final SimCore core;
    private final SimSettings settings;
    private final LongSupplier serverWallMs;
    /** The exchange's (virtual) time, which a client that synced to /v5/market/time follows. */
    private LongSupplier virtualNowMs;
    private final BybitSigner signer;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<BoundedSourceQueue<Message>, Session> queues = new ConcurrentHashMap<>();
    /** Live socket sessions by connection id (the incoming side looks its session up here). */
    private final Map<String, Session> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private volatile boolean stalled;

    /** Lets auth accept an expiry that is in the future by the virtual clock too. */
    public void virtualClock(LongSupplier virtualNowMs) {
        this.virtualNowMs = virtualNowMs;
    }

    public WsHub(SimCore core, SimSettings settings, LongSupplier serverWallMs) {
        this.core = core;
        this.settings = settings;
        this.serverWallMs = serverWallMs;
        this.signer = new BybitSigner(new ApiCredentials(settings.apiKey(), settings.apiSecret()));
        this.stalled = settings.faults().stallStreams();
    }

    /** Stall fault: connections stay open, nothing is sent (no data, no acks, no pongs). */
    public void setStalled(boolean on) {
        stalled = on;
    }

    public int connectionCount() {
        return sessions.size();
    }

    public long framesSent() {
        return framesSent.get();
    }

    /** Frames waiting in outgoing queues, summed over connections (the max-speed driver waits on it). */
    public int backlog() {
        int n = 0;
        for (BoundedSourceQueue<Message> q : queues.keySet()) {
            n += q.size();
        }
        return n;
    }

    /** Closes every connection (the drop fault, and shutdown). */
    public void dropAll() {
        for (Session s : List.copyOf(sessions)) {
            s.closer.run();
            sessions.remove(s);
        }
    }

    /** A new connection's flow; call once per upgrade request. */
    public Flow<Message, Message, NotUsed> newFlow(boolean isPrivate, Materializer mat) {
        String connId = "sim-" + ids.incrementAndGet();
        Source<Message, NotUsed> outgoing = Source.<Message>queue(QUEUE_SIZE).mapMaterializedValue(q -> {
            Session s = new Session(connId, isPrivate, text -> offer(q, text), () -> complete(q));
            queues.put(q, s);
            sessions.add(s);
            pending.put(connId, s);
            return NotUsed.notUsed();
        });
        Sink<Message, NotUsed> incoming = Flow.of(Message.class)
                .mapAsync(1, m -> text(m, mat))
                .watchTermination((nu, done) -> {
                    done.whenComplete((d, e) -> close(connId));
                    return NotUsed.notUsed();
                })
                .to(Sink.foreach(t -> {
                    Session s = pending.get(connId);
                    if (s != null && t != null) {
                        onText(s, t);
                    }
                }));
        return Flow.fromSinkAndSourceCoupled(incoming, outgoing);
    }

    private void close(String connId) {
        Session s = pending.remove(connId);
        if (s != null) {
            sessions.remove(s);
            queues.values().remove(s);
        }
    }

    private static void complete(BoundedSourceQueue<Message> q) {
        try {
            q.complete();
        } catch (IllegalStateException alreadyClosed) {
            // the client went first: nothing left to close
        }
    }

    private void offer(BoundedSourceQueue<Message> q, String text) {
        QueueOfferResult r = q.offer(TextMessage.create(text));
        if (r == QueueOfferResult.dropped()) {
            LOG.warn("WebSocket client too slow ({} frames queued): disconnecting it", QUEUE_SIZE);
            complete(q);
        } else if (r == QueueOfferResult.enqueued()) {
            framesSent.incrementAndGet();
        }
    }

    private static CompletionStage<String> text(Message m, Materializer mat) {
        if (m.isText()) {
            TextMessage t = m.asTextMessage();
            return t.isStrict() ? CompletableFuture.completedFuture(t.getStrictText())
                    : t.getStreamedText().runFold("", String::concat, mat);
        }
        m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), mat);
        return CompletableFuture.completedFuture(null);
    }

    /** For tests without sockets: a session whose frames go to {@code out}. */
    public Session open(boolean isPrivate, java.util.function.Consumer<String> out) {
        Session s = new Session("sim-" + ids.incrementAndGet(), isPrivate, out, () -> { });
        sessions.add(s);
        return s;
    }

    private void send(Session s, String text) {
        if (!stalled) {
            s.out.accept(text);
        }
    }

    // ------------------------------------------------------------------ protocol

    /** Handles one client frame. */
    public void onText(Session s, String text) {
        JsonNode msg;
        try {
            msg = Wire.JSON.readTree(text);
        } catch (java.io.IOException e) {
            send(s, reply(s, "", "", false, "Invalid request: not JSON").toString());
            return;
        }
        String op = msg.path("op").asText("");
        String reqId = msg.path("req_id").asText("");
        switch (op) {
            case "ping" -> {
                if (s.isPrivate) {
                    ObjectNode pong = Wire.JSON.createObjectNode();
                    pong.put("req_id", reqId);
                    pong.put("op", "pong");
                    pong.putArray("args").add(Long.toString(serverWallMs.getAsLong()));
                    pong.put("conn_id", s.connId);
                    send(s, pong.toString());
                } else {
                    send(s, reply(s, reqId, "ping", true, "pong").toString());
                }
            }
            case "auth" -> auth(s, reqId, msg.path("args"));
            case "subscribe" -> subscribe(s, reqId, msg.path("args"), true);
            case "unsubscribe" -> subscribe(s, reqId, msg.path("args"), false);
            default -> send(s, reply(s, reqId, op, false, "Invalid op: '" + op + "'").toString());
        }
    }

    private ObjectNode reply(Session s, String reqId, String op, boolean ok, String retMsg) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("success", ok);
        n.put("ret_msg", retMsg);
        n.put("conn_id", s.connId);
        if (!s.isPrivate || !reqId.isEmpty()) {
            n.put("req_id", reqId);
        }
        n.put("op", op);
        return n;
    }

    private void auth(Session s, String reqId, JsonNode args) {
        if (!s.isPrivate) {
            send(s, reply(s, reqId, "auth", false, "Params Error: auth is only for /v5/private").toString());
            return;
        }
        if (!args.isArray() || args.size() != 3) {
            send(s, reply(s, reqId, "auth", false, "Params Error").toString());
            return;
        }
        String key = args.get(0).asText();
        long expires = args.get(1).asLong(Long.MIN_VALUE);
        String sig = args.get(2).asText();
        String error = null;
        if (!key.equals(settings.apiKey())) {
            error = "API key is invalid.";
        } else if (expires <= serverWallMs.getAsLong() && (virtualNowMs == null || expires <= virtualNowMs.getAsLong())) {
            // expired by both clocks (as the REST recv-window check, either clock may vouch)
            error = "Params Error";
        } else if (!MessageDigest.isEqual(signer.signWsAuth(expires).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII))) {
            error = "Signature verification failed";
        }
        s.authed = error == null;
        send(s, reply(s, reqId, "auth", error == null, error == null ? "" : error).toString());
    }

    private void subscribe(Session s, String reqId, JsonNode args, boolean sub) {
        String op = sub ? "subscribe" : "unsubscribe";
        if (!args.isArray() || args.isEmpty()) {
            send(s, reply(s, reqId, op, false, "Params Error: args must be a non-empty list of topics").toString());
            return;
        }
        if (s.isPrivate && !s.authed) {
            send(s, reply(s, reqId, op, false, "Request not authorized").toString());
            return;
        }
        List<String> topics = new ArrayList<>();
        for (JsonNode a : args) {
            String topic = a.asText();
            String problem = s.isPrivate ? (PRIVATE_TOPICS.contains(topic) ? null
                    : "error:handler not found,topic:" + topic) : publicTopicProblem(topic);
            if (problem != null) {
                send(s, reply(s, reqId, op, false, problem).toString());
                return;
            }
            topics.add(topic);
        }
        for (String t : topics) {
            if (sub) {
                s.topics.add(t);
                if (!s.isPrivate) {
                    String[] parts = t.split("\\.");
                    core.watch(parts[2], Interval.parse(parts[1]));
                }
            } else {
                s.topics.remove(t);
            }
        }
        send(s, reply(s, reqId, op, true, "").toString());
    }

    private String publicTopicProblem(String topic) {
        String[] parts = topic.split("\\.");
        if (parts.length != 3 || !parts[0].equals("kline")) {
            return "error:handler not found,topic:" + topic;
        }
        if (Interval.fromCode(parts[1]).isEmpty()) {
            return "Invalid interval :[" + topic + "]";
        }
        if (!core.symbols().contains(parts[2])) {
            return "Invalid symbol :[" + topic + "]";
        }
        String problem = core.klineProblem(parts[2], Interval.parse(parts[1]));
        return problem == null ? null : "Invalid topic :[" + topic + "]: " + problem;
    }

    // ------------------------------------------------------------------ pushes

    @Override
    public void kline(String symbol, Interval interval, Candle candle, long now) {
        String topic = "kline." + interval.code() + "." + symbol;
        String frame = null;
        for (Session s : sessions) {
            if (!s.isPrivate && s.topics.contains(topic)) {
                if (frame == null) {
                    ObjectNode n = Wire.JSON.createObjectNode();
                    n.put("topic", topic);
                    n.put("type", "snapshot");
                    n.put("ts", now);
                    n.putArray("data").add(Wire.wsKline(core.specs().get(symbol), interval, candle, now));
                    frame = n.toString();
                }
                send(s, frame);
            }
        }
    }

    @Override
    public void privateEvents(List<EngineEvent> events, long now) {
        ArrayNode orders = Wire.JSON.createArrayNode();
        ArrayNode execs = Wire.JSON.createArrayNode();
        ArrayNode positions = Wire.JSON.createArrayNode();
        ArrayNode wallets = Wire.JSON.createArrayNode();
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.OrderChanged o) {
                orders.add(Wire.order(o.order(), core.specs().get(o.order().symbol())));
            } else if (e instanceof EngineEvent.Executed x) {
                execs.add(Wire.execution(x.execution(), true));
            } else if (e instanceof EngineEvent.PositionChanged p) {
                positions.add(Wire.position(p.position(), true,
                        core.specs().get(p.position().symbol())));
            } else if (e instanceof EngineEvent.WalletChanged w) {
                wallets.removeAll();
                wallets.add(Wire.wallet(w.wallet()));
            }
        }
        for (Session s : sessions) {
            if (!s.isPrivate || !s.authed || s.topics.isEmpty()) {
                continue;
            }
            push(s, "order", orders, now);
            push(s, "execution", execs, now);
            push(s, "position", positions, now);
            push(s, "wallet", wallets, now);
        }
    }

    private void push(Session s, String stream, ArrayNode data, long now) {
        if (data.isEmpty()) {
            return;
        }
        String topic = s.topics.contains(stream) ? stream
                : s.topics.contains(stream + ".linear") ? stream + ".linear" : null;
        if (topic == null) {
            return;
        }
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", s.connId + "-" + ids.incrementAndGet());
        n.put("topic", topic);
        n.put("creationTime", now);
        n.set("data", data);
        send(s, n.toString());
    }
}
