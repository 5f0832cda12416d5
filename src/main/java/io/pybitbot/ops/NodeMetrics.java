package io.pybitbot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's Prometheus metrics: the JVM's, and the bot's own read from the status report every few seconds (the
 * same figures the status API shows, so the two never disagree). Sampling keeps the actors free of metric code;
 * a value is at most one sample period old.
 */
final class NodeMetrics {

    static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<JsonNode> last = new AtomicReference<>(NodeReport.JSON.createObjectNode());
    private final Map<String, Boolean> registeredReasons = new ConcurrentHashMap<>();
    private final Map<String, Boolean> registeredSymbols = new ConcurrentHashMap<>();
    private final Map<String, Boolean> registeredInvalidKinds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> registeredBuckets = new ConcurrentHashMap<>();
    private final Cancellable sampling;
    private final java.util.List<java.util.function.Consumer<JsonNode>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.time.InstantSource clock;
    private final Map<String, Long> unprotectedSinceMs = new ConcurrentHashMap<>();
    private volatile long lastSampleMs = -1;
    private final java.util.concurrent.atomic.DoubleAdder unprotectedSeconds = new java.util.concurrent.atomic.DoubleAdder();

    NodeMetrics(ActorSystem<?> system, NodeReport report, java.time.InstantSource clock) {
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        io.pybitbot.latency.TickToOrder.bindTo(registry);
        gauge("pybit_equity_usdt", "Account equity as Risk sees it", s -> s.path("risk").path("equity").asDouble());
        gauge("pybit_peak_equity_usdt", "Peak equity the drawdown kill switch measures from",
                s -> s.path("risk").path("peakEquity").asDouble());
        gauge("pybit_drawdown_ratio", "Drawdown from the peak, 0..1",
                s -> s.path("risk").path("drawdownPct").asDouble() / 100);
        gauge("pybit_open_positions", "Open positions", s -> s.path("positions").size());
        gauge("pybit_positions_without_stop", "Open positions with no exchange-side stop-loss", s -> {
            int n = 0;
            for (JsonNode p : s.path("positions")) {
                n += p.path("protected").asBoolean() ? 0 : 1;
            }
            return n;
        });
        Gauge.builder("pybit_position_unprotected_seconds", unprotectedSinceMs, m -> {
                    long now = clock.millis();
                    return m.values().stream().mapToLong(since -> now - since).max().orElse(0) / 1000.0;
                }).description("How long the longest-unprotected open position has now been without an exchange-side stop")
                .register(registry);
        FunctionCounter.builder("pybit_unprotected_position_seconds", unprotectedSeconds, a -> a.sum())
                .description("Seconds open positions spent without an exchange-side stop, summed over positions, as"
                        + " sampled").register(registry);
        gauge("pybit_total_exposure_usdt", "Sum of |notional| over positions",
                s -> s.path("risk").path("totalExposure").asDouble());
        gauge("pybit_risk_halted", "1 while new entries are halted",
                s -> "HALTED".equals(s.path("risk").path("state").asText()) ? 1 : 0);
        gauge("pybit_strategies_paused", "Strategies an operator paused (no new entries from them)",
                s -> s.path("risk").path("pausedStrategies").size());
        gauge("pybit_symbols_halted", "Symbols whose entries are halted because their protective actions kept failing",
                s -> s.path("risk").path("haltedSymbols").size());
        gauge("pybit_open_orders", "Resting or unacknowledged orders", s -> s.path("openOrders").size());
        counter("pybit_orders_submitted", "Orders sent to the exchange since the journal began",
                s -> s.path("execution").path("submitted").asDouble());
        counter("pybit_account_ws_reconnects", "Reconnections of the private (account) stream",
                s -> s.path("accountStream").path("reconnects").asDouble());
        counter("pybit_account_ws_stalls", "Private-stream connections replaced because they went silent past the stall"
                + " timeout", s -> s.path("accountStream").path("stalls").asDouble());
        counter("pybit_account_implausible_dropped", "Account events dropped as implausible and confirmed over REST",
                s -> s.path("accountStream").path("implausibleDropped").asDouble());
        counter("pybit_reconcile_differences", "Positions a reconciliation found different from the ledger (missing,"
                + " another side or size) and corrected", s -> s.path("execution").path("reconcileDifferences").asDouble());
        counter("pybit_orders_rejected", "Orders the exchange refused or whose outcome is unknown",
                s -> s.path("execution").path("rejected").asDouble());
        gauge("pybit_rest_queued", "REST calls waiting in the one REST client's queue",
                s -> s.path("rest").path("queued").asDouble());
        gauge("pybit_rest_in_flight", "REST calls on their way", s -> s.path("rest").path("inFlight").asDouble());
        gauge("pybit_rest_queue_wait_max_seconds", "Longest a REST call waited in the queue",
                s -> s.path("rest").path("maxQueueWaitMs").asDouble() / 1000);
        counter("pybit_rest_calls", "REST calls submitted to the REST client", s -> s.path("rest").path("submitted").asDouble());
        counter("pybit_rest_deferred", "REST calls that waited for a rate-limit token at least once",
                s -> s.path("rest").path("deferredByLimiter").asDouble());
        counter("pybit_rest_refused_queue_full", "REST calls refused because the queue was full",
                s -> s.path("rest").path("refusedQueueFull").asDouble());
        // every reason Risk can give exists from the start (at 0), so rate() and alerts see a series at once
        for (io.pybitbot.risk.DenyReason r : io.pybitbot.risk.DenyReason.values()) {
            deniedCounter(r.name());
        }
        sampling = system.scheduler().scheduleWithFixedDelay(Duration.ZERO, SAMPLE_EVERY,
                () -> report.status().thenAccept(this::take), system.executionContext());
    }

