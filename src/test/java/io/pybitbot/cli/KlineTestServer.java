package io.pybitbot.cli;

import io.pybitbot.domain.Candle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;

/**
 * A local {@code GET /v5/market/kline} serving in-memory candles as Bybit does: newest first, rows of
 * strings, {@code start}/{@code end} inclusive on the candle start, the newest {@code limit} (default
 * 200, at most 1000) of the matching candles; an unknown symbol answers retCode 10001.
 */
final class KlineTestServer implements AutoCloseable {

    record Seen(String symbol, String interval, Long start, Long end, int limit, int returned) {}

    /** A symbol whose every request fails with HTTP 502, like a broken proxy. */
    static final String BROKEN = "BROKENUSDT";

    private final Map<String, List<Candle>> series = new ConcurrentHashMap<>();
    /** Funding settlements per symbol, ascending, served by {@code /v5/market/funding/history}; raw rows allowed. */
    private final Map<String, List<String[]>> funding = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger fundingRequests = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    /** Extra candles newer than {@code end} to add to every page, like an overlapping page. */
    private volatile int overlap;
    private final java.util.concurrent.atomic.AtomicInteger rateLimited = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.function.LongSupplier resetAtMs = () -> 0L;
    private final ServerBinding binding;

    KlineTestServer(ActorSystem<?> system) throws Exception {
        this.binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + binding.localAddress().getPort();
    }

    /** Candles ascending; may include the candle that is still forming. */
    void serve(String symbol, List<Candle> candles) {
        series.put(symbol, List.copyOf(candles));
    }

    /** Settlements as {time, rate} text pairs, ascending (a pair may be garbage, to test validation). */
    void serveFunding(String symbol, List<String[]> settlements) {
        funding.put(symbol, List.copyOf(settlements));
    }

    int fundingRequests() {
        return fundingRequests.get();
    }

    void overlap(int extraNewer) {
        this.overlap = extraNewer;
    }

    /** Answers the next {@code times} requests with 10006 and a reset timestamp from {@code resetAtMs}. */
    void rateLimitNext(int times, java.util.function.LongSupplier resetAtMs) {
        this.resetAtMs = resetAtMs;
        rateLimited.set(times);
    }

    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    void clearSeen() {
        seen.clear();
    }

    private CompletionStage<HttpResponse> handle(HttpRequest req) {
        if (req.getUri().path().equals("/v5/market/funding/history")) {
            return handleFunding(req.getUri().query());
        }
        if (!req.getUri().path().equals("/v5/market/kline")) {
            return done(HttpResponse.create().withStatus(404));
        }
        Query q = req.getUri().query();
        String symbol = q.get("symbol").orElse("");
        String interval = q.get("interval").orElse("");
        Long start = q.get("start").map(Long::parseLong).orElse(null);
        Long end = q.get("end").map(Long::parseLong).orElse(null);
        int limit = q.get("limit").map(Integer::parseInt).orElse(200);
        if (symbol.equals(BROKEN)) {
            seen.add(new Seen(symbol, interval, start, end, limit, 0));
            return done(HttpResponse.create().withStatus(502).withEntity("bad gateway"));
        }
        if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            seen.add(new Seen(symbol, interval, start, end, limit, 0));
            return done(json("{\"retCode\":10006,\"retMsg\":\"Too many visits!\",\"result\":{},\"retExtInfo\":{},\"time\":1}")
                    .addHeader(org.apache.pekko.http.javadsl.model.headers.RawHeader.create(
                            "X-Bapi-Limit-Reset-Timestamp", Long.toString(resetAtMs.getAsLong()))));
        }
        List<Candle> all = series.get(symbol);
        if (all == null || limit < 1 || limit > 1000) {
            seen.add(new Seen(symbol, interval, start, end, limit, 0));
            return done(json("{\"retCode\":10001,\"retMsg\":\"params error: Symbol Is Invalid\",\"result\":{},"
                    + "\"retExtInfo\":{},\"time\":1}"));
        }
        List<Candle> match = new ArrayList<>();
        for (Candle c : all) {
            if ((start == null || c.startMs() >= start) && (end == null || c.startMs() <= end)) {
                match.add(c);
            }
        }
        List<Candle> page = new ArrayList<>(match.subList(Math.max(0, match.size() - limit), match.size()));
        if (overlap > 0 && end != null) {
            all.stream().filter(c -> c.startMs() > end).limit(overlap).forEach(page::add);
        }
        seen.add(new Seen(symbol, interval, start, end, limit, page.size()));
        StringBuilder sb = new StringBuilder("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"symbol\":\"")
                .append(symbol).append("\",\"list\":[");
        for (int i = page.size() - 1; i >= 0; i--) {
            Candle c = page.get(i);
            sb.append("[\"").append(c.startMs()).append("\",\"").append(c.open()).append("\",\"").append(c.high())
                    .append("\",\"").append(c.low()).append("\",\"").append(c.close()).append("\",\"").append(c.volume())
                    .append("\",\"").append(c.turnover()).append("\"]").append(i > 0 ? "," : "");
        }
        sb.append("]},\"retExtInfo\":{},\"time\":1}");
        return done(json(sb.toString()));
    }

    /** Bybit's shape: newest first, at most {@code limit} (200) in [startTime, endTime]. */
    private CompletionStage<HttpResponse> handleFunding(Query q) {
        fundingRequests.incrementAndGet();
        String symbol = q.get("symbol").orElse("");
        long start = q.get("startTime").map(Long::parseLong).orElse(Long.MIN_VALUE);
        long end = q.get("endTime").map(Long::parseLong).orElse(Long.MAX_VALUE);
        int limit = q.get("limit").map(Integer::parseInt).orElse(200);
        List<String[]> match = new ArrayList<>();
        for (String[] f : funding.getOrDefault(symbol, List.of())) {
            long t;
            try {
                t = Long.parseLong(f[0]);
            } catch (NumberFormatException e) {
                t = start; // a garbage row is served with the first page
            }
            if (t >= start && t <= end) {
                match.add(f);
            }
        }
        List<String[]> page = match.subList(Math.max(0, match.size() - limit), match.size());
        StringBuilder sb = new StringBuilder("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[");
        for (int i = page.size() - 1; i >= 0; i--) {
            sb.append("{\"symbol\":\"").append(symbol).append("\",\"fundingRate\":\"").append(page.get(i)[1])
                    .append("\",\"fundingRateTimestamp\":\"").append(page.get(i)[0]).append("\"}")
                    .append(i > 0 ? "," : "");
        }
        sb.append("]},\"retExtInfo\":{},\"time\":1}");
        return done(json(sb.toString()));
    }

    private static HttpResponse json(String body) {
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body);
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public void close() throws Exception {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
