package io.pybitbot.exchange.bybit.ws;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public WebSocket connections shared by several subscribers (one per symbol): each connection carries the topics of
 * up to {@code perConnection} symbols, so 500 symbols take 10 connections instead of 500 (Bybit allows 500 connects per
 * 5 minutes per IP, and many topics per connection). Every subscriber still gets its own {@link Source}: a
 * SymbolActor's stream child runs it, and its failure or restart touches no other symbol.
 *
 * <p>Each connection behaves as {@link BybitPublicStream}'s: it reconnects with backoff, paced by the node's
 * {@link ConnectPacer}, pings, and is replaced when silent. On every (re)connection it subscribes to the topics of the
 * subscribers it has then, and each of them receives {@link BybitStreamEvent.Connected} (to back-fill what it may have
 * missed) before that connection's frames. A subscriber arriving while its connection is up is subscribed on it at
 * once and told {@code Connected} at once; a subscriber that leaves is unsubscribed. A subscriber that cannot keep up
 * holds the connection back once its buffer is full (backpressure, as a socket of its own would), never dropping.
 */
public final class SharedPublicStreams {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPublicStreams.class);
    /**
     * Events a reader may have waiting: far more than a candle close brings. A reader that far behind holds its
     * connection back (as its own socket would have), so no candle is ever dropped.
     */
    static final int SUBSCRIBER_BUFFER = 4_096;

    private final ActorSystem<?> system;
    private final Materializer mat;
    private final URI url;
    private final BybitPublicStream.Settings settings;
    private final StreamCounters counters;
    private final ConnectPacer pacer;
    private final InstantSource wall;
    private final int perConnection;
    /** The connection each symbol was given (kept when it leaves, so a restarted child comes back to it). */
    private final Map<String, Shared> bySymbol = new HashMap<>();
    private final List<Shared> connections = new ArrayList<>();

    public SharedPublicStreams(ActorSystem<?> system, URI url, BybitPublicStream.Settings settings,
                               StreamCounters counters, ConnectPacer pacer, InstantSource wall, int perConnection) {
        if (perConnection < 1) {
            throw new IllegalArgumentException("symbols per connection must be >= 1, got " + perConnection);
        }
        this.system = system;
        this.mat = Materializer.matFromSystem(system);
        this.url = url;
        this.settings = settings;
        this.counters = counters;
        this.pacer = pacer;
        this.wall = wall;
        this.perConnection = perConnection;
    }

    /** The events of {@code symbol}'s topics (and every Connected / Stalled of its connection); stop it to leave. */
    public Source<BybitStreamEvent, UniqueKillSwitch> subscribe(String symbol, List<String> topics) {
        int chars = topics.stream().mapToInt(String::length).sum();
        if (chars > BybitPublicStream.MAX_ARGS_CHARS) {
            throw new IllegalArgumentException(symbol + "'s " + topics.size() + " topics use " + chars
                    + " characters of args; one Bybit public connection allows " + BybitPublicStream.MAX_ARGS_CHARS);
        }
        // one subscriber per symbol and topics: a restarted stream child replaces its predecessor, while another
        // reader of the same symbol (a paper exchange's feed) is a subscriber of its own
        String key = symbol + " " + String.join(",", topics);
        return Source.<BybitStreamEvent>queue(SUBSCRIBER_BUFFER, OverflowStrategy.backpressure(), 2)
                .mapMaterializedValue(q -> {
                    connectionFor(symbol, chars).join(key, List.copyOf(topics), q);
                    return q;
                })
                .watchTermination((q, done) -> {
                    done.whenComplete((d, e) -> connectionFor(symbol, chars).leave(key, q));
                    return NotUsed.getInstance();
                })
                .viaMat(KillSwitches.single(), Keep.right());
    }

    /** Connections opened so far (each opens at its first subscriber). */
    public synchronized int connections() {
        return connections.size();
    }

    private synchronized Shared connectionFor(String symbol, int chars) {
        Shared s = bySymbol.get(symbol);
        if (s != null) {
            return s;
        }
        for (Shared c : connections) {
            if (c.symbols < perConnection && c.chars + chars <= BybitPublicStream.MAX_ARGS_CHARS) {
                s = c;
                break;
            }
        }
        if (s == null) {
            s = new Shared(connections.size() + 1);
            connections.add(s);
        }
        s.symbols++;
        s.chars += chars;
        bySymbol.put(symbol, s);
        return s;
    }

    private record Subscriber(List<String> topics, SourceQueueWithComplete<BybitStreamEvent> queue) {}

    /** One connection and its subscribers; its methods run on stream threads and on subscribers' materialization. */
    private final class Shared {
        final int id;
        int symbols;
        int chars;
        private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
        private final Map<String, java.util.Set<String>> keysByTopic = new HashMap<>();
        private final AtomicInteger attempts = new AtomicInteger();
        /** The live connection's number (0 before the first) and its outgoing queue (null before the first). */
        private int connection;
        private BoundedSourceQueue<Message> out;
        private boolean started;
        private UniqueKillSwitch running;
        private int subscribeRequests;

        Shared(int id) {
            this.id = id;
        }

        synchronized void join(String key, List<String> topics, SourceQueueWithComplete<BybitStreamEvent> queue) {
            Subscriber old = subscribers.put(key, new Subscriber(topics, queue));
            if (old != null) {
                end(old.queue()); // a restarted child replaces its predecessor
            }
            List<String> fresh = new ArrayList<>();
            for (String t : topics) {
                if (keysByTopic.computeIfAbsent(t, x -> new java.util.TreeSet<>()).add(key)
                        && keysByTopic.get(t).size() == 1) {
                    fresh.add(t);
                }
            }
            if (!started) {
                started = true;
                start();
            } else if (out != null) {
                offer(queue, new BybitStreamEvent.Connected(connection), key);
                send("subscribe", fresh);
            }
        }

        synchronized void leave(String key, SourceQueueWithComplete<BybitStreamEvent> queue) {
            Subscriber s = subscribers.get(key);
            if (s == null || s.queue() != queue) {
                return; // already replaced by its successor
            }
            subscribers.remove(key);
            if (subscribers.isEmpty()) {
                // nobody reads it any more (the node is stopping, or its symbols moved): close it, not keep
                // reconnecting to an exchange nobody listens to; the next reader opens it again
                keysByTopic.clear();
                stop();
                return;
            }
            List<String> unused = new ArrayList<>();
            for (String t : s.topics()) {
                java.util.Set<String> keys = keysByTopic.get(t);
                if (keys != null && keys.remove(key) && keys.isEmpty()) {
                    keysByTopic.remove(t);
                    unused.add(t);
                }
            }
            send("unsubscribe", unused);
        }

        private void start() {
            RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(),
                    settings.randomFactor());
            running = RestartSource.withBackoff(restart, () -> BybitPublicStream.paced(pacer, wall, this::open))
                    .viaMat(KillSwitches.single(), Keep.right())
                    .mapAsync(1, this::dispatch)
                    .toMat(Sink.ignore(), Keep.left())
                    .run(mat);
        }

        private void stop() {
            if (running != null) {
                running.shutdown();
                running = null;
            }
            started = false;
            if (out != null) {
                try {
                    out.complete(); // our side of the socket ends, so the socket closes
                } catch (IllegalStateException alreadyEnded) {
                    // the connection had ended by itself
                }
                out = null;
            }
        }

        /** A new connection: its outgoing queue is ready at once, so subscriptions can be queued before it opens. */
        private Source<Object, NotUsed> open() {
            int number = attempts.incrementAndGet();
            counters.connected();
            Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> outgoing = Source.<Message>queue(1_024)
                    .preMaterialize(mat);
            // the pings end with the queue (eager): completing the queue closes the socket
            Source<Message, NotUsed> messages = outgoing.second().merge(Source.tick(settings.pingInterval(),
                    settings.pingInterval(), (Message) TextMessage.create(BybitPublicStream.PING))
                    .mapMaterializedValue(c -> NotUsed.getInstance()), true);
            Source<Object, NotUsed> frames = BybitPublicStream.frames(system, mat, url, messages, settings, counters,
                    "Bybit public stream " + id, number).map(e -> (Object) e);
            return Source.<Object>single(new Opened(number, outgoing.first())).concat(frames);
        }

        /** Hands an element to its readers; completes once each has taken it into its buffer. */
        private synchronized java.util.concurrent.CompletionStage<Object> dispatch(Object e) {
            List<java.util.concurrent.CompletableFuture<?>> offers = new ArrayList<>();
            pending = offers;
            route(e);
            pending = null;
            return java.util.concurrent.CompletableFuture.allOf(offers.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .handle((x, f) -> e);
        }

        /** The offers of the element being dispatched (null outside a dispatch). */
        private List<java.util.concurrent.CompletableFuture<?>> pending;

        private void route(Object e) {
            if (!started) {
                return; // the connection was closed (no reader left): what was on its way is dropped
            }
            if (e instanceof Opened o) {
                connection = o.number();
                out = o.out();
                List<String> topics = new ArrayList<>(keysByTopic.keySet());
                subscribeRequests = 0;
                send("subscribe", topics);
                LOG.info("Bybit public stream {}: connection {} to {} ({} symbols, {} subscribe requests)", id,
                        connection, url, subscribers.size(), subscribeRequests);
                broadcast(new BybitStreamEvent.Connected(connection));
            } else if (e instanceof BybitStreamEvent.Stalled stalled) {
                broadcast(stalled);
            } else if (e instanceof BybitStreamEvent.Frame f && f.frame() instanceof BybitWsFrame.Kline k) {
                java.util.Set<String> keys = keysByTopic.get(k.topic());
                if (keys != null) {
                    for (String key : keys) {
                        offer(subscribers.get(key).queue(), f, key);
                    }
                }
            }
        }

        private void broadcast(BybitStreamEvent e) {
            for (Map.Entry<String, Subscriber> s : List.copyOf(subscribers.entrySet())) {
                offer(s.getValue().queue(), e, s.getKey());
            }
        }

        private void offer(SourceQueueWithComplete<BybitStreamEvent> queue, BybitStreamEvent e, String key) {
            java.util.concurrent.CompletableFuture<QueueOfferResult> taken;
            try {
                taken = queue.offer(e).toCompletableFuture();
            } catch (RuntimeException ended) {
                return; // its stream has ended; its leave() follows
            }
            if (pending != null) {
                pending.add(taken);
            }
        }

        /** Completes a reader's queue, which its own stream may have ended already (a kill switch). */
        private void end(SourceQueueWithComplete<BybitStreamEvent> queue) {
            try {
                queue.complete();
            } catch (IllegalStateException alreadyEnded) {
                // its stream stopped first; its leave() follows
            }
        }

        private void send(String op, List<String> topics) {
            if (out == null || topics.isEmpty()) {
                return;
            }
            for (String request : BybitPublicStream.requests(op, topics, false)) {
                out.offer(TextMessage.create(request));
                subscribeRequests++;
            }
        }
    }

    /** The first element of each connection: its number and outgoing queue (never reaches a subscriber). */
    private record Opened(int number, BoundedSourceQueue<Message> out) {}
}
