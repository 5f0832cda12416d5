package io.pybitbot.sim;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.typesafe.config.ConfigFactory;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import io.pybitbot.sim.server.RestHandler;
import io.pybitbot.sim.server.WsHub;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated Bybit V5 exchange: REST under {@code http://host:port/v5/...}, WebSockets at
 * {@code /v5/public/linear} and {@code /v5/private} on the same port. Start it with {@link #start}; the returned
 * handle knows the bound port and stops everything with {@link #stop}.
 */
public final class SimulatedExchange implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedExchange.class);

    private final SimSettings settings;
    private final SimCore core;
    private final WsHub hub;
    private final RestHandler rest;
    private final InstantSource wall;
    private final long wallStartMs;
    private final ScheduledExecutorService clock;
    private volatile ServerBinding binding;
    private final java.util.concurrent.atomic.AtomicLong signedRequests = new java.util.concurrent.atomic.AtomicLong();
    private final OrderCreates creates = new OrderCreates();

    private SimulatedExchange(SimSettings settings, InstantSource wall, List<InstrumentSpec> liveInstruments,
                              InstantSource exchangeClock) {
        this.settings = settings;
        this.wall = wall;
        this.wallStartMs = wall.millis();
        if (liveInstruments != null) {
            this.core = new SimCore(liveInstruments, settings, exchangeClock::millis);
        } else {
            List<CandleSeries> series = SimData.load(settings);
            // by default at the data's own time of day, within a day from now (see MarketFeed.dayAlignedStart)
            long replayStart = settings.replayStartMs() != null ? settings.replayStartMs()
                    : io.pybitbot.sim.market.MarketFeed.dayAlignedStart(series, wallStartMs, settings.warmupCandles(),
                    settings.warmupInterval());
            this.core = new SimCore(series, settings, replayStart);
            core.setFunding(SimData.funding(settings, series));
        }
        this.hub = new WsHub(core, settings, this::serverWallMs);
        hub.virtualClock(this::virtualNowMs);
        core.setPublisher(hub);
        this.rest = new RestHandler(core, settings, new RestHandler.Clocks() {
            @Override
            public long virtualNowMs() {
                return SimulatedExchange.this.virtualNowMs();
            }

            @Override
            public long serverWallMs() {
                return SimulatedExchange.this.serverWallMs();
            }
        });
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-clock");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts with the system clock as wall clock. Blocks until the port is bound (at most 10 s): call it from
     * {@code main} or a test, not from inside an actor (use {@link #startAsync} there).
     */
    public static SimulatedExchange start(SimSettings settings, ActorSystem<?> system) {
        return start(settings, system, InstantSource.system());
    }

    /**
     * Starts the simulator.
     *
     * @param wall the server's wall clock (recv-window checks, WS auth expiry, real-time pacing)
     */
    public static SimulatedExchange start(SimSettings settings, ActorSystem<?> system, InstantSource wall) {
        try {
            return startAsync(settings, system, wall).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("simulator did not bind " + settings.host() + ":" + settings.port()
                    + " within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the simulator", e);
        }
    }

    /**
     * Non-blocking start, for callers inside an actor ({@code pipeToSelf}): completes with the running simulator
     * once the port is bound, or exceptionally with the bind failure. Loading the data happens on the caller.
     */
    public static CompletionStage<SimulatedExchange> startAsync(SimSettings settings, ActorSystem<?> system,
                                                               InstantSource wall) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(system, "system");
        return bindAndStart(new SimulatedExchange(settings, wall, null, null), settings, system);
    }

    /**
     * Starts a live-fed simulator (paper trading): no replayed data and no public market data of its own; its
     * private REST and WebSocket serve one account whose orders fill against the candles passed to {@link #feed}.
     * {@code settings.data()}, {@code speed()} and the timeline fields are ignored. Blocks until the port is bound
     * (at most 10 s).
     *
     * @param instruments   the tradable instruments, as the real exchange lists them
     * @param wall          the server's wall clock (recv-window checks, WS auth expiry)
     * @param exchangeClock the market's time: order and fill times (the wall clock, unless a test replays faster)
     */
    public static SimulatedExchange startLive(SimSettings settings, List<InstrumentSpec> instruments,
                                              ActorSystem<?> system, InstantSource wall, InstantSource exchangeClock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(system, "system");
        SimulatedExchange sim = new SimulatedExchange(settings, wall, List.copyOf(instruments),
                Objects.requireNonNull(exchangeClock, "exchangeClock"));
        try {
            return bindAndStart(sim, settings, system).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("paper exchange did not bind " + settings.host() + ":" + settings.port()
                    + " within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the paper exchange", e);
        }
    }

    /**
     * Live-fed simulator: one kline update from the real market. Only the finest interval of each symbol should
     * be fed; the matching engine sees it exactly as a replayed candle (open, forming prices, close).
     */
    public void feed(String symbol, Interval interval, Candle candle) {
        core.feedLive(symbol, candle);
    }

    private static CompletionStage<SimulatedExchange> bindAndStart(SimulatedExchange sim, SimSettings settings,
                                                                   ActorSystem<?> system) {
        return sim.bind(system).handle((b, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                String why = io.pybitbot.net.BindProblem.describe(cause);
                throw new IllegalStateException("simulator could not listen on " + settings.host() + ":"
                        + settings.port() + ": " + (why != null ? why + "; choose another with --port (0 = any free"
                        + " port)" : cause.getMessage()), cause);
            }
            sim.binding = b;
            sim.startClock();
            return sim;
        });
    }

    private CompletionStage<ServerBinding> bind(ActorSystem<?> system) {
        Materializer mat = Materializer.matFromSystem(system);
        Route route = concat(
                path(segment("v5").slash("public").slash("linear"),
                        () -> extractRequest(req -> connect(req, () -> handleWebSocketMessages(hub.newFlow(false, mat))))),
                path(segment("v5").slash("private"),
                        () -> extractRequest(req -> connect(req, () -> handleWebSocketMessages(hub.newFlow(true, mat))))),
                extractRequest(req -> completeWithFuture(answer(req, mat))));
        // Bybit cuts a silent connection after about 10 minutes; Pekko's default idle timeout is 60 s
        ServerSettings server = ServerSettings.create(ConfigFactory.parseString(
                "pekko.http.server.idle-timeout = 10 min").withFallback(system.settings().config()));
        return Http.get(system).newServerAt(settings.host(), settings.port()).withSettings(server).bind(route);
    }

    /**
     * A WebSocket connect, counted against Bybit's 500 per 5 minutes per IP (with rate limits enforced): over it the
     * upgrade is refused with HTTP 429 and a one-line reason (Bybit documents the rule, not its answer).
     */
    private Route connect(HttpRequest req, java.util.function.Supplier<Route> open) {
        String ip = req.getHeader("X-Forwarded-For").map(HttpHeader::value).orElse("local");
        if (settings.enforceRateLimits() && !rest.limits().wsConnect(ip, wall.millis())) {
            return org.apache.pekko.http.javadsl.server.Directives.complete(
                    org.apache.pekko.http.javadsl.model.StatusCodes.TOO_MANY_REQUESTS,
                    "more than " + io.pybitbot.sim.server.RateLimits.WS_CONNECTS_PER_5_MIN
                            + " WebSocket connections in 5 minutes from this IP");
        }
        return open.get();
    }

    /** WebSocket connects refused for Bybit's per-IP connect limit since start. */
    public long wsConnectsRefused() {
        return rest.limits().wsConnectsRefused();
    }

    private CompletionStage<HttpResponse> answer(HttpRequest req, Materializer mat) {
        return req.entity().toStrict(5000, mat).thenCompose(strict -> {
            Map<String, String> headers = new HashMap<>();
            for (HttpHeader h : req.getHeaders()) {
                headers.put(h.lowercaseName(), h.value());
            }
            String ip = headers.getOrDefault("x-forwarded-for", "local");
            if (headers.containsKey("x-bapi-api-key")) {
                signedRequests.incrementAndGet();
            }
            RestHandler.Request r = new RestHandler.Request(req.method().value(), req.getUri().path(),
                    req.getUri().rawQueryString().orElse(""), strict.getData().utf8String(), headers, ip);
            boolean create = r.path().equals("/v5/order/create") || r.path().equals("/v5/order/create-batch");
            boolean trapped = create && creates.springs(r.body());
            if (trapped) {
                hub.setStalled(true); // the fills of the trapped order must not reach the client
            }
            RestHandler.Response res = rest.handle(r);
            HttpResponse http = toHttp(res);
            if (create) {
                CompletableFuture<Void> held = creates.record(r.body(), res.body(), wall.millis(), trapped);
                if (held != null) {
                    return held.thenApply(v -> {
                        hub.setStalled(settings.faults().stallStreams());
                        return http;
                    });
                }
                if (trapped) {
                    hub.setStalled(settings.faults().stallStreams()); // refused: the trap waits for the next entry
                }
            }
            long delay = settings.faults().restDelay().toMillis();
            if (delay <= 0) {
                return CompletableFuture.completedFuture(http);
            }
            return CompletableFuture.supplyAsync(() -> http,
                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        });
    }

    private static HttpResponse toHttp(RestHandler.Response res) {
        List<HttpHeader> headers = new ArrayList<>();
        res.headers().forEach((k, v) -> headers.add(RawHeader.create(k, v)));
        HttpResponse http = HttpResponse.create().withStatus(res.status()).addHeaders(headers);
        if (res.body().isEmpty()) {
            return http;
        }
        boolean json = res.body().startsWith("{");
        return http.withEntity(json ? ContentTypes.APPLICATION_JSON : ContentTypes.TEXT_PLAIN_UTF8, res.body());
    }

    private void startClock() {
        if (core.live()) {
            startFaults();
            return; // the feed moves prices; the clock is the wall clock
        }
        Speed speed = settings.speed();
        switch (speed.mode()) {
            case REALTIME -> {
                long period = Math.max(1, Math.min(50, (long) (core.tickMs() / speed.factor())));
                clock.scheduleAtFixedRate(guard(() -> core.advanceTo(virtualNowMs() - skewMs())), 0, period,
                        TimeUnit.MILLISECONDS);
            }
            case MAX -> clock.execute(guard(this::runFlatOut));
            case MANUAL -> core.step(); // the first tick opens the first candle so prices exist
            default -> throw new IllegalStateException("unknown speed " + speed);
        }
        startFaults();
    }

    private void startFaults() {
        Duration drop = settings.faults().dropWsEvery();
        if (!drop.isZero()) {
            clock.scheduleAtFixedRate(guard(hub::dropAll), drop.toMillis(), drop.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Max speed: step while consumers keep up, yield briefly when their queues fill. */
    private void runFlatOut() {
        for (int i = 0; i < 1000 && !core.finished(); i++) {
            if (hub.backlog() > WsHubLimits.BACKLOG_PAUSE) {
                clock.schedule(guard(this::runFlatOut), 1, TimeUnit.MILLISECONDS);
                return;
            }
            core.step();
        }
        if (!core.finished()) {
            clock.execute(guard(this::runFlatOut));
        }
    }

    private static Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("simulator clock task failed", e);
            }
        };
    }

    /** Thresholds of the max-speed driver. */
    private static final class WsHubLimits {
        static final int BACKLOG_PAUSE = 1024;
    }

    // ------------------------------------------------------------------ handle

    /** Manual speed: advances virtual time by {@code ticks} ticks (one tick = shortest interval / interimUpdates). */
    public void step(int ticks) {
        for (int i = 0; i < ticks; i++) {
            core.step();
        }
    }

    /** Steps until the virtual clock has moved by at least {@code d}. */
    public void advance(Duration d) {
        core.advanceTo(core.feedNowMs() + d.toMillis());
    }

    /** Current virtual time as REST and WS report it (clock skew included). */
    public long virtualNowMs() {
        long skew = skewMs();
        if (core.live()) {
            return core.feedNowMs() + skew;
        }
        if (settings.speed().mode() == Speed.Mode.REALTIME) {
            long elapsed = wall.millis() - wallStartMs;
            return core.replayStartMs() + (long) (elapsed * settings.speed().factor()) + skew;
        }
        return core.feedNowMs() + skew;
    }

    long serverWallMs() {
        return wall.millis() + skewMs();
    }

    private long skewMs() {
        return settings.faults().clockSkew().toMillis();
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    public String restBaseUrl() {
        return "http://" + settings.host() + ":" + port();
    }

    public String publicWsUrl() {
        return "ws://" + settings.host() + ":" + port() + "/v5/public/linear";
    }

    public String privateWsUrl() {
        return "ws://" + settings.host() + ":" + port() + "/v5/private";
    }

    /** REST requests that carried an API key (private endpoints), answered or refused. */
    public long signedRequests() {
        return signedRequests.get();
    }

    /** The simulator's own record of its per-UID limits: requests let through, refused (10006), peak per second. */
    public java.util.Map<String, io.pybitbot.sim.server.RateLimits.EndpointRecord> rateLimitRecord() {
        return rest.rateLimitRecord();
    }

    public String apiKey() {
        return settings.apiKey();
    }

    public SimSettings settings() {
        return settings;
    }

    public SimCore core() {
        return core;
    }

    public WsHub hub() {
        return hub;
    }

    /** The log of order creates answered, and the crash tests' silence after an entry. */
    public OrderCreates orderCreates() {
        return creates;
    }

    /** Stops the clock, closes WebSockets and unbinds the port. Idempotent. */
    public void stop() {
        clock.shutdownNow();
        hub.dropAll();
        ServerBinding b = binding;
        if (b != null) {
            try {
                b.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("simulator unbind failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "SimulatedExchange[" + (binding == null ? "unbound" : restBaseUrl()) + ", " + settings.speed() + "]";
    }
}
