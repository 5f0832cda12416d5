package io.pybitbot.sim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.fill.TimeInForce;
import io.pybitbot.sim.FaultSettings;
import io.pybitbot.sim.SimCore;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.engine.NewOrder;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.sim.engine.SimExecution;
import io.pybitbot.sim.engine.SimOrder;
import io.pybitbot.sim.engine.SimRejection;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Bybit V5 REST semantics without any HTTP library: a {@link Request} in, a {@link Response} out. Checks, in
 * order: per-IP limit (HTTP 403), route (HTTP 404), then for private endpoints API key (10003), recv window
 * (10002), signature (10004) and per-UID limit (10006, with the {@code X-Bapi-Limit*} headers), then the
 * endpoint's own parameters.
 */
public final class RestHandler {

    /** {@code headers} keys are lower case; {@code rawQuery} is the query exactly as sent, without '?'. */
    public record Request(String method, String path, String rawQuery, String body, Map<String, String> headers,
                          String clientIp) {}

    public record Response(int status, String body, Map<String, String> headers) {}

    /** The two server clocks: virtual time (market data, fills) and the server's wall clock (auth freshness). */
    public interface Clocks {
        long virtualNowMs();

        long serverWallMs();
    }

    private static final long DEFAULT_RECV_WINDOW = 5000;
    private static final String BATCH_CREATE = "/v5/order/create-batch";
    /** Bybit's batch page: up to 20 linear orders per request (its rate-limit page says 10; the bot sends 10). */
    private static final int MAX_BATCH = 20;
    /** Categories Bybit has and the simulator lists no instrument of (instruments-info answers an empty list). */
    private static final java.util.Set<String> OTHER_CATEGORIES = java.util.Set.of("spot", "inverse", "option");
    private static final Map<String, String> PUBLIC_ROUTES = Map.of(
            "/v5/market/time", "GET", "/v5/market/kline", "GET", "/v5/market/instruments-info", "GET",
            "/v5/market/tickers", "GET");
    private static final Map<String, String> PRIVATE_ROUTES = Map.ofEntries(
            Map.entry("/v5/order/create", "POST"), Map.entry(BATCH_CREATE, "POST"), Map.entry("/v5/order/cancel", "POST"),
            Map.entry("/v5/order/amend", "POST"), Map.entry("/v5/position/switch-mode", "POST"),
            Map.entry("/v5/order/cancel-all", "POST"), Map.entry("/v5/order/realtime", "GET"),
            Map.entry("/v5/order/history", "GET"), Map.entry("/v5/position/list", "GET"),
            Map.entry("/v5/position/trading-stop", "POST"), Map.entry("/v5/position/set-leverage", "POST"),
            Map.entry("/v5/account/wallet-balance", "GET"), Map.entry("/v5/execution/list", "GET"),
            Map.entry("/v5/account/info", "GET"), Map.entry("/v5/account/fee-rate", "GET"),
            Map.entry("/v5/user/query-api", "GET"), Map.entry("/v5/asset/coin/query-info", "GET"));

    private final SimCore core;
    private final SimSettings settings;
    private final Clocks clocks;
    private final BybitSigner signer;
    private final RateLimits limits;
    private final Random faultRandom;

    public RestHandler(SimCore core, SimSettings settings, Clocks clocks) {
        this.core = core;
        this.settings = settings;
        this.clocks = clocks;
        this.signer = new BybitSigner(new ApiCredentials(settings.apiKey(), settings.apiSecret()));
        this.limits = new RateLimits(settings.ipLimitPer5s());
        this.faultRandom = new Random(settings.faults().seed());
    }

    /** The limits this handler enforces (the WebSocket connect limit is checked against them too). */
    public RateLimits limits() {
        return limits;
    }

    /** What the per-UID limits let through and refused, by endpoint path. */
    public Map<String, RateLimits.EndpointRecord> rateLimitRecord() {
        return limits.record();
    }