    /** Also hands every sample to {@code listener} (alerts), on the sampling thread. */
    void onSample(java.util.function.Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** The latest status sample (an empty object before the first one). */
    JsonNode last() {
        return last.get();
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    void stop() {
        io.pybitbot.latency.TickToOrder.unbind(registry);
        sampling.cancel();
        registry.close();
    }

    private void take(JsonNode sample) {
        last.set(sample);
        unprotected(sample);
        for (var l : listeners) {
            try {
                l.accept(sample);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(NodeMetrics.class).warn("status sample listener failed", e);
            }
        }
        sample.path("execution").path("denialsByReason").fieldNames().forEachRemaining(this::deniedCounter);
        sample.path("invalidData").path("byKind").fieldNames().forEachRemaining(this::invalidRowsCounter);
        for (JsonNode b : sample.path("rest").path("buckets")) {
            restBucket(b.path("name").asText());
        }
        for (JsonNode sym : sample.path("symbols")) {
            String symbol = sym.path("symbol").asText();
            registeredSymbols.computeIfAbsent(symbol, s -> {
                Gauge.builder("pybit_symbol_live", last, ref -> state(ref.get(), s).equals("live") ? 1 : 0)
                        .description("1 while the symbol trades on live candles").tag("symbol", s).register(registry);
                Gauge.builder("pybit_symbol_quarantined", last, ref -> state(ref.get(), s).equals("quarantined") ? 1 : 0)
                        .description("1 while the symbol is kept out of trading for bad data").tag("symbol", s)
                        .register(registry);
                FunctionCounter.builder("pybit_ws_reconnects", last, ref -> stream(ref.get(), s).path("reconnects").asDouble())
                        .description("Reconnections of the symbol's kline stream").tag("symbol", s).register(registry);
                FunctionCounter.builder("pybit_ws_stalls", last, ref -> stream(ref.get(), s).path("stalls").asDouble())
                        .description("Kline stream connections replaced because they went silent past the stall timeout")
                        .tag("symbol", s).register(registry);
                Gauge.builder("pybit_ws_close_lag_seconds", last,
                                ref -> stream(ref.get(), s).path("closeLagMs").asDouble(-1) / 1000)
                        .description("How long after its close the symbol's last confirmed candle arrived (-0.001 before"
                                + " the first)").tag("symbol", s).register(registry);
                return true;
            });
        }
    }

    /** Which positions lack a stop in this sample, since when; the time between samples is added to the total. */
    private void unprotected(JsonNode sample) {
        long now = clock.millis();
        java.util.Set<String> bare = new java.util.HashSet<>();
        for (JsonNode p : sample.path("positions")) {
            if (!p.path("protected").asBoolean(true)) {
                bare.add(p.path("symbol").asText());
            }
        }
        if (lastSampleMs >= 0) {
            long elapsed = Math.max(0, now - lastSampleMs);
            long stillBare = unprotectedSinceMs.keySet().stream().filter(bare::contains).count();
            unprotectedSeconds.add(stillBare * elapsed / 1000.0);
        }
        lastSampleMs = now;
        unprotectedSinceMs.keySet().retainAll(bare);
        bare.forEach(symbol -> unprotectedSinceMs.putIfAbsent(symbol, now));
    }

    private void restBucket(String name) {
        registeredBuckets.computeIfAbsent(name, k -> {
            FunctionCounter.builder("pybit_rest_bucket_calls", last, ref -> bucket(ref.get(), k).path("calls").asDouble())
                    .description("REST calls charged to the rate-limit bucket (IP, or a per-UID endpoint)")
                    .tag("bucket", k).register(registry);
            FunctionCounter.builder("pybit_rest_bucket_rate_limited", last,
                            ref -> bucket(ref.get(), k).path("rateLimited").asDouble())
                    .description("Answers that were the exchange's rate-limit refusal (10006) or an IP ban")
                    .tag("bucket", k).register(registry);
            Gauge.builder("pybit_rest_bucket_available", last, ref -> bucket(ref.get(), k).path("available").asDouble())
                    .description("Tokens left in the rate-limit bucket now: the headroom").tag("bucket", k)
                    .register(registry);
            Gauge.builder("pybit_rest_bucket_capacity", last, ref -> bucket(ref.get(), k).path("capacity").asDouble())
                    .description("The rate-limit bucket's size per window").tag("bucket", k).register(registry);
            return true;
        });
    }

    private static JsonNode bucket(JsonNode sample, String name) {
        for (JsonNode b : sample.path("rest").path("buckets")) {
            if (b.path("name").asText().equals(name)) {
                return b;
            }
        }
        return NodeReport.JSON.createObjectNode();
    }

    private void invalidRowsCounter(String kind) {
        registeredInvalidKinds.computeIfAbsent(kind, k -> {
            FunctionCounter.builder("pybit_invalid_rows", last,
                            ref -> ref.get().path("invalidData").path("byKind").path(k).asDouble())
                    .description("Rows of exchange data dropped at the venue boundary as invalid, by kind")
                    .tag("kind", k).register(registry);
            return true;
        });
    }

    private void deniedCounter(String reason) {
        registeredReasons.computeIfAbsent(reason, r -> {
            FunctionCounter.builder("pybit_entries_denied", last,
                            ref -> ref.get().path("execution").path("denialsByReason").path(r).asDouble())
                    .description("Entries refused, by reason").tag("reason", r).register(registry);
            return true;
        });
    }

    private static JsonNode stream(JsonNode sample, String symbol) {
        for (JsonNode sym : sample.path("symbols")) {
            if (sym.path("symbol").asText().equals(symbol)) {
                return sym.path("stream");
            }
        }
        return NodeReport.JSON.createObjectNode();
    }

    private static String state(JsonNode sample, String symbol) {
        for (JsonNode sym : sample.path("symbols")) {
            if (sym.path("symbol").asText().equals(symbol)) {
                return sym.path("state").asText();
            }
        }
        return "";
    }

    private void gauge(String name, String help, ToDoubleFunction<JsonNode> value) {
        Gauge.builder(name, last, ref -> value.applyAsDouble(ref.get())).description(help).register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<JsonNode> value) {
        FunctionCounter.builder(name, last, ref -> value.applyAsDouble(ref.get())).description(help).register(registry);
    }
}
