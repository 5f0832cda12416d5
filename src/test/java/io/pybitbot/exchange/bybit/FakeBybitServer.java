package io.pybitbot.exchange.bybit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;

/**
 * A local stand-in for Bybit's REST API: verifies signatures and the timestamp window with our signer
 * in reverse, keeps orders by orderLinkId (rejecting duplicates with 110072), serves recorded
 * fixtures, and can be scripted to misbehave per path.
 */
public final class FakeBybitServer implements AutoCloseable {

    /** A scripted reaction to the next request on a path. */
    public sealed interface Script {}
    public record Status(int status, String body) implements Script {}
    public record RetCode(int retCode, String retMsg, Map<String, String> headers) implements Script {}
    /** Create the order, then answer with this HTTP status (the reply is "lost"). */
    public record CreateThenStatus(int status) implements Script {}
    /** Act normally (e.g. create the order), but answer only after a delay (longer than a client timeout). */
    public record RespondLate(Duration delay) implements Script {}

    public record Seen(String method, String path, String query, String body, boolean signed) {}

    private final ActorSystem<?> system;
    private final Materializer mat;
    private final BybitSigner signer;
    private final java.time.InstantSource clock;
    private final AtomicLong skewMs = new AtomicLong();
    private final Map<String, Deque<Script>> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> ordersByLinkId = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger staleTimestamps = new AtomicInteger();
    private final AtomicLong nextOrderId = new AtomicLong(1000);
    private final ServerBinding binding;

    public FakeBybitServer(ActorSystem<?> system, ApiCredentials creds, java.time.InstantSource clock) throws Exception {
        this.system = system;
        this.mat = Materializer.matFromSystem(system);
        this.signer = new BybitSigner(creds);
        this.clock = clock;
        this.binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + binding.localAddress().getPort();
    }

    public void setSkew(long ms) {
        skewMs.set(ms);
    }