    public Response handle(Request r) {
        long wall = clocks.serverWallMs();
        if (settings.enforceRateLimits() && !limits.ip(r.clientIp(), wall)) {
            return new Response(403, "access too frequent", Map.of());
        }
        FaultSettings faults = settings.faults();
        if (faults.serverErrorRate() > 0 && chance(faults.serverErrorRate())) {
            return new Response(503, "<html><body>503 Service Temporarily Unavailable (simulated)</body></html>",
                    Map.of());
        }
        if (!r.method().equals("GET") && !r.method().equals("POST")) {
            return new Response(400, "only GET and POST are served", Map.of());
        }
        boolean isPublic = PUBLIC_ROUTES.containsKey(r.path());
        String method = isPublic ? PUBLIC_ROUTES.get(r.path()) : PRIVATE_ROUTES.get(r.path());
        if (method == null || !method.equals(r.method())) {
            return envelopeResponse(404, 10017, "route not found", null, Map.of());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> params;
        try {
            params = r.method().equals("GET") ? query(r.rawQuery()) : body(r.body());
        } catch (IllegalArgumentException e) {
            return envelopeResponse(200, 10001, "params error: " + e.getMessage(), null, headers);
        }
        int orders = r.path().equals(BATCH_CREATE) ? batchSize(params) : 1;
        int granted = orders;
        if (!isPublic) {
            Response denied = authenticate(r, wall);
            if (denied != null) {
                return denied;
            }
            if (settings.enforceRateLimits()) {
                RateLimits.Verdict v = limits.uid(r.path(), clocks::serverWallMs, orders);
                granted = v.granted();
                headers.put("X-Bapi-Limit", Integer.toString(v.limit()));
                headers.put("X-Bapi-Limit-Status", Integer.toString(v.remaining()));
                headers.put("X-Bapi-Limit-Reset-Timestamp", Long.toString(v.resetMs()));
                if (!v.allowed()) {
                    return envelopeResponse(200, 10006, "Too many visits!", null, headers);
                }
            }
            if (faults.rateLimitRate() > 0 && chance(faults.rateLimitRate())) {
                headers.put("X-Bapi-Limit-Status", "0");
                headers.put("X-Bapi-Limit-Reset-Timestamp", Long.toString(wall + 1000));
                return envelopeResponse(200, 10006, "Too many visits!", null, headers);
            }
        }
        if (r.path().equals(BATCH_CREATE)) {
            return createBatch(params, granted, headers, faults);
        }
        try {
            JsonNode result = route(r.path(), params);
            core.flushEvents();
            if (r.path().equals("/v5/order/create") && faults.loseOrderResponseRate() > 0
                    && chance(faults.loseOrderResponseRate())) {
                return new Response(504, "", Map.of());
            }
            if (r.path().equals("/v5/market/time")) {
                // one reading of the clock for both fields, so clients that sync from either agree
                long ms = Long.parseLong(result.get("timeNano").asText()) / 1_000_000;
                return envelope(200, 0, "OK", result, headers, ms);
            }
            return envelopeResponse(200, 0, "OK", result, headers);
        } catch (SimRejection e) {
            core.flushEvents();
            return envelopeResponse(200, e.retCode(), e.retMsg(), null, headers);
        } catch (IllegalArgumentException e) {
            return envelopeResponse(200, 10001, "params error: " + e.getMessage(), null, headers);
        }
    }

    private synchronized boolean chance(double p) {
        return faultRandom.nextDouble() < p;
    }

    // ------------------------------------------------------------------ auth

    private Response authenticate(Request r, long wall) {
        Map<String, String> h = r.headers();
        String key = h.get("x-bapi-api-key");
        if (key == null || !key.equals(settings.apiKey())) {
            return envelopeResponse(200, 10003, "API key is invalid.", null, Map.of());
        }
        String tsText = h.get("x-bapi-timestamp");
        String rwText = h.getOrDefault("x-bapi-recv-window", Long.toString(DEFAULT_RECV_WINDOW));
        long ts;
        long rw;
        try {
            ts = Long.parseLong(tsText == null ? "" : tsText.trim());
            rw = Long.parseLong(rwText.trim());
        } catch (NumberFormatException e) {
            return envelopeResponse(200, 10001, "params error: X-BAPI-TIMESTAMP and X-BAPI-RECV-WINDOW must be"
                    + " integers (ms)", null, Map.of());
        }
        // Accelerated replay: the virtual clock runs ahead of the wall clock. A client that signs with its own
        // clock and one that synced to /v5/market/time must both pass, so either clock may vouch.
        long virtual = clocks.virtualNowMs();
        if (!fresh(ts, rw, wall) && !fresh(ts, rw, virtual)) {
            return envelopeResponse(200, 10002, "invalid request, please check your server timestamp or recv_window"
                    + " param. req_timestamp[" + ts + "],server_timestamp[" + wall + "],recv_window[" + rw + "]",
                    null, Map.of());
        }
        String payload = r.method().equals("GET") ? (r.rawQuery() == null ? "" : r.rawQuery())
                : (r.body() == null ? "" : r.body());
        if (!signer.verifyRest(ts, rw, payload, h.get("x-bapi-sign"))) {
            return envelopeResponse(200, 10004, "error sign! origin_string[" + ts + key + rw + payload + "]", null,
                    Map.of());
        }
        return null;
    }

    /** Bybit's rule: server - recvWindow &lt;= timestamp &lt; server + 1000. */
    static boolean fresh(long ts, long recvWindow, long server) {
        return server - recvWindow <= ts && ts < server + 1000;
    }

    // ------------------------------------------------------------------ routing

    private JsonNode route(String path, Map<String, String> p) {
        return switch (path) {
            case "/v5/market/time" -> time();
            case "/v5/market/kline" -> kline(p);
            case "/v5/market/instruments-info" -> instruments(p);
            case "/v5/market/tickers" -> tickers(p);
            case "/v5/order/create" -> create(p);
            case "/v5/order/cancel" -> cancel(p);
            case "/v5/order/amend" -> amend(p);
            case "/v5/position/switch-mode" -> switchMode(p);
            case "/v5/order/cancel-all" -> cancelAll(p);
            case "/v5/order/realtime" -> orders(p, true);
            case "/v5/order/history" -> orders(p, false);
            case "/v5/position/list" -> positions(p);
            case "/v5/position/trading-stop" -> tradingStop(p);
            case "/v5/position/set-leverage" -> setLeverage(p);
            case "/v5/account/wallet-balance" -> wallet(p);
            case "/v5/execution/list" -> executions(p);
            case "/v5/account/info" -> AccountEndpoints.accountInfo(core.replayStartMs());
            case "/v5/account/fee-rate" -> AccountEndpoints.feeRate(p, core.specs().values(), settings.fills().fees());
            case "/v5/user/query-api" -> AccountEndpoints.apiKeyInfo(settings.apiKey(), core.replayStartMs());
            case "/v5/asset/coin/query-info" -> AccountEndpoints.coins(p, core.specs().values());
            default -> throw new IllegalStateException("unrouted path " + path);
        };
    }

    private JsonNode time() {
        long now = clocks.virtualNowMs();
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("timeSecond", Long.toString(now / 1000));
        n.put("timeNano", now + "000000");
        return n;
    }

    private JsonNode kline(Map<String, String> p) {
        category(p, false);
        String symbol = required(p, "symbol");
        String code = required(p, "interval");
        Interval interval = Interval.fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                "interval '" + code + "' invalid, expected one of " + Interval.validCodes()));
        if (!core.symbols().contains(symbol)) {
            throw new SimRejection(10001, "Not supported symbols");
        }
        String problem = core.klineProblem(symbol, interval);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int limit = intParam(p, "limit", 200, 1, 1000);
        Long start = longParam(p, "start");
        Long end = longParam(p, "end");
        long len = interval.millis();
        long from = start == null ? Long.MIN_VALUE : Math.floorDiv(start, len) * len;
        long to = end == null ? Long.MAX_VALUE : end;
        List<Candle> rows;
        if (start != null) {
            // forward paging: the `limit` candles from the one containing `start`
            List<Candle> all = core.klines(symbol, interval, from, to, Integer.MAX_VALUE);
            rows = all.subList(Math.max(0, all.size() - limit), all.size());
        } else {
            rows = core.klines(symbol, interval, from, to, limit);
        }
        InstrumentSpec spec = core.specs().get(symbol);
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        n.put("symbol", symbol);
        ArrayNode list = n.putArray("list");
        rows.forEach(c -> list.add(Wire.klineRow(spec, c)));
        return n;
    }

    private JsonNode instruments(Map<String, String> p) {
        String other = p.get("category");
        if (other != null && OTHER_CATEGORIES.contains(other)) {
            // a real exchange lists spot, inverse and options too; the simulator has none of them
            ObjectNode none = Wire.JSON.createObjectNode();
            none.put("category", other);
            none.putArray("list");
            none.put("nextPageCursor", "");
            return none;
        }
        category(p, true);
        String symbol = p.get("symbol");
        String status = p.get("status");
        int limit = intParam(p, "limit", 500, 1, 1000);
        int offset = cursor(p);
        List<InstrumentSpec> specs = new ArrayList<>();
        for (InstrumentSpec s : core.specs().values()) {
            if ((symbol == null || s.symbol().equals(symbol)) && (status == null || status.equals("Trading"))
                    && (p.get("baseCoin") == null || s.symbol().startsWith(p.get("baseCoin")))) {
                specs.add(s);
            }
        }
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        ArrayNode list = n.putArray("list");
        long launch = core.replayStartMs() - 365L * 24 * 3600_000;
        page(specs, offset, limit, n).forEach(s -> list.add(Wire.instrument(s, launch)));
        return n;
    }

    private JsonNode tickers(Map<String, String> p) {
        category(p, true);
        String symbol = p.get("symbol");
        if (symbol != null && !core.symbols().contains(symbol)) {
            throw new SimRejection(10001, "Not supported symbols");
        }
        long now = clocks.virtualNowMs();
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        ArrayNode list = n.putArray("list");
        for (String s : core.symbols()) {
            if (symbol != null && !symbol.equals(s)) {
                continue;
            }
            list.add(ticker(s, now));
        }
        return n;
    }

    private ObjectNode ticker(String symbol, long now) {
        InstrumentSpec spec = core.specs().get(symbol);
        Interval base = core.baseInterval(symbol);
        List<Candle> day = core.klines(symbol, base, now - 24 * 3600_000L, Long.MAX_VALUE, Integer.MAX_VALUE);
        double last = core.engine().lastPrice(symbol);
        double hi = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        double vol = 0;
        double turnover = 0;
        for (Candle c : day) {
            hi = Math.max(hi, c.high());
            lo = Math.min(lo, c.low());
            vol += c.volume();
            turnover += c.turnover();
        }
        double prev24 = day.isEmpty() ? last : day.get(day.size() - 1).open();
        double prev1h = prev24;
        for (Candle c : day) {
            if (c.startMs() >= now - 3600_000L) {
                prev1h = c.open();
            }
        }
        ObjectNode t = Wire.JSON.createObjectNode();
        t.put("symbol", symbol);
        String lastText = Double.isNaN(last) ? "" : Wire.price(spec, last);
        t.put("lastPrice", lastText);
        t.put("indexPrice", lastText);
        t.put("markPrice", lastText);
        t.put("prevPrice24h", Wire.price(spec, prev24));
        t.put("price24hPcnt", Wire.plain(BigDecimal.valueOf(prev24 > 0 ? (last - prev24) / prev24 : 0)
                .setScale(6, java.math.RoundingMode.HALF_UP)));
        t.put("highPrice24h", day.isEmpty() ? lastText : Wire.price(spec, hi));
        t.put("lowPrice24h", day.isEmpty() ? lastText : Wire.price(spec, lo));
        t.put("prevPrice1h", Wire.price(spec, prev1h));
        t.put("openInterest", "0");
        t.put("openInterestValue", "0");
        t.put("turnover24h", Wire.money(turnover));
        t.put("volume24h", Wire.qty(spec, vol));
        t.put("fundingRate", "0");
        long eight = 8 * 3600_000L;
        t.put("nextFundingTime", Long.toString((Math.floorDiv(now, eight) + 1) * eight));
        t.put("predictedDeliveryPrice", "");
        t.put("basisRate", "");
        t.put("deliveryFeeRate", "");
        t.put("deliveryTime", "0");
        if (!Double.isNaN(last)) {
            BigDecimal l = spec.roundPrice(last);
            t.put("ask1Price", l.add(spec.tickSize()).toPlainString());
            t.put("bid1Price", l.subtract(spec.tickSize()).max(spec.tickSize()).toPlainString());
        } else {
            t.put("ask1Price", "");
            t.put("bid1Price", "");
        }
        t.put("ask1Size", spec.maxOrderQty().toPlainString());
        t.put("bid1Size", spec.maxOrderQty().toPlainString());
        t.put("fundingIntervalHour", "8");
        t.put("fundingCap", "0.005");
        return t;
    }

    private JsonNode create(Map<String, String> p) {
        category(p, true);
        positionIdx(p);
        String symbol = required(p, "symbol");
        Side side = side(required(p, "side"));
        String type = required(p, "orderType");
        boolean market;
        if (type.equals("Market")) {
            market = true;
        } else if (type.equals("Limit")) {
            market = false;
        } else {
            throw new IllegalArgumentException("orderType must be Market or Limit, got '" + type + "'");
        }
        if (p.containsKey("triggerPrice")) {
            throw new IllegalArgumentException("conditional orders (triggerPrice) are not supported by the simulator");
        }
        if ("Partial".equals(p.get("tpslMode"))) {
            throw new IllegalArgumentException("tpslMode Partial is not supported by the simulator; use Full");
        }
        TimeInForce tif = null;
        String tifText = p.get("timeInForce");
        if (tifText != null) {
            tif = switch (tifText) {
                case "GTC" -> TimeInForce.GTC;
                case "IOC" -> TimeInForce.IOC;
                case "FOK" -> TimeInForce.FOK;
                case "PostOnly" -> TimeInForce.POST_ONLY;
                default -> throw new IllegalArgumentException("timeInForce must be GTC, IOC, FOK or PostOnly, got '"
                        + tifText + "'");
            };
        }
        NewOrder o = new NewOrder(symbol, side, market, decimal(p, "qty", true), market ? null : decimal(p, "price",
                true), tif, p.get("orderLinkId"), bool(p, "reduceOnly"), bool(p, "closeOnTrigger"),
                nonZero(decimal(p, "takeProfit", false)), nonZero(decimal(p, "stopLoss", false)));
        SimOrder placed = core.engine().place(o, clocks.virtualNowMs());
        return ids(placed);
    }

    /** Orders in a batch request's {@code request} array; 1 when it has none (the request is then refused as such). */
    private static int batchSize(Map<String, String> p) {
        try {
            JsonNode list = Wire.JSON.readTree(p.getOrDefault("request", "[]"));
            return list.isArray() ? Math.max(1, list.size()) : 1;
        } catch (java.io.IOException e) {
            return 1;
        }
    }

    /**
     * {@code /v5/order/create-batch}: each order placed as {@code /v5/order/create} would, answered in two parallel
     * lists (ids in {@code result.list}, code and message in {@code retExtInfo.list}); the orders beyond what the
     * batch's per-order budget {@code granted} draw 10006 each, as Bybit's do.
     */
    private Response createBatch(Map<String, String> p, int granted, Map<String, String> headers, FaultSettings faults) {
        List<Map<String, String>> items = new ArrayList<>();
        try {
            category(p, true);
            JsonNode list = Wire.JSON.readTree(required(p, "request"));
            if (!list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
                throw new IllegalArgumentException("request must list 1 to " + MAX_BATCH + " orders");
            }
            for (JsonNode item : list) {
                if (!item.isObject()) {
                    throw new IllegalArgumentException("each order of request must be an object");
                }
                Map<String, String> one = body(item.toString());
                one.put("category", p.get("category"));
                items.add(one);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return envelopeResponse(200, 10001, "params error: " + e.getMessage(), null, headers);
        }
        ObjectNode result = Wire.JSON.createObjectNode();
        ArrayNode ids = result.putArray("list");
        ObjectNode ext = Wire.JSON.createObjectNode();
        ArrayNode codes = ext.putArray("list");
        for (int i = 0; i < items.size(); i++) {
            Map<String, String> one = items.get(i);
            ObjectNode id = ids.addObject();
            id.put("category", "linear");
            id.put("symbol", one.getOrDefault("symbol", ""));
            id.put("orderId", "");
            id.put("orderLinkId", one.getOrDefault("orderLinkId", ""));
            id.put("createAt", "");
            ObjectNode code = codes.addObject();
            if (i >= granted) {
                code.put("code", 10006);
                code.put("msg", "Too many visits!");
                continue;
            }
            try {
                JsonNode placed = create(one);
                id.put("orderId", placed.get("orderId").asText());
                id.put("createAt", Long.toString(clocks.virtualNowMs()));
                code.put("code", 0);
                code.put("msg", "OK");
            } catch (SimRejection e) {
                code.put("code", e.retCode());
                code.put("msg", e.retMsg());
            } catch (IllegalArgumentException e) {
                code.put("code", 10001);
                code.put("msg", "params error: " + e.getMessage());
            }
        }
        core.flushEvents();
        if (faults.loseOrderResponseRate() > 0 && chance(faults.loseOrderResponseRate())) {
            return new Response(504, "", Map.of());
        }
        return envelope(200, 0, "OK", result, ext, headers, clocks.virtualNowMs());
    }

    private JsonNode cancel(Map<String, String> p) {
        category(p, true);
        String symbol = required(p, "symbol");
        SimOrder c = core.engine().cancel(symbol, p.get("orderId"), p.get("orderLinkId"), clocks.virtualNowMs());
        return ids(c);
    }

    private JsonNode amend(Map<String, String> p) {
        category(p, true);
        String symbol = required(p, "symbol");
        if (p.get("orderId") == null && p.get("orderLinkId") == null) {
            throw new IllegalArgumentException("orderId or orderLinkId is required");
        }
        if (p.containsKey("triggerPrice")) {
            throw new IllegalArgumentException("conditional orders (triggerPrice) are not supported by the simulator");
        }
        SimOrder a = core.engine().amend(symbol, p.get("orderId"), p.get("orderLinkId"), decimal(p, "qty", false),
                decimal(p, "price", false), decimal(p, "takeProfit", false), decimal(p, "stopLoss", false),
                clocks.virtualNowMs());
        return ids(a);
    }

    /** One-way mode is the only mode: asking for it is "not modified" (110025), hedge mode is refused. */
    private JsonNode switchMode(Map<String, String> p) {
        category(p, true);
        if (p.get("symbol") == null && p.get("coin") == null) {
            throw new IllegalArgumentException("symbol or coin is required");
        }
        if (p.get("symbol") != null && !core.symbols().contains(p.get("symbol"))) {
            throw new IllegalArgumentException("symbol invalid: '" + p.get("symbol") + "' is not listed");
        }
        String mode = required(p, "mode");
        if (mode.equals("0")) {
            throw new SimRejection(110025, "Position mode is not modified");
        }
        throw new IllegalArgumentException("mode " + mode + " (hedge) is not supported by the simulator: one-way only");
    }

    private JsonNode cancelAll(Map<String, String> p) {
        category(p, true);
        String symbol = p.get("symbol");
        if (symbol == null && p.get("baseCoin") == null && p.get("settleCoin") == null) {
            throw new IllegalArgumentException("one of symbol, baseCoin or settleCoin is required");
        }
        if (symbol == null && p.get("settleCoin") != null && !"USDT".equals(p.get("settleCoin"))) {
            throw new IllegalArgumentException("settleCoin must be USDT");
        }
        String filter = p.get("orderFilter");
        boolean stops = filter == null || filter.equals("StopOrder") || filter.equals("tpslOrder");
        List<SimOrder> done = new ArrayList<>();
        if (symbol == null && p.get("baseCoin") != null) {
            for (String s : core.symbols()) {
                if (s.startsWith(p.get("baseCoin"))) {
                    done.addAll(core.engine().cancelAll(s, stops, clocks.virtualNowMs()));
                }
            }
        } else {
            done = core.engine().cancelAll(symbol, stops, clocks.virtualNowMs());
        }
        ObjectNode n = Wire.JSON.createObjectNode();
        ArrayNode list = n.putArray("list");
        done.forEach(o -> list.add(ids(o)));
        n.put("success", "1");
        return n;
    }

    private JsonNode orders(Map<String, String> p, boolean realtime) {
        category(p, true);
        String orderId = p.get("orderId");
        String linkId = p.get("orderLinkId");
        String symbol = p.get("symbol");
        if (realtime && symbol == null && orderId == null && linkId == null && p.get("settleCoin") == null
                && p.get("baseCoin") == null) {
            throw new IllegalArgumentException("one of symbol, baseCoin, settleCoin, orderId or orderLinkId is"
                    + " required");
        }
        String baseCoin = p.get("baseCoin");
        String status = p.get("orderStatus");
        boolean closedOnly = "1".equals(p.get("openOnly"));
        Predicate<SimOrder> f = o -> (orderId == null || o.orderId().equals(orderId))
                && (linkId == null || o.orderLinkId().equals(linkId))
                && (symbol == null || o.symbol().equals(symbol))
                && (baseCoin == null || o.symbol().startsWith(baseCoin))
                && (status == null || o.status().equals(status));
        if (realtime) {
            f = f.and(o -> closedOnly != o.isOpen());
        }
        List<SimOrder> all = core.engine().orders(f);
        if (realtime && closedOnly && all.size() > 500) {
            all = all.subList(0, 500);
        }
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        ArrayNode list = n.putArray("list");
        page(all, cursor(p), intParam(p, "limit", 20, 1, 50), n).forEach(o -> list.add(Wire.order(o, core.specs().get(o.symbol()))));
        return n;
    }

    private JsonNode positions(Map<String, String> p) {
        category(p, true);
        String symbol = p.get("symbol");
        List<PositionView> rows = new ArrayList<>();
        if (symbol != null) {
            rows.add(core.engine().position(symbol));
        } else if (p.get("settleCoin") != null || p.get("baseCoin") != null) {
            if (p.get("settleCoin") != null && !"USDT".equals(p.get("settleCoin"))) {
                throw new IllegalArgumentException("settleCoin must be USDT");
            }
            for (PositionView v : core.engine().openPositions()) {
                if (p.get("baseCoin") == null || v.symbol().startsWith(p.get("baseCoin"))) {
                    rows.add(v);
                }
            }
        } else {
            throw new IllegalArgumentException("symbol or settleCoin is required");
        }
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        ArrayNode list = n.putArray("list");
        page(rows, cursor(p), intParam(p, "limit", 20, 1, 200), n).forEach(v -> list.add(Wire.position(v, false, core.specs().get(v.symbol()))));
        return n;
    }

    private JsonNode tradingStop(Map<String, String> p) {
        category(p, true);
        String symbol = required(p, "symbol");
        String mode = required(p, "tpslMode");
        if (!mode.equals("Full")) {
            throw new IllegalArgumentException("tpslMode must be Full (Partial is not supported by the simulator)");
        }
        if (!p.containsKey("positionIdx")) {
            throw new IllegalArgumentException("positionIdx is required");
        }
        positionIdx(p);
        core.engine().tradingStop(symbol, decimal(p, "takeProfit", false), decimal(p, "stopLoss", false),
                decimal(p, "trailingStop", false), decimal(p, "activePrice", false), clocks.virtualNowMs());
        return Wire.JSON.createObjectNode();
    }

    private JsonNode setLeverage(Map<String, String> p) {
        category(p, true);
        String symbol = required(p, "symbol");
        core.engine().setLeverage(symbol, decimal(p, "buyLeverage", true), decimal(p, "sellLeverage", true),
                clocks.virtualNowMs());
        return Wire.JSON.createObjectNode();
    }

    private JsonNode wallet(Map<String, String> p) {
        String type = required(p, "accountType");
        if (!type.equals("UNIFIED")) {
            throw new IllegalArgumentException("accountType only support UNIFIED");
        }
        ObjectNode account = Wire.wallet(core.engine().wallet());
        String coin = p.get("coin");
        if (coin != null && !List.of(coin.split(",")).contains("USDT")) {
            account.putArray("coin");
        }
        ObjectNode n = Wire.JSON.createObjectNode();
        n.putArray("list").add(account);
        return n;
    }

    private JsonNode executions(Map<String, String> p) {
        category(p, true);
        String orderId = p.get("orderId");
        String linkId = p.get("orderLinkId");
        String symbol = p.get("symbol");
        Long start = longParam(p, "startTime");
        Long end = longParam(p, "endTime");
        long now = clocks.virtualNowMs();
        long week = 7L * 24 * 3600_000;
        long from;
        long to;
        if (start == null && end == null) {
            to = Long.MAX_VALUE;
            from = now - week;
        } else if (start == null) {
            to = end;
            from = end - week;
        } else {
            from = start;
            to = end == null ? start + week : end;
        }
        if (to != Long.MAX_VALUE && to - from > week) {
            throw new IllegalArgumentException("startTime and endTime must be at most 7 days apart");
        }
        String execType = p.get("execType");
        Predicate<SimExecution> f = e -> (orderId == null || e.orderId().equals(orderId))
                && (linkId == null || e.orderLinkId().equals(linkId))
                && (symbol == null || e.symbol().equals(symbol))
                && (execType == null || execType.equals(e.execType()))
                && e.execTime() >= from && e.execTime() <= to;
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        ArrayNode list = n.putArray("list");
        page(core.engine().executions(f), cursor(p), intParam(p, "limit", 50, 1, 100), n)
                .forEach(e -> list.add(Wire.execution(e, false)));
        return n;
    }

    // ------------------------------------------------------------------ parameters

    private static ObjectNode ids(SimOrder o) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("orderId", o.orderId());
        n.put("orderLinkId", o.orderLinkId());
        return n;
    }

    private static <T> List<T> page(List<T> all, int offset, int limit, ObjectNode result) {
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        result.put("nextPageCursor", to < all.size() ? Integer.toString(to) : "");
        return all.subList(from, to);
    }

    private static int cursor(Map<String, String> p) {
        String c = p.get("cursor");
        if (c == null || c.isEmpty()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(c);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor '" + c + "' invalid: pass nextPageCursor back unchanged");
        }
    }

    private static void category(Map<String, String> p, boolean required) {
        String c = p.get("category");
        if (c == null && required) {
            throw new IllegalArgumentException("category is required");
        }
        if (c != null && !c.equals("linear")) {
            throw new SimRejection(10001, "Illegal category: the simulator serves category=linear only");
        }
    }

    private static void positionIdx(Map<String, String> p) {
        String idx = p.get("positionIdx");
        if (idx != null && !idx.equals("0")) {
            throw new SimRejection(10001, "position idx not match position mode");
        }
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static Side side(String s) {
        try {
            return Side.fromWire(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("side must be Buy or Sell, got '" + s + "'");
        }
    }

    private static BigDecimal decimal(Map<String, String> p, String name, boolean required) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException(name + " is required");
            }
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, got '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a decimal number, got '" + v + "'");
        }
    }

    private static BigDecimal nonZero(BigDecimal v) {
        return v == null || v.signum() == 0 ? null : v;
    }

    private static boolean bool(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
        };
    }

    private static int intParam(Map<String, String> p, String name, int dflt, int min, int max) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer in [" + min + ", " + max + "], got '" + v
                    + "'");
        }
    }

    private static Long longParam(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be epoch milliseconds, got '" + v + "'");
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    static Map<String, String> body(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return m;
        }
        JsonNode root;
        try {
            root = Wire.JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("request body is not valid JSON");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        root.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isNull()) {
                m.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        });
        return m;
    }

    private Response envelopeResponse(int status, int code, String msg, JsonNode result, Map<String, String> headers) {
        return envelope(status, code, msg, result, headers, clocks.virtualNowMs());
    }

    private static Response envelope(int status, int code, String msg, JsonNode result, Map<String, String> headers,
                                     long timeMs) {
        return envelope(status, code, msg, result, null, headers, timeMs);
    }

    private static Response envelope(int status, int code, String msg, JsonNode result, JsonNode extInfo,
                                     Map<String, String> headers, long timeMs) {
        ObjectNode env = Wire.JSON.createObjectNode();
        env.put("retCode", code);
        env.put("retMsg", msg);
        if (result == null) {
            env.putObject("result");
        } else {
            env.set("result", result);
        }
        if (extInfo == null) {
            env.putObject("retExtInfo");
        } else {
            env.set("retExtInfo", extInfo);
        }
        env.put("time", timeMs);
        return new Response(status, env.toString(), headers);
    }
}
