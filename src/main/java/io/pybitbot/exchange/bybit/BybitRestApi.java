package io.pybitbot.exchange.bybit;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.BybitRateLimits.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Candles;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentsPage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.KlinePage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.ServerTime;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Ticker;
import io.pybitbot.exchange.bybit.dto.MarketDtos.TickersPage;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.BatchItem;
import io.pybitbot.exchange.bybit.dto.TradeDtos.CancelAllResult;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import io.pybitbot.rest.RateLimiter;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bybit V5 REST for {@code category=linear} over Pekko HTTP. Every call returns a
 * {@link BybitResult}; the stage itself never fails.
 *
 * <p>Policy, applied to every call: private requests are signed with {@code local clock + offset};
 * 10002 re-syncs the offset from {@code /v5/market/time} and re-signs; 10006 waits until
 * {@code X-Bapi-Limit-Reset-Timestamp}; HTTP 403 pauses the whole client for
 * {@link Config#ipBanBackoff()}; reads and idempotent writes retry transient failures with backoff;
 * order creation is never blindly re-sent: see {@link #placeOrder}. Requests also pass the
 * {@link RateLimiter} before leaving, which follows the {@code X-Bapi-Limit*} headers.
 *
 * <p>Thread-safe: callbacks may run on any thread; shared state is the clock offset, the ban time and
 * the limiter (guarded by its own monitor).
 */
public final class BybitRestApi {

    private static final Logger LOG = LoggerFactory.getLogger(BybitRestApi.class);
    private static final String LINEAR = "linear";

    /**
     * @param recvWindowMs    X-BAPI-RECV-WINDOW
     * @param requestTimeout  time to wait for a full response before calling the outcome lost
     * @param maxAttempts     attempts per call for retryable outcomes (clock resync, 10006, transient)
     * @param ipBanBackoff    how long the client stays silent after HTTP 403 (Bybit: at least 10 min)
     * @param transientBackoff first retry delay for transient errors, doubled per attempt
     */
    public record Config(long recvWindowMs, Duration requestTimeout, int maxAttempts, Duration ipBanBackoff,
                         Duration transientBackoff) {
        public Config {
            if (recvWindowMs <= 0) {
                throw new IllegalArgumentException("recvWindowMs must be > 0, got " + recvWindowMs);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
            }
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(ipBanBackoff, "ipBanBackoff");
            Objects.requireNonNull(transientBackoff, "transientBackoff");
        }

        public static Config defaults() {
            return new Config(5000, Duration.ofSeconds(10), 3, Duration.ofMinutes(10), Duration.ofMillis(500));
        }
    }

    /** Reads a typed result out of a successful envelope. */
    @FunctionalInterface
    private interface ResultReader<T> {
        T read(BybitJson.Envelope env, String body) throws BybitParseException;
    }

    /** @param permits what the call spends of its endpoint's budget: 1, or the orders of a batch */
    private record Call<T>(boolean post, String path, Endpoint endpoint, boolean signed, boolean retrySafe,
                           Map<String, String> query, Map<String, Object> body, ResultReader<T> reader, int permits) {
        Call(boolean post, String path, Endpoint endpoint, boolean signed, boolean retrySafe, Map<String, String> query,
             Map<String, Object> body, ResultReader<T> reader) {
            this(post, path, endpoint, signed, retrySafe, query, body, reader, 1);
        }
    }

    private record Raw(int status, String body, Map<String, String> limitHeaders) {}

    private final ActorSystem<?> system;
    private final Materializer materializer;
    private final BybitHosts hosts;
    private final Optional<BybitSigner> signer;
    private final InstantSource clock;
    private final Config config;
    private final Delayer delayer;
    private final RateLimiter<Endpoint> limiter;
    private final RejectedRows rejected;
    private final SendSlots slots;
    private volatile long clockOffsetMs;
    /** The clock sync under way, shared by every caller (several 10002s at once start one sync). */
    private CompletableFuture<BybitResult<Long>> syncing;
    private volatile long bannedUntilMs = Long.MIN_VALUE;

    public BybitRestApi(ActorSystem<?> system, BybitHosts hosts, Optional<ApiCredentials> credentials,
                        InstantSource clock, Config config, Delayer delayer, RateLimiter<Endpoint> limiter) {
        this(system, hosts, credentials, clock, config, delayer, limiter, RejectedRows.shared());
    }

    /** @param rejected where rows that fail validation are counted (they are dropped, the rest is used) */
    public BybitRestApi(ActorSystem<?> system, BybitHosts hosts, Optional<ApiCredentials> credentials,
                        InstantSource clock, Config config, Delayer delayer, RateLimiter<Endpoint> limiter,
                        RejectedRows rejected) {
        this.rejected = Objects.requireNonNull(rejected, "rejected");
        this.slots = new SendSlots(system.settings().config().getInt("pekko.http.host-connection-pool.max-connections"));
        this.system = Objects.requireNonNull(system, "system");
        this.materializer = Materializer.matFromSystem(system);
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.signer = credentials.map(BybitSigner::new);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.delayer = Objects.requireNonNull(delayer, "delayer");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /** Production wiring: Pekko scheduler for waits, Bybit default limits. */
    public static BybitRestApi create(ActorSystem<?> system, BybitHosts hosts, Optional<ApiCredentials> credentials,
                                      InstantSource clock) {
        return new BybitRestApi(system, hosts, credentials, clock, Config.defaults(), Delayer.pekko(system),
                BybitRateLimits.newLimiter());
    }

    /** As {@link #create(ActorSystem, BybitHosts, Optional, InstantSource)}, with {@code pybit.rest.*} applied. */
    public static BybitRestApi create(ActorSystem<?> system, BybitHosts hosts, Optional<ApiCredentials> credentials,
                                      InstantSource clock, long recvWindowMs, Duration requestTimeout) {
        Config d = Config.defaults();
        return new BybitRestApi(system, hosts, credentials, clock,
                new Config(recvWindowMs, requestTimeout, d.maxAttempts(), d.ipBanBackoff(), d.transientBackoff()),
                Delayer.pekko(system), BybitRateLimits.newLimiter());
    }

    public BybitHosts hosts() {
        return hosts;
    }

    /** The limiter every request passes; shared with a RestClient that schedules by it (lock its monitor). */
    public RateLimiter<Endpoint> limiter() {
        return limiter;
    }

    /** Rows of answers that failed validation and were dropped, by kind. */
    public RejectedRows rejectedRows() {
        return rejected;
    }

    /** Server time minus local time, as last measured (0 before the first sync). */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    /** True while an HTTP 403 ban is in force; every call fails fast with {@link BybitError.IpBanned}. */
    public boolean isBanned() {
        return clock.millis() < bannedUntilMs;
    }

    // ---------------------------------------------------------------- public market data

    public CompletionStage<BybitResult<ServerTime>> serverTime() {
        return execute(get("/v5/market/time", Map.of(), false, (env, body) -> BybitPages.serverTime(env, body, rejected)));
    }

    /** Samples taken per clock sync; the one with the shortest round trip sets the offset. */
    public static final int CLOCK_SAMPLES = 5;

    /**
     * Measures {@code offset = server - (tSend + tRecv) / 2} over {@link #CLOCK_SAMPLES} requests to
     * {@code /v5/market/time} and keeps the sample with the shortest round trip: a delayed answer (which
     * skews its own estimate by up to half its delay) loses to a prompt one. Applies the offset to every
     * later signature and returns it. Concurrent callers share one sync.
     */
    public CompletionStage<BybitResult<Long>> syncClock() {
        CompletableFuture<BybitResult<Long>> mine;
        synchronized (this) {
            if (syncing != null) {
                return syncing;
            }
            mine = new CompletableFuture<>();
            syncing = mine;
        }
        sample(CLOCK_SAMPLES, null, null).whenComplete((r, e) -> {
            synchronized (this) {
                syncing = null;
            }
            if (e != null) {
                mine.complete(BybitResult.err(BybitErrors.fromTransportFailure(unwrap(e), false)));
            } else {
                mine.complete(r);
            }
        });
        return mine;
    }

    /** One measurement: round trip and the offset it implies. */
    private record ClockSample(long roundTripMs, long offsetMs) {}

    private CompletionStage<BybitResult<Long>> sample(int left, ClockSample best, BybitResult<Long> lastError) {
        if (left == 0) {
            if (best == null) {
                return done(lastError);
            }
            clockOffsetMs = best.offsetMs();
            LOG.info("Bybit clock offset now {} ms (server - local; best of {} samples, round trip {} ms)",
                    best.offsetMs(), CLOCK_SAMPLES, best.roundTripMs());
            return done(BybitResult.ok(best.offsetMs()));
        }
        long sent = clock.millis();
        return serverTime().thenCompose(r -> {
            if (r instanceof BybitResult.Ok<ServerTime> ok) {
                long received = clock.millis();
                ClockSample s = new ClockSample(received - sent, ok.value().epochMillis() - (sent + received) / 2);
                return sample(left - 1, best == null || s.roundTripMs() < best.roundTripMs() ? s : best, lastError);
            }
            return sample(left - 1, best, r.map(t -> 0L));
        });
    }

    /**
     * Re-syncs the clock every {@code period} until the returned stopper runs or the actor system
     * terminates (clocks drift; a sync after a 10002 alone reacts only once requests already fail).
     */
    public Runnable resyncClockEvery(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("clock re-sync period must be > 0, got " + period);
        }
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        scheduleResync(period, stopped);
        return () -> stopped.set(true);
    }

    private void scheduleResync(Duration period, java.util.concurrent.atomic.AtomicBoolean stopped) {
        try {
            delayer.after(period)
                    .thenCompose(x -> stopped.get() ? done(BybitResult.ok(clockOffsetMs)) : syncClock())
                    .whenComplete((r, e) -> {
                        if (!stopped.get() && !system.getWhenTerminated().toCompletableFuture().isDone()) {
                            scheduleResync(period, stopped);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("clock re-sync stopped: {}", e.toString()); // the scheduler is shut down
        }
    }

    /**
     * One page of funding settlements in [startMs, endMs], newest first, at most {@code limit} (Bybit: 200).
     */
    public CompletionStage<BybitResult<List<io.pybitbot.domain.FundingSettlement>>> fundingHistory(String symbol,
            long startMs, long endMs, int limit) {
        if (limit < 1 || limit > 200) {
            throw new IllegalArgumentException("funding history limit must be 1..200, got " + limit);
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        q.put("symbol", symbol);
        q.put("startTime", Long.toString(startMs));
        q.put("endTime", Long.toString(endMs));
        q.put("limit", Integer.toString(limit));
        return execute(get("/v5/market/funding/history", q, false,
                (env, body) -> BybitPages.fundingHistory(env, body, rejected)));
    }

    /** One page of klines as Bybit returns it (newest first). */
    public CompletionStage<BybitResult<KlinePage>> klinePage(String symbol, Interval interval, OptionalLong startMs,
                                                            OptionalLong endMs, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("kline limit must be 1..1000, got " + limit);
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        q.put("symbol", symbol);
        q.put("interval", interval.code());
        startMs.ifPresent(s -> q.put("start", Long.toString(s)));
        endMs.ifPresent(e -> q.put("end", Long.toString(e)));
        q.put("limit", Integer.toString(limit));
        return execute(get("/v5/market/kline", q, false, (env, body) -> BybitPages.klines(env, body, rejected)));
    }

    /**
     * Valid klines oldest first; the newest is marked unconfirmed while its interval has not elapsed.
     * Invalid rows are dropped and counted in {@link #rejectedRows()}.
     */
    public CompletionStage<BybitResult<List<Candle>>> klines(String symbol, Interval interval, OptionalLong startMs,
                                                            OptionalLong endMs, int limit) {
        return checkedKlines(symbol, interval, startMs, endMs, limit).thenApply(r -> r.map(Candles::candles));
    }

    private CompletionStage<BybitResult<Candles>> checkedKlines(String symbol, Interval interval, OptionalLong startMs,
                                                               OptionalLong endMs, int limit) {
        return klinePage(symbol, interval, startMs, endMs, limit).thenApply(r -> r.map(page -> {
            Candles c = page.checkedCandles(interval, clock.millis() + clockOffsetMs);
            c.rejected().forEach(problem -> rejected.reject("kline", symbol, problem));
            return c;
        }));
    }

    /**
     * Every valid candle with start in {@code [fromStartMs, toStartMs]}, oldest first, fetched in pages of
     * up to 1000 (e.g. to back-fill a {@code ConfirmedCandleGate.Gap} or to download history).
     */
    public CompletionStage<BybitResult<List<Candle>>> klinesBetween(String symbol, Interval interval, long fromStartMs,
                                                                   long toStartMs) {
        return checkedKlinesBetween(symbol, interval, fromStartMs, toStartMs).thenApply(r -> r.map(Candles::candles));
    }

    /**
     * Like {@link #klinesBetween}, also saying which rows were dropped as invalid: a caller that must not
     * act on a history with holes (a strategy warm-up) checks {@link Candles#rejected()}.
     */
    public CompletionStage<BybitResult<Candles>> checkedKlinesBetween(String symbol, Interval interval, long fromStartMs,
                                                                     long toStartMs) {
        if (toStartMs < fromStartMs) {
            throw new IllegalArgumentException("kline range for " + symbol + " is empty: " + fromStartMs + " > " + toStartMs);
        }
        return collectKlines(symbol, interval, fromStartMs, toStartMs, new ArrayList<>(), new ArrayList<>());
    }

    private CompletionStage<BybitResult<Candles>> collectKlines(String symbol, Interval interval, long from, long to,
                                                               List<Candle> acc, List<String> bad) {
        long pageEnd = Math.min(to, from + 999 * interval.millis());
        return checkedKlines(symbol, interval, OptionalLong.of(from), OptionalLong.of(pageEnd), 1000).thenCompose(r -> {
            if (r instanceof BybitResult.Ok<Candles> ok) {
                bad.addAll(ok.value().rejected());
                long lastStart = from - 1;
                for (Candle c : ok.value().candles()) {
                    if (c.startMs() >= from && c.startMs() <= pageEnd && c.startMs() > lastStart) {
                        acc.add(c);
                        lastStart = c.startMs();
                    }
                }
                // an empty page (listing gap, halted market) still moves the window on
                long next = Math.max(lastStart, pageEnd) + interval.millis();
                if (next <= to) {
                    return collectKlines(symbol, interval, next, to, acc, bad);
                }
                return CompletableFuture.completedFuture(BybitResult.ok(new Candles(List.copyOf(acc), List.copyOf(bad))));
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    public CompletionStage<BybitResult<InstrumentsPage>> instrumentsPage(Optional<String> symbol, Optional<String> cursor,
                                                                        int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        symbol.ifPresent(s -> q.put("symbol", s));
        q.put("limit", Integer.toString(limit));
        // the cursor comes back percent-encoded already: send it untouched
        cursor.filter(c -> !c.isEmpty()).ifPresent(c -> q.put("cursor", RAW_PREFIX + c));
        return execute(get("/v5/market/instruments-info", q, false, (env, body) -> BybitPages.instruments(env, body, rejected)));
    }

    /** Every trading linear instrument, following {@code nextPageCursor} (there are more than 500). */
    public CompletionStage<BybitResult<List<InstrumentInfo>>> allInstruments() {
        return collectInstruments(Optional.empty(), new ArrayList<>(), 0);
    }

    private CompletionStage<BybitResult<List<InstrumentInfo>>> collectInstruments(Optional<String> cursor,
                                                                                List<InstrumentInfo> acc, int pages) {
        if (pages >= 50) {
            return CompletableFuture.completedFuture(BybitResult.err(
                    new BybitError.Malformed("instruments-info cursor did not end after 50 pages")));
        }
        return instrumentsPage(Optional.empty(), cursor, 1000).thenCompose(r -> {
            if (r instanceof BybitResult.Ok<InstrumentsPage> ok) {
                acc.addAll(ok.value().list());
                if (ok.value().hasNext()) {
                    return collectInstruments(Optional.of(ok.value().nextPageCursor()), acc, pages + 1);
                }
                return CompletableFuture.completedFuture(BybitResult.ok(List.copyOf(acc)));
            }
            return CompletableFuture.completedFuture(r.map(p -> List.<InstrumentInfo>of()));
        });
    }

    /** All linear tickers when {@code symbol} is empty (one call for every symbol). */
    public CompletionStage<BybitResult<List<Ticker>>> tickers(Optional<String> symbol) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        symbol.ifPresent(s -> q.put("symbol", s));
        return execute(get("/v5/market/tickers", q, false, (env, body) -> BybitPages.tickers(env, body, rejected)))
                .thenApply(r -> r.map(TickersPage::list));
    }

    // ---------------------------------------------------------------- orders

    /**
     * Places an order exactly once per {@code orderLinkId}. If the outcome is unknown (timeout, 5xx,
     * dropped connection, unreadable reply), the order is first looked up by its orderLinkId; only if
     * it is not there is the same request sent again, and a 110072 "duplicate" reply is resolved by
     * another lookup. If the lookup itself fails, the result is {@link BybitError.Ambiguous}: the
     * caller must reconcile, never re-send with a new id.
     */
    public CompletionStage<BybitResult<OrderIds>> placeOrder(OrderRequest request) {
        return placeAttempt(request, 1);
    }

    private CompletionStage<BybitResult<OrderIds>> placeAttempt(OrderRequest request, int attempt) {
        Call<OrderIds> call = post("/v5/order/create", request.toBody(), false, reader(OrderIds.class));
        return execute(call).thenCompose(r -> {
            if (r instanceof BybitResult.Err<OrderIds> err) {
                BybitError e = err.error();
                boolean duplicate = e instanceof BybitError.Rejected rej && rej.duplicateOrderLinkId();
                if (e.handling() == BybitError.Handling.AMBIGUOUS || duplicate) {
                    LOG.warn("order {} {}: outcome unknown ({}), looking it up before any retry",
                            request.orderLinkId(), request.symbol(), e.describe());
                    return resolveAmbiguous(request, attempt, duplicate, e);
                }
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    /**
     * Places up to {@link BybitRateLimits#MAX_BATCH} orders in one request to {@code /v5/order/create-batch}, whose
     * per-UID budget is separate from {@link #placeOrder}'s and counted per order. One outcome per request, in order,
     * each with {@link #placeOrder}'s exactly-once guarantee: an order whose outcome is unknown (the whole batch's, or
     * its own item's) is looked up before anything is sent again; an order the batch's budget refused (the orders
     * that fit go through, the rest draw 10006) is placed on its own.
     */
    public CompletionStage<List<BybitResult<OrderIds>>> placeOrders(List<OrderRequest> requests) {
        if (requests.isEmpty() || requests.size() > BybitRateLimits.MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1.." + BybitRateLimits.MAX_BATCH + " orders, got "
                    + requests.size());
        }
        List<Map<String, Object>> items = new ArrayList<>(requests.size());
        for (OrderRequest r : requests) {
            Map<String, Object> item = new LinkedHashMap<>(r.toBody());
            item.remove("category"); // named once for the batch
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("category", LINEAR);
        body.put("request", items);
        String path = Endpoint.ORDER_CREATE_BATCH.path();
        Call<List<BatchItem>> call = new Call<>(true, path, Endpoint.ORDER_CREATE_BATCH, true, false, Map.of(), body,
                (env, raw) -> BybitPages.batchItems(env, raw, requests.stream().map(OrderRequest::orderLinkId).toList()),
                requests.size());
        return execute(call).thenCompose(r -> {
            List<CompletableFuture<BybitResult<OrderIds>>> each = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                each.add(itemOutcome(requests.get(i), r, i).toCompletableFuture());
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                    .thenApply(x -> each.stream().map(CompletableFuture::join).toList());
        });
    }

    private CompletionStage<BybitResult<OrderIds>> itemOutcome(OrderRequest request, BybitResult<List<BatchItem>> batch,
                                                               int index) {
        BybitError error;
        if (batch instanceof BybitResult.Err<List<BatchItem>> err) {
            error = err.error();
        } else {
            BatchItem item = ((BybitResult.Ok<List<BatchItem>>) batch).value().get(index);
            if (item.code() == 0) {
                return done(BybitResult.ok(new OrderIds(item.orderId(), request.orderLinkId())));
            }
            error = BybitErrors.fromRetCode(item.code(), item.msg(), OptionalLong.empty());
            if (error instanceof BybitError.RateLimited) {
                // the batch's budget ran out part way: this one was not placed, and goes on its own
                return placeOrder(request);
            }
            if (error.handling() == BybitError.Handling.BACK_OFF) {
                error = new BybitError.Ambiguous(error.describe());
            }
        }
        boolean duplicate = error instanceof BybitError.Rejected rej && rej.duplicateOrderLinkId();
        if (error.handling() == BybitError.Handling.AMBIGUOUS || duplicate) {
            LOG.warn("order {} {} (in a batch): outcome unknown ({}), looking it up before any retry",
                    request.orderLinkId(), request.symbol(), error.describe());
            return resolveAmbiguous(request, 1, duplicate, error);
        }
        return done(BybitResult.err(error));
    }

    private CompletionStage<BybitResult<OrderIds>> resolveAmbiguous(OrderRequest request, int attempt,
                                                                   boolean duplicate, BybitError cause) {
        return findOrder(request.symbol(), request.orderLinkId()).thenCompose(found -> {
            if (found instanceof BybitResult.Ok<Optional<OrderInfo>> ok) {
                if (ok.value().isPresent()) {
                    OrderInfo o = ok.value().get();
                    return CompletableFuture.completedFuture(BybitResult.ok(new OrderIds(o.orderId(), o.orderLinkId())));
                }
                if (!duplicate && attempt < config.maxAttempts()) {
                    // Not on the exchange: re-sending the same orderLinkId cannot create a second order.
                    return placeAttempt(request, attempt + 1);
                }
            }
            String why = found instanceof BybitResult.Err<Optional<OrderInfo>> fe ? fe.error().describe() : "not found";
            return CompletableFuture.completedFuture(BybitResult.err(new BybitError.Ambiguous(
                    "order " + request.orderLinkId() + " unresolved after " + cause.describe() + "; lookup: " + why)));
        });
    }

    /**
     * Looks an order up by orderLinkId among open orders, then among recent closed ones (a market
     * order is usually filled, hence closed, by the time we look).
     */
    public CompletionStage<BybitResult<Optional<OrderInfo>>> findOrder(String symbol, String orderLinkId) {
        return lookup(symbol, orderLinkId, false).thenCompose(r -> {
            if (r instanceof BybitResult.Ok<Optional<OrderInfo>> ok && ok.value().isEmpty()) {
                return lookup(symbol, orderLinkId, true);
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    private CompletionStage<BybitResult<Optional<OrderInfo>>> lookup(String symbol, String orderLinkId, boolean closed) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        q.put("symbol", symbol);
        q.put("orderLinkId", orderLinkId);
        if (closed) {
            q.put("openOnly", "1");
        }
        ResultReader<Optional<OrderInfo>> reader = (env, body) -> {
            Optional<OrderInfo> found = BybitPages.orders(env, body, rejected).list().stream()
                    .filter(o -> orderLinkId.equals(o.orderLinkId())).findFirst();
            if (found.isEmpty() && mentions(env.result(), orderLinkId)) {
                // the order is there but its row is invalid: "not found" would invite a blind re-send
                throw new BybitParseException("order " + orderLinkId + " is listed but its row is invalid", body, null);
            }
            return found;
        };
        return execute(get("/v5/order/realtime", q, true, reader));
    }

    private static boolean mentions(JsonNode result, String orderLinkId) {
        JsonNode list = result == null ? null : result.get("list");
        if (list == null || !list.isArray()) {
            return false;
        }
        for (JsonNode n : list) {
            if (orderLinkId.equals(n.path("orderLinkId").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Cancels by orderLinkId. An order that is already gone (110001/110008/110010) is reported as
     * {@link BybitError.Rejected} with {@code orderAlreadyGone()}; the caller reconciles.
     */
    public CompletionStage<BybitResult<OrderIds>> cancelOrder(String symbol, String orderLinkId) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("category", LINEAR);
        b.put("symbol", symbol);
        b.put("orderLinkId", orderLinkId);
        return execute(post("/v5/order/cancel", b, true, reader(OrderIds.class)));
    }

    /** Cancels every order of one symbol (active, conditional, TP/SL). */
    public CompletionStage<BybitResult<CancelAllResult>> cancelAll(String symbol) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("category", LINEAR);
        b.put("symbol", symbol);
        return execute(post("/v5/order/cancel-all", b, true, reader(CancelAllResult.class)));
    }

    /** Open orders of one symbol, or of every USDT contract when {@code symbol} is empty. */
    public CompletionStage<BybitResult<OrdersPage>> openOrders(Optional<String> symbol, Optional<String> cursor) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        symbolOrSettle(q, symbol);
        q.put("limit", "50");
        cursor.filter(c -> !c.isEmpty()).ifPresent(c -> q.put("cursor", RAW_PREFIX + c));
        return execute(get("/v5/order/realtime", q, true, (env, body) -> BybitPages.orders(env, body, rejected)));
    }

    // ---------------------------------------------------------------- positions and account

    /** Positions of one symbol (a row even when flat), or all non-empty USDT positions. */
    public CompletionStage<BybitResult<PositionsPage>> positions(Optional<String> symbol, Optional<String> cursor) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        symbolOrSettle(q, symbol);
        q.put("limit", "200");
        cursor.filter(c -> !c.isEmpty()).ifPresent(c -> q.put("cursor", RAW_PREFIX + c));
        return execute(get("/v5/position/list", q, true, (env, body) -> BybitPages.positions(env, body, rejected)));
    }

    /** Sets TP / SL / trailing stop; 34040 (unchanged) is success with {@code notModified()}. */
    public CompletionStage<BybitResult<Void>> tradingStop(TradingStopRequest request) {
        return execute(post("/v5/position/trading-stop", request.toBody(), true, (env, body) -> null));
    }

    /** Sets buy and sell leverage; 110043 (unchanged) is success with {@code notModified()}. */
    public CompletionStage<BybitResult<Void>> setLeverage(String symbol, BigDecimal leverage) {
        if (leverage.signum() <= 0) {
            throw new IllegalArgumentException("leverage for " + symbol + " must be > 0, got " + leverage.toPlainString());
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("category", LINEAR);
        b.put("symbol", symbol);
        b.put("buyLeverage", leverage.toPlainString());
        b.put("sellLeverage", leverage.toPlainString());
        return execute(post("/v5/position/set-leverage", b, true, (env, body) -> null));
    }

    /** Unified account balance; {@code coin} e.g. "USDT" restricts the coin list. */
    public CompletionStage<BybitResult<WalletBalance>> walletBalance(Optional<String> coin) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("accountType", "UNIFIED");
        coin.ifPresent(c -> q.put("coin", c));
        return execute(get("/v5/account/wallet-balance", q, true, (env, body) -> BybitPages.wallet(env, body, rejected)));
    }

    /** Fills, newest first (at most 7 days per query). */
    public CompletionStage<BybitResult<ExecutionsPage>> executions(Optional<String> symbol, OptionalLong startTimeMs,
                                                                   Optional<String> cursor, int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("execution limit must be 1..100, got " + limit);
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("category", LINEAR);
        symbolOrSettle(q, symbol);
        startTimeMs.ifPresent(s -> q.put("startTime", Long.toString(s)));
        q.put("limit", Integer.toString(limit));
        cursor.filter(c -> !c.isEmpty()).ifPresent(c -> q.put("cursor", RAW_PREFIX + c));
        return execute(get("/v5/execution/list", q, true, (env, body) -> BybitPages.executions(env, body, rejected)));
    }

    private static void symbolOrSettle(Map<String, String> q, Optional<String> symbol) {
        if (symbol.isPresent()) {
            q.put("symbol", symbol.get());
        } else {
            q.put("settleCoin", "USDT");
        }
    }

    // ---------------------------------------------------------------- machinery

    /** Marks a query value that is already percent-encoded (Bybit's cursors). */
    private static final String RAW_PREFIX = "\u0000raw:";

    private static <T> ResultReader<T> reader(Class<T> type) {
        return (env, body) -> BybitJson.result(env, type, body);
    }

    private <T> Call<T> get(String path, Map<String, String> query, boolean signed, ResultReader<T> reader) {
        return new Call<>(false, path, Endpoint.forPath(path), signed, true, query, Map.of(), reader);
    }

    private <T> Call<T> post(String path, Map<String, Object> body, boolean retrySafe, ResultReader<T> reader) {
        return new Call<>(true, path, Endpoint.forPath(path), true, retrySafe, Map.of(), body, reader);
    }

    static String queryString(Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            String v = e.getValue();
            sb.append(e.getKey()).append('=').append(v.startsWith(RAW_PREFIX)
                    ? v.substring(RAW_PREFIX.length()) : URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** Runs a call with the retry policy; the returned stage always completes normally. */
    private <T> CompletionStage<BybitResult<T>> execute(Call<T> call) {
        CompletionStage<BybitResult<T>> stage;
        try {
            stage = attempt(call, 1);
        } catch (RuntimeException e) {
            // e.g. a symbol that makes an invalid URI: nothing was sent
            return done(BybitResult.err(new BybitError.InvalidRequest(call.path() + ": " + e.getMessage())));
        }
        return stage.handle((r, failure) -> failure == null ? r
                : BybitResult.err(BybitErrors.fromTransportFailure(unwrap(failure), call.post())));
    }

    private <T> CompletionStage<BybitResult<T>> attempt(Call<T> call, int attempt) {
        long now = clock.millis();
        if (now < bannedUntilMs) {
            return done(BybitResult.err(new BybitError.IpBanned(403, "client paused after HTTP 403", bannedUntilMs)));
        }
        if (call.signed() && signer.isEmpty()) {
            return done(BybitResult.err(new BybitError.AuthFailed(0, "no API key configured",
                    "set BYBIT_API_KEY and BYBIT_API_SECRET in .env for " + call.path())));
        }
        long wait;
        long spentNanos;
        synchronized (limiter) {
            spentNanos = nanos(clock.instant());
            wait = limiter.nanosUntilPermitted(call.endpoint(), call.permits(), spentNanos);
            if (wait == 0 && !limiter.tryAcquire(call.endpoint(), call.permits(), spentNanos)) {
                wait = 1_000_000L; // the two disagreed: never send without the tokens
            }
        }
        if (wait > 0) {
            return delayer.after(Duration.ofNanos(wait)).thenCompose(x -> attempt(call, attempt));
        }
        CompletionStage<Raw> sent;
        try {
            sent = send(call);
        } catch (RuntimeException e) {
            synchronized (limiter) {
                limiter.answered(call.endpoint(), call.permits(), spentNanos, nanos(clock.instant()));
            }
            throw e;
        }
        return sent.handle((raw, failure) -> {
            // Bybit counted the request when it arrived, somewhere before this answer: the token comes back a
            // window after the answer, not after the charge (a request can wait for a pooled connection)
            synchronized (limiter) {
                limiter.answered(call.endpoint(), call.permits(), spentNanos, nanos(clock.instant()));
            }
            if (failure != null) {
                return classifyFailure(call, unwrap(failure));
            }
            return interpret(call, raw);
        }).thenCompose(r -> afterOutcome(call, attempt, r));
    }

    /** Decides whether to retry a failed outcome; returns the final result otherwise. */
    private <T> CompletionStage<BybitResult<T>> afterOutcome(Call<T> call, int attempt, BybitResult<T> r) {
        if (!(r instanceof BybitResult.Err<T> err) || attempt >= config.maxAttempts()) {
            return done(r);
        }
        BybitError e = err.error();
        switch (e.handling()) {
            case RESYNC_CLOCK:
                LOG.warn("{} rejected for its timestamp ({}); re-syncing clock and re-signing", call.path(), e.describe());
                return syncClock().thenCompose(s -> attempt(call, attempt + 1));
            case WAIT_FOR_RESET: {
                OptionalLong reset = ((BybitError.RateLimited) e).resetAtMs();
                long waitMs = Math.max(0L, reset.orElse(clock.millis() + 1000L) - clock.millis());
                LOG.warn("{} rate limited; waiting {} ms for the limit to reset", call.path(), waitMs);
                return delayer.after(Duration.ofMillis(waitMs)).thenCompose(x -> attempt(call, attempt + 1));
            }
            case BACK_OFF:
            case AMBIGUOUS:
                if (!call.retrySafe()) {
                    return done(r);
                }
                Duration backoff = config.transientBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
                LOG.warn("{} failed ({}); retry {} in {} ms", call.path(), e.describe(), attempt + 1, backoff.toMillis());
                return delayer.after(backoff).thenCompose(x -> attempt(call, attempt + 1));
            default:
                return done(r);
        }
    }

    private CompletionStage<Raw> send(Call<?> call) {
        String url;
        HttpRequest unsigned;
        String payload;
        if (call.post()) {
            payload = BybitJson.writeBody(call.body());
            url = hosts.restUrl(call.path());
            unsigned = HttpRequest.POST(url).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, payload));
        } else {
            payload = queryString(call.query());
            url = hosts.restUrl(call.path()) + (payload.isEmpty() ? "" : "?" + payload);
            unsigned = HttpRequest.GET(url);
        }
        long timeoutMs = config.requestTimeout().toMillis();
        // sign only once a pooled connection is free: a request queued behind slow ones keeps a fresh timestamp
        CompletableFuture<Raw> sent = slots.acquire().thenCompose(x -> {
            HttpRequest request = unsigned;
            if (call.signed()) {
                long timestamp = clock.millis() + clockOffsetMs;
                List<HttpHeader> headers = new ArrayList<>(4);
                signer.orElseThrow().restHeaders(timestamp, config.recvWindowMs(), payload)
                        .forEach((k, v) -> headers.add(RawHeader.create(k, v)));
                request = request.addHeaders(headers);
            }
            return Http.get(system).singleRequest(request)
                    .thenCompose(resp -> readFully(resp, timeoutMs))
                    .toCompletableFuture()
                    .orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        }).toCompletableFuture();
        sent.whenComplete((r, e) -> slots.release());
        return sent;
    }

    /** Always drains the entity, so the pooled connection is released even for error statuses. */
    private CompletionStage<Raw> readFully(HttpResponse resp, long timeoutMs) {
        Map<String, String> limitHeaders = new LinkedHashMap<>();
        for (String h : new String[] {"X-Bapi-Limit", "X-Bapi-Limit-Status", "X-Bapi-Limit-Reset-Timestamp"}) {
            resp.getHeader(h).ifPresent(v -> limitHeaders.put(h, v.value()));
        }
        int status = resp.status().intValue();
        return resp.entity().toStrict(timeoutMs, materializer)
                .thenApply(strict -> new Raw(status, strict.getData().utf8String(), limitHeaders));
    }

    private <T> BybitResult<T> classifyFailure(Call<T> call, Throwable failure) {
        return BybitResult.err(BybitErrors.fromTransportFailure(failure, call.post()));
    }

    private <T> BybitResult<T> interpret(Call<T> call, Raw raw) {
        if (raw.status() == 403) {
            long until = clock.millis() + config.ipBanBackoff().toMillis();
            bannedUntilMs = until;
            synchronized (limiter) {
                limiter.blockAll(nanos(Instant.ofEpochMilli(until)));
            }
            LOG.error("Bybit answered HTTP 403 on {}: IP rate limit or blocked region; all REST paused for {} s",
                    call.path(), config.ipBanBackoff().toSeconds());
            return BybitResult.err(BybitErrors.fromHttpStatus(403, raw.body(), call.post(), until));
        }
        if (raw.status() < 200 || raw.status() >= 300) {
            return BybitResult.err(BybitErrors.fromHttpStatus(raw.status(), raw.body(), call.post(), 0L));
        }
        BybitJson.Envelope env;
        try {
            env = BybitJson.envelope(raw.body());
        } catch (BybitParseException e) {
            return BybitResult.err(call.post() ? new BybitError.Ambiguous(e.getMessage()) : new BybitError.Malformed(e.getMessage()));
        }
        // On 10006 the reset timestamp is authoritative; "0 remaining" would hold us a full window longer.
        applyLimitHeaders(call.endpoint(), raw.limitHeaders(), env.retCode() != BybitErrors.RATE_LIMITED);
        if (env.retCode() == 0 || BybitErrors.isNotModified(env.retCode())) {
            try {
                return new BybitResult.Ok<>(call.reader().read(env, raw.body()), env.retCode());
            } catch (BybitParseException e) {
                return BybitResult.err(call.post() ? new BybitError.Ambiguous(e.getMessage()) : new BybitError.Malformed(e.getMessage()));
            }
        }
        OptionalLong reset = parseLong(raw.limitHeaders().get("X-Bapi-Limit-Reset-Timestamp"));
        BybitError error = BybitErrors.fromRetCode(env.retCode(), env.retMsg(), reset);
        if (error instanceof BybitError.RateLimited) {
            synchronized (limiter) {
                limiter.onRateLimited(call.endpoint(),
                        reset.isPresent() ? OptionalLong.of(nanos(Instant.ofEpochMilli(reset.getAsLong()))) : OptionalLong.empty(),
                        nanos(clock.instant()));
            }
        }
        if (error.handling() == BybitError.Handling.FATAL) {
            LOG.error("Bybit {} on {}: {}", env.retCode(), call.path(), error.describe());
        }
        if (!call.retrySafe() && error.handling() == BybitError.Handling.BACK_OFF) {
            // "server timeout / busy" on a create may still have placed the order
            return BybitResult.err(new BybitError.Ambiguous(error.describe()));
        }
        return BybitResult.err(error);
    }

    private void applyLimitHeaders(Endpoint endpoint, Map<String, String> headers, boolean useRemaining) {
        Optional<Integer> limit = BybitRateLimits.parseIntHeader(headers.get("X-Bapi-Limit"));
        Optional<Integer> remaining = useRemaining
                ? BybitRateLimits.parseIntHeader(headers.get("X-Bapi-Limit-Status")) : Optional.empty();
        if (limit.isEmpty() && remaining.isEmpty()) {
            return;
        }
        synchronized (limiter) {
            limiter.onLimitHeaders(endpoint, limit.map(OptionalInt::of).orElse(OptionalInt.empty()),
                    remaining.map(OptionalInt::of).orElse(OptionalInt.empty()), nanos(clock.instant()));
        }
    }

    private static OptionalLong parseLong(String v) {
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