    public void script(String path, Script... s) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(s));
    }

    public long serverNow() {
        return clock.millis() + skewMs.get();
    }

    public int orderCount() {
        return ordersByLinkId.size();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    /** Requests refused with 10002 (timestamp outside the recv window). */
    public int staleTimestamps() {
        return staleTimestamps.get();
    }

    /** Every request in arrival order. */
    public List<Seen> seenAll() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public List<Seen> seen(String path) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.path().equals(path)).toList();
        }
    }

    private CompletionStage<HttpResponse> handle(HttpRequest req) {
        return req.entity().toStrict(5000, mat).thenCompose(strict -> {
            String body = strict.getData().utf8String();
            String path = req.getUri().path();
            String query = req.getUri().rawQueryString().orElse("");
            boolean post = req.method().value().equals("POST");
            String apiKey = req.getHeader("X-BAPI-API-KEY").map(h -> h.value()).orElse(null);
            seen.add(new Seen(req.method().value(), path, query, body, apiKey != null));
            if (apiKey != null) {
                long ts = Long.parseLong(req.getHeader("X-BAPI-TIMESTAMP").orElseThrow().value());
                long recv = Long.parseLong(req.getHeader("X-BAPI-RECV-WINDOW").orElseThrow().value());
                String sign = req.getHeader("X-BAPI-SIGN").orElseThrow().value();
                if (!apiKey.equals(signer.apiKey())) {
                    return done(envelope(10003, "API key is invalid.", "{}"));
                }
                if (!signer.verifyRest(ts, recv, post ? body : query, sign)) {
                    badSignatures.incrementAndGet();
                    return done(envelope(10004, "error sign! origin_string[...]", "{}"));
                }
                long now = serverNow();
                if (!(now - recv <= ts && ts < now + 1000)) {
                    staleTimestamps.incrementAndGet();
                    return done(envelope(10002, "invalid request, please check your server timestamp or recv_window param. req_timestamp["
                            + ts + "],server_timestamp[" + now + "],recv_window[" + recv + "]", "{}"));
                }
            }
            Deque<Script> q = scripts.get(path);
            Script s = q == null ? null : q.poll();
            if (s instanceof Status st) {
                return done(HttpResponse.create().withStatus(st.status()).withEntity(ContentTypes.TEXT_PLAIN_UTF8, st.body()));
            }
            if (s instanceof RetCode rc) {
                HttpResponse r = envelope(rc.retCode(), rc.retMsg(), "{}");
                for (Map.Entry<String, String> h : rc.headers().entrySet()) {
                    r = r.addHeader(RawHeader.create(h.getKey(), h.getValue()));
                }
                return done(r);
            }
            HttpResponse normal = route(path, query, body);
            if (s instanceof CreateThenStatus cts) {
                return done(HttpResponse.create().withStatus(cts.status()).withEntity(ContentTypes.TEXT_PLAIN_UTF8, "Bad Gateway"));
            }
            if (s instanceof RespondLate late) {
                return CompletableFuture.supplyAsync(() -> normal,
                        CompletableFuture.delayedExecutor(late.delay().toMillis(), TimeUnit.MILLISECONDS));
            }
            return done(normal);
        });
    }

    private HttpResponse route(String path, String query, String body) {
        Map<String, String> params = parseQuery(query);
        switch (path) {
            case "/v5/market/time": {
                long now = serverNow();
                return envelope(0, "OK", "{\"timeSecond\":\"" + now / 1000 + "\",\"timeNano\":\"" + now * 1_000_000L + "\"}");
            }
            case "/v5/market/tickers": return fixture("market-tickers.json");
            case "/v5/market/kline":
                return params.containsKey("start") ? syntheticKlines(params) : fixture("market-kline.json");
            case "/v5/market/instruments-info":
                // the cursor must arrive byte-identical to what page 1 returned
                return query.contains("cursor=first%3DBTCUSDT%26last%3DBTCUSDT")
                        ? fixture("market-instruments-page2.json") : fixture("market-instruments-page1.json");
            case "/v5/order/create": return create(body);
            case "/v5/order/create-batch": return createBatch(body);
            case "/v5/order/realtime": {
                String link = params.get("orderLinkId");
                String order = link == null ? null : ordersByLinkId.get(link);
                return envelope(0, "OK", "{\"category\":\"linear\",\"nextPageCursor\":\"\",\"list\":["
                        + (order == null ? "" : order) + "]}");
            }
            case "/v5/position/list": return fixture("position-list.json");
            case "/v5/account/wallet-balance": return fixture("account-wallet-balance.json");
            default: return envelope(0, "OK", "{}");
        }
    }

    /** Candles on the interval grid within [start, end], newest first, capped by limit, like Bybit. */
    private HttpResponse syntheticKlines(Map<String, String> p) {
        long step = io.pybitbot.domain.Interval.parse(p.get("interval")).millis();
        long start = Long.parseLong(p.get("start"));
        long end = Long.parseLong(p.getOrDefault("end", Long.toString(serverNow())));
        int limit = Integer.parseInt(p.getOrDefault("limit", "200"));
        List<String> rows = new ArrayList<>();
        long first = Math.floorDiv(start, step) * step;
        for (long t = first; t <= end && rows.size() < limit; t += step) {
            double px = 100 + (t / step) % 7;
            rows.add(0, "[\"" + t + "\",\"" + px + "\",\"" + (px + 1) + "\",\"" + (px - 1) + "\",\"" + px + "\",\"1\",\"" + px + "\"]");
        }
        return envelope(0, "OK", "{\"category\":\"linear\",\"symbol\":\"" + p.get("symbol") + "\",\"list\":["
                + String.join(",", rows) + "]}");
    }

    private HttpResponse create(String body) {
        JsonNode b;
        try {
            b = BybitJson.tree(body);
        } catch (BybitParseException e) {
            return envelope(10001, "params error", "{}");
        }
        Created c = created(b);
        return envelope(c.code(), c.msg(), c.result());
    }

    private record Created(int code, String msg, String result, String orderId) {}

    private Created created(JsonNode b) {
        String link = b.path("orderLinkId").asText();
        synchronized (ordersByLinkId) {
            if (ordersByLinkId.containsKey(link)) {
                return new Created(110072, "OrderLinkedID is duplicate", "{}", "");
            }
            String id = Long.toString(nextOrderId.incrementAndGet());
            ordersByLinkId.put(link, "{\"orderId\":\"" + id + "\",\"orderLinkId\":\"" + link + "\",\"symbol\":\""
                    + b.path("symbol").asText() + "\",\"side\":\"" + b.path("side").asText() + "\",\"orderType\":\""
                    + b.path("orderType").asText() + "\",\"qty\":\"" + b.path("qty").asText()
                    + "\",\"orderStatus\":\"Filled\",\"cumExecQty\":\"" + b.path("qty").asText() + "\"}");
            return new Created(0, "OK", "{\"orderId\":\"" + id + "\",\"orderLinkId\":\"" + link + "\"}", id);
        }
    }

    /** Each order as {@link #create} would answer it, in Bybit's two parallel lists. */
    private HttpResponse createBatch(String body) {
        JsonNode items;
        try {
            items = BybitJson.tree(body).path("request");
        } catch (BybitParseException e) {
            return envelope(10001, "params error", "{}");
        }
        List<String> ids = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (JsonNode item : items) {
            Created c = created(item);
            ids.add("{\"category\":\"linear\",\"symbol\":\"" + item.path("symbol").asText() + "\",\"orderId\":\""
                    + c.orderId() + "\",\"orderLinkId\":\"" + item.path("orderLinkId").asText() + "\",\"createAt\":\"\"}");
            codes.add("{\"code\":" + c.code() + ",\"msg\":\"" + c.msg() + "\"}");
        }
        String json = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[" + String.join(",", ids)
                + "]},\"retExtInfo\":{\"list\":[" + String.join(",", codes) + "]},\"time\":" + serverNow() + "}";
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json);
    }

    private static Map<String, String> parseQuery(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q.isEmpty()) {
            return m;
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private HttpResponse fixture(String name) {
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, Fixtures.load(name))
                .addHeader(RawHeader.create("X-Bapi-Limit", "50"))
                .addHeader(RawHeader.create("X-Bapi-Limit-Status", "49"));
    }

    private HttpResponse envelope(int code, String msg, String result) {
        String json = "{\"retCode\":" + code + ",\"retMsg\":\"" + msg + "\",\"result\":" + result
                + ",\"retExtInfo\":{},\"time\":" + serverNow() + "}";
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json);
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public void close() throws Exception {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
