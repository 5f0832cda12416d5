package io.pybitbot.rest;

import io.pybitbot.CborSerializable;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitErrors;
import io.pybitbot.exchange.bybit.BybitRateLimits;
import io.pybitbot.exchange.bybit.BybitRateLimits.Endpoint;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The one actor that sends REST for the account. Requests wait in a priority queue (cancels, then
 * protective trading-stop and closes, then entries, then reads; FIFO within a priority) and leave when
 * their endpoint's bucket and the per-IP bucket have room and fewer than {@code maxInFlight} calls are
 * running. A request whose bucket is empty does not hold back requests for other endpoints. Results
 * are piped back to the actor and then to each request's typed {@code replyTo}.
 *
 * <p>Order creates use both of Bybit's per-account order budgets: the single-order endpoint's first, then, for what it
 * cannot take now, batches of up to ten through the batch endpoint's (its own 10 per second, counted per order). The
 * creates a candle close sends one message after another are drained together, once all are queued.
 *
 * <p>The client runs as a cluster singleton ({@code Node.restClientSingleton}), so its limiter is the account's one
 * per-UID budget for every node; {@link Settings#takeoverHold()} covers the window its predecessor may have spent.
 *
 * <p>{@link Submit}, {@link GetStats} and their replies ({@link BybitResult}, {@link Stats}) are
 * {@link CborSerializable}: callers may sit on another node than the client.
 */
public final class RestClient extends AbstractBehavior<RestClient.Command> {

    /** Dispatch order, most urgent first. */
    public enum Priority { CANCEL, PROTECT, ENTRY, READ }

    public sealed interface Command permits Submit, GetStats, Wake, Completed, BatchCompleted {}

    /** Run {@code op}; the outcome (never an exception) goes to {@code replyTo}. */
    public record Submit<T>(RestOp<T> op, ActorRef<BybitResult<T>> replyTo) implements Command, CborSerializable {}

    public record GetStats(ActorRef<Stats> replyTo) implements Command, CborSerializable {}

    /**
     * @param deferredByLimiter requests that had to wait for a token at least once
     * @param maxQueueWait      longest time a request spent queued before it was sent
     */
    public record Stats(int queued, Map<Priority, Integer> queuedByPriority, int inFlight, long submitted,
                        long completed, long deferredByLimiter, long rejectedQueueFull, Duration maxQueueWait,
                        Duration meanQueueWait, List<BucketStats> buckets) implements CborSerializable {
        public Stats {
            buckets = List.copyOf(Objects.requireNonNullElse(buckets, List.of()));
        }
    }

    /**
     * One rate-limit bucket: {@code IP} (every call of this host) or a per-UID endpoint bucket (ORDER_CREATE, ...).
     *
     * @param available   tokens left now: the headroom
     * @param calls       calls charged to it since start
     * @param rateLimited answers that were the exchange's rate-limit refusal (10006) or an IP ban (403)
     */
    public record BucketStats(String name, int capacity, int available, long calls, long rateLimited)
            implements CborSerializable {}

    /**
     * @param maxInFlight  calls running at once (Pekko's pool allows 32 open requests per host)
     * @param maxQueued    queue bound; beyond it a request is refused at once (back-pressure)
     * @param takeoverHold how long a freshly started client spends no per-UID token. The client is the cluster's
     *                     one singleton; when it moves to another node, that node's limiter has not seen what the
     *                     previous holder spent in Bybit's last window, so the new one waits out one window
     *                     (the per-IP budget is the host's own and is not held)
     */
    public record Settings(int maxInFlight, int maxQueued, Duration takeoverHold) {
        public Settings {
            if (maxInFlight < 1 || maxQueued < 1) {
                throw new IllegalArgumentException("RestClient maxInFlight and maxQueued must be >= 1, got "
                        + maxInFlight + ", " + maxQueued);
            }
            if (takeoverHold == null || takeoverHold.isNegative()) {
                throw new IllegalArgumentException("RestClient takeoverHold must be >= 0, got " + takeoverHold);
            }
        }

        /** No hold at start (a client that is the only one ever to spend the budget). */
        public Settings(int maxInFlight, int maxQueued) {
            this(maxInFlight, maxQueued, Duration.ZERO);
        }

        public static Settings defaults() {
            // a candle close's burst: ten single creates and a batch at once, beside the odd read
            return new Settings(16, 1000, BybitRateLimits.UID_WINDOW.plus(BybitRateLimits.SAFETY_PAD));
        }
    }

    private enum Wake implements Command { INSTANCE }

    private record Completed(Pending<?> pending, BybitResult<?> result) implements Command {}

    /** The outcomes of one batch of order creates, one per pending in order. */
    private record BatchCompleted(List<Pending<?>> batch, List<BybitResult<OrderIds>> results) implements Command {}

    private static final class Pending<T> {
        final long seq;
        final RestOp<T> op;
        final ActorRef<BybitResult<T>> replyTo;
        final long enqueuedNanos;
        boolean deferred;
        /** When an order create went out ({@link io.pybitbot.latency.TickToOrder}); 0 for other calls. */
        long orderWrittenNanos;

        Pending(long seq, RestOp<T> op, ActorRef<BybitResult<T>> replyTo, long enqueuedNanos) {
            this.seq = seq;
            this.op = op;
            this.replyTo = replyTo;
            this.enqueuedNanos = enqueuedNanos;
        }

        @SuppressWarnings("unchecked")
        void reply(BybitResult<?> result) {
            replyTo.tell((BybitResult<T>) result);
        }
    }

    @SuppressWarnings("unchecked")
    private static final Class<Submit<?>> SUBMIT = (Class<Submit<?>>) (Class<?>) Submit.class;

    private static final Comparator<Pending<?>> ORDER =
            Comparator.<Pending<?>, Priority>comparing(p -> p.op.priority()).thenComparingLong(p -> p.seq);

    public static Behavior<Command> create(BybitRestApi api, InstantSource clock, Settings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RestClient(ctx, timers, api, clock, settings)));
    }

    private final TimerScheduler<Command> timers;
    private final BybitRestApi api;
    private final RateLimiter<Endpoint> limiter;
    private final InstantSource clock;
    private final Settings settings;
    private final TreeSet<Pending<?>> queue = new TreeSet<>(ORDER);
    private long seq;
    private int inFlight;
    private long submitted;
    private long completed;
    private long deferred;
    private long rejectedQueueFull;
    private long maxWaitNanos;
    private long totalWaitNanos;
    private long dispatched;
    /** A Wake is on its way to drain the order creates queued meanwhile together. */
    private boolean drainAsked;
    /** Calls charged per bucket name (refusals are counted by the buckets themselves, where the API reports them). */
    private final Map<String, Long> bucketCalls = new java.util.TreeMap<>();

    private RestClient(ActorContext<Command> ctx, TimerScheduler<Command> timers, BybitRestApi api, InstantSource clock,
                       Settings settings) {
        super(ctx);
        this.timers = timers;
        this.api = api;
        this.limiter = api.limiter();
        this.clock = clock;
        this.settings = settings;
        if (!settings.takeoverHold().isZero()) {
            synchronized (limiter) {
                limiter.holdPerKey(nanos() + settings.takeoverHold().toNanos());
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SUBMIT, this::onSubmit)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(BatchCompleted.class, this::onBatchCompleted)
                .onMessageEquals(Wake.INSTANCE, this::onWake)
                .build();
    }

    private Behavior<Command> onSubmit(Submit<?> submit) {
        return enqueue(submit);
    }

    private <T> Behavior<Command> enqueue(Submit<T> submit) {
        submitted++;
        if (queue.size() >= settings.maxQueued()) {
            rejectedQueueFull++;
            submit.replyTo().tell(BybitResult.err(new BybitError.Transient(-1,
                    "REST queue full (" + settings.maxQueued() + " waiting)")));
            return this;
        }
        queue.add(new Pending<>(seq++, submit.op(), submit.replyTo(), nanos()));
        if (submit.op() instanceof RestOp.PlaceOrder) {
            // a candle close sends its orders one message after another: drain once they are all queued, so the
            // ones the single-order budget cannot take go together in a batch, not one by one a second later
            if (!drainAsked) {
                drainAsked = true;
                getContext().getSelf().tell(Wake.INSTANCE);
            }
            return this;
        }
        drain();
        return this;
    }

    private Behavior<Command> onCompleted(Completed c) {
        if (c.pending().orderWrittenNanos != 0) {
            io.pybitbot.latency.TickToOrder.answered(c.pending().orderWrittenNanos);
        }
        inFlight--;
        completed++;
        c.pending().reply(c.result());
        drain();
        return this;
    }

    private Behavior<Command> onBatchCompleted(BatchCompleted c) {
        inFlight--;
        for (int i = 0; i < c.batch().size(); i++) {
            Pending<?> p = c.batch().get(i);
            if (p.orderWrittenNanos != 0) {
                io.pybitbot.latency.TickToOrder.answered(p.orderWrittenNanos);
            }
            completed++;
            p.reply(c.results().get(i));
        }
        drain();
        return this;
    }

    private Behavior<Command> onWake() {
        drainAsked = false;
        drain();
        return this;
    }

    private Behavior<Command> onGetStats(GetStats get) {
        Map<Priority, Integer> byPriority = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            byPriority.put(p, 0);
        }
        queue.forEach(p -> byPriority.merge(p.op.priority(), 1, Integer::sum));
        get.replyTo().tell(new Stats(queue.size(), byPriority, inFlight, submitted, completed, deferred,
                rejectedQueueFull, Duration.ofNanos(maxWaitNanos),
                Duration.ofNanos(dispatched == 0 ? 0 : totalWaitNanos / dispatched), buckets()));
        return this;
    }

    /**
     * Sends whatever may go now, in priority order; sets one timer for the earliest token otherwise. Order creates the
     * single-order budget cannot take now go together through the batch endpoint's budget, in the same order.
     */
    private void drain() {
        long now = nanos();
        long earliest = Long.MAX_VALUE;
        boolean banned = api.isBanned();
        List<Pending<?>> batch = new java.util.ArrayList<>();
        int batchRoom = -1; // orders the batch budget takes now; -1 = not looked at yet
        for (Iterator<Pending<?>> it = queue.iterator(); it.hasNext()
                && (inFlight < settings.maxInFlight() || !batch.isEmpty()); ) {
            Pending<?> p = it.next();
            long wait;
            synchronized (limiter) {
                wait = limiter.nanosUntilPermitted(p.op.endpoint(), 1, now);
            }
            if ((wait == 0 || banned) && inFlight < settings.maxInFlight()) {
                // during an IP ban the API fails fast, which is the answer callers need
                it.remove();
                dispatch(p, now);
                continue;
            }
            if (p.op instanceof RestOp.PlaceOrder && !banned) {
                if (batchRoom < 0) {
                    batchRoom = batchRoom(now);
                }
                if (batch.size() < batchRoom && (!batch.isEmpty() || inFlight < settings.maxInFlight())) {
                    if (batch.isEmpty()) {
                        inFlight++; // the batch's one call, taken as it starts to fill
                    }
                    it.remove();
                    batch.add(p);
                    continue;
                }
            }
            if (wait == 0) {
                continue; // waits for a free call, not for a token: the next answer drains again
            }
            if (!p.deferred) {
                p.deferred = true;
                deferred++;
            }
            earliest = Math.min(earliest, wait);
        }
        if (!batch.isEmpty()) {
            dispatchBatch(batch, now);
        }
        if (earliest != Long.MAX_VALUE) {
            timers.startSingleTimer(Wake.INSTANCE, Wake.INSTANCE, Duration.ofNanos(Math.max(earliest, 1_000_000L)));
        }
    }

    /** Orders the batch endpoint's budget (and the IP's) takes now, at most one batch's worth. */
    private int batchRoom(long now) {
        synchronized (limiter) {
            if (limiter.global().available(now) < 1) {
                return 0;
            }
            return limiter.bucket(Endpoint.ORDER_CREATE_BATCH)
                    .map(b -> Math.min(BybitRateLimits.MAX_BATCH, b.available(now))).orElse(0);
        }
    }

    /** One call for the whole batch (its slot is taken already); each order's outcome goes to its own caller. */
    private void dispatchBatch(List<Pending<?>> batch, long now) {
        List<OrderRequest> requests = new java.util.ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
            dispatched++;
            long waited = now - p.enqueuedNanos;
            totalWaitNanos += waited;
            maxWaitNanos = Math.max(maxWaitNanos, waited);
            OrderRequest r = ((RestOp.PlaceOrder) p.op).request();
            p.orderWrittenNanos = io.pybitbot.latency.TickToOrder.orderWritten(r.symbol(), r.orderLinkId());
            requests.add(r);
        }
        bucketCalls.merge(Endpoint.ORDER_CREATE_BATCH.name(), (long) batch.size(), Long::sum);
        bucketCalls.merge(limiter.global().name(), 1L, Long::sum);
        CompletionStage<List<BybitResult<OrderIds>>> stage;
        try {
            stage = api.placeOrders(requests);
        } catch (IllegalArgumentException e) {
            stage = CompletableFuture.completedFuture(requests.stream()
                    .map(r -> BybitResult.<OrderIds>err(new BybitError.InvalidRequest(e.getMessage()))).toList());
        }
        List<Pending<?>> sent = List.copyOf(batch);
        getContext().pipeToSelf(stage, (results, failure) -> new BatchCompleted(sent, results != null ? results
                : sent.stream().map(p -> BybitResult.<OrderIds>err(BybitErrors.fromTransportFailure(failure, true)))
                        .toList()));
    }

    private <T> void dispatch(Pending<T> p, long now) {
        inFlight++;
        dispatched++;
        count(p.op.endpoint());
        long waited = now - p.enqueuedNanos;
        totalWaitNanos += waited;
        maxWaitNanos = Math.max(maxWaitNanos, waited);
        CompletionStage<BybitResult<T>> stage;
        if (p.op instanceof RestOp.PlaceOrder place) {
            p.orderWrittenNanos = io.pybitbot.latency.TickToOrder.orderWritten(place.request().symbol(),
                    place.request().orderLinkId());
        }
        try {
            stage = p.op.run(api);
        } catch (IllegalArgumentException e) {
            stage = CompletableFuture.completedFuture(BybitResult.err(new BybitError.InvalidRequest(e.getMessage())));
        }
        getContext().pipeToSelf(stage, (result, failure) -> new Completed(p, result != null ? result
                : BybitResult.err(BybitErrors.fromTransportFailure(failure, p.op.endpoint().isWrite()))));
    }

    /** Counts a call against the endpoint's bucket and the IP bucket. */
    private void count(io.pybitbot.exchange.bybit.BybitRateLimits.Endpoint endpoint) {
        String name;
        synchronized (limiter) {
            name = limiter.bucket(endpoint).map(TokenBucket::name).orElse(limiter.global().name());
        }
        bucketCalls.merge(name, 1L, Long::sum);
        if (!name.equals(limiter.global().name())) {
            bucketCalls.merge(limiter.global().name(), 1L, Long::sum);
        }
    }

    private List<BucketStats> buckets() {
        long now = nanos();
        Map<String, TokenBucket> all = new java.util.TreeMap<>();
        synchronized (limiter) {
            all.put(limiter.global().name(), limiter.global());
            for (var e : io.pybitbot.exchange.bybit.BybitRateLimits.Endpoint.values()) {
                limiter.bucket(e).ifPresent(b -> all.put(b.name(), b));
            }
            List<BucketStats> out = new java.util.ArrayList<>();
            all.forEach((name, b) -> {
                out.add(new BucketStats(name, b.capacity(), b.available(now), bucketCalls.getOrDefault(name, 0L),
                        b.refusals()));
            });
            return out;
        }
    }

    private long nanos() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
