package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's acceptance check: a Bybit V5 client that shares no code with the bot's adapter (only the JDK's HTTP and
 * WebSocket clients, {@code javax.crypto.Mac} and Jackson for reading) works against the simulator by changing only
 * its base URL. The client signs from the published rules, the way pybit does (alphabetically sorted query, the
 * body sent is exactly the string signed), and uses its own wall clock as a real client would.
 */
class IndependentClientTest {

    static final String KEY = "indep-key";
    static final String SECRET = "indep-secret";
    static final ActorTestKit testKit = ActorTestKit.create("IndependentClientTest");

    SimulatedExchange sim;
    ThirdPartyRest rest;

    @BeforeEach
    void start() {
        // A fresh exchange per test so no test sees another's orders; only the base URL is handed to the client.
        SimSettings settings = SimSettings.defaults().withPort(0).withSpeed(Speed.MANUAL).withKeys(KEY, SECRET)
                .withData("synthetic", List.of("BTCUSDT", "ETHUSDT"));
        sim = SimulatedExchange.start(settings, testKit.system());
        rest = new ThirdPartyRest(sim.restBaseUrl(), KEY, SECRET, System::currentTimeMillis);
    }

    @AfterEach
    void stop() {
        sim.stop();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void clientSignsTheReferenceVectors() {
        ThirdPartyRest vectors = new ThirdPartyRest("http://unused", "XXXXXXXXXX", "YYYYYYYYYY", () -> 0L);
        assertEquals("6a9f63fe296ae0989e381888863256d62fc6d7e594b5118737591b952e9993de",
                vectors.sign("1658384314791", "category=linear&symbol=BTCUSDT"));
        String body = ThirdPartyRest.compactJson(linked("category", "linear", "symbol", "BTCUSDT", "side", "Buy",
                "orderType", "Market", "qty", "0.001"));
        assertEquals("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\","
                + "\"qty\":\"0.001\"}", body);
        assertEquals("adfaf08ce460979eef1c50a624a80811df77afc845548cbd33b39f9c5914e9bd",
                vectors.sign("1658384314791", body));
        assertEquals("9c4c0629fddfee26ca0da50a7fed51968fce6935d34b02e772d3bd0c34327bd1",
                ThirdPartyRest.hmacHex("YYYYYYYYYY", "GET/realtime1662350400000"));
    }

    @Test
    void publicMarketData() {
        JsonNode time = rest.get("/v5/market/time", Map.of());
        assertEquals(0, time.get("retCode").asInt(), time::toString);
        long envelopeMs = time.get("time").asLong();
        assertEquals(envelopeMs / 1000, time.at("/result/timeSecond").asLong());
        assertEquals(envelopeMs * 1_000_000, Long.parseLong(time.at("/result/timeNano").asText()));

        JsonNode kline = rest.get("/v5/market/kline", Map.of("category", "linear", "symbol", "BTCUSDT",
                "interval", "1", "limit", "5"));
        assertEquals(0, kline.get("retCode").asInt(), kline::toString);
        assertEquals("BTCUSDT", kline.at("/result/symbol").asText());
        JsonNode rows = kline.at("/result/list");
        assertEquals(5, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(7, row.size(), row::toString);
            BigDecimal open = new BigDecimal(row.get(1).asText());
            BigDecimal high = new BigDecimal(row.get(2).asText());
            BigDecimal low = new BigDecimal(row.get(3).asText());
            BigDecimal close = new BigDecimal(row.get(4).asText());
            assertTrue(high.compareTo(open.max(close)) >= 0 && low.compareTo(open.min(close)) <= 0, row::toString);
            if (i > 0) { // newest first, one minute apart
                assertEquals(rows.get(i - 1).get(0).asLong() - 60_000, row.get(0).asLong(), rows::toString);
            }
        }

        JsonNode info = rest.get("/v5/market/instruments-info", Map.of("category", "linear", "symbol", "BTCUSDT"));
        assertEquals(0, info.get("retCode").asInt(), info::toString);
        JsonNode btc = info.at("/result/list/0");
        assertEquals("BTCUSDT", btc.get("symbol").asText());
        assertEquals("Trading", btc.get("status").asText());
        assertEquals("LinearPerpetual", btc.get("contractType").asText());
        assertTrue(new BigDecimal(btc.at("/priceFilter/tickSize").asText()).signum() > 0, btc::toString);
        assertTrue(new BigDecimal(btc.at("/lotSizeFilter/qtyStep").asText()).signum() > 0, btc::toString);

        JsonNode tickers = rest.get("/v5/market/tickers", Map.of("category", "linear", "symbol", "BTCUSDT"));
        assertEquals(0, tickers.get("retCode").asInt(), tickers::toString);
        JsonNode ticker = tickers.at("/result/list/0");
        assertEquals("BTCUSDT", ticker.get("symbol").asText());
        // The ticker's last price is the forming candle's close, the newest kline row.
        assertEquals(0, new BigDecimal(ticker.get("lastPrice").asText())
                .compareTo(new BigDecimal(rows.get(0).get(4).asText())), () -> ticker + " vs " + rows.get(0));
    }

    @Test
    void tradingRoundTrip() {
        Instrument btc = instrument("BTCUSDT");
        BigDecimal last = lastPrice("BTCUSDT");
        JsonNode leverage = rest.post("/v5/position/set-leverage", linked("category", "linear", "symbol", "BTCUSDT",
                "buyLeverage", "5", "sellLeverage", "5"));
        assertEquals(0, leverage.get("retCode").asInt(), leverage::toString);

        BigDecimal qty = btc.minQty(last);
        BigDecimal takeProfit = btc.price(last.multiply(new BigDecimal("1.10")));
        // A whole price written with the tick's decimals ("728.0"), as a user would type it.
        BigDecimal stopLoss = last.multiply(new BigDecimal("0.90")).setScale(0, RoundingMode.FLOOR)
                .setScale(btc.tick().scale());
        Map<String, Object> order = linked("category", "linear", "symbol", "BTCUSDT", "side", "Buy",
                "orderType", "Market", "qty", qty.toPlainString(), "takeProfit", takeProfit.toPlainString(),
                "stopLoss", stopLoss.toPlainString(), "orderLinkId", "indep-entry-1");
        JsonNode created = rest.post("/v5/order/create", order);
        long answered = System.nanoTime();
        assertEquals(0, created.get("retCode").asInt(), created::toString);
        assertEquals("indep-entry-1", created.at("/result/orderLinkId").asText());
        String orderId = created.at("/result/orderId").asText();
        assertFalse(orderId.isEmpty());

        JsonNode duplicate = rest.post("/v5/order/create", order);
        assertEquals(110072, duplicate.get("retCode").asInt(), duplicate::toString);

        // The replay clock does not move (manual speed): as on Bybit, the market order filled on arrival, so its
        // position and execution are there as soon as a client asks, well within a second.
        JsonNode positions = awaitWithinOneSecond(answered, () -> rest.get("/v5/position/list",
                Map.of("category", "linear", "symbol", "BTCUSDT")), r -> "Buy".equals(r.at("/result/list/0/side").asText()));
        awaitWithinOneSecond(answered, () -> rest.get("/v5/execution/list", Map.of("category", "linear",
                "orderLinkId", "indep-entry-1")), r -> r.at("/result/list").size() == 1);
        assertEquals(0, positions.get("retCode").asInt(), positions::toString);
        JsonNode position = positions.at("/result/list/0");
        assertEquals("Buy", position.get("side").asText(), position::toString);
        assertEquals(0, qty.compareTo(new BigDecimal(position.get("size").asText())), position::toString);
        // The exact text sent comes back (Bybit writes TP/SL at the price scale), so string comparison works too.
        assertEquals(stopLoss.toPlainString(), position.get("stopLoss").asText(), position::toString);
        assertEquals(takeProfit.toPlainString(), position.get("takeProfit").asText(), position::toString);
        assertEquals(0, new BigDecimal("5").compareTo(new BigDecimal(position.get("leverage").asText())));

        JsonNode executions = rest.get("/v5/execution/list", Map.of("category", "linear", "symbol", "BTCUSDT"));
        assertEquals(0, executions.get("retCode").asInt(), executions::toString);
        JsonNode fill = executions.at("/result/list/0");
        assertEquals(orderId, fill.get("orderId").asText());
        assertEquals("indep-entry-1", fill.get("orderLinkId").asText());
        assertEquals("Buy", fill.get("side").asText());
        assertEquals(0, qty.compareTo(new BigDecimal(fill.get("execQty").asText())), fill::toString);
        BigDecimal fee = new BigDecimal(fill.get("execFee").asText());
        assertTrue(fee.signum() > 0, fill::toString);
        assertEquals(0, new BigDecimal(position.get("avgPrice").asText())
                .compareTo(new BigDecimal(fill.get("execPrice").asText())), () -> position + " vs " + fill);

        JsonNode wallet = rest.get("/v5/account/wallet-balance", Map.of("accountType", "UNIFIED"));
        assertEquals(0, wallet.get("retCode").asInt(), wallet::toString);
        JsonNode account = wallet.at("/result/list/0");
        assertEquals("UNIFIED", account.get("accountType").asText());
        JsonNode usdt = account.at("/coin/0");
        assertEquals("USDT", usdt.get("coin").asText());
        // Nothing was closed, so the wallet is the deposit less the one taker fee.
        assertEquals(0, new BigDecimal("10000").subtract(fee).compareTo(new BigDecimal(usdt.get("walletBalance")
                .asText())), wallet::toString);

        BigDecimal tighterStop = btc.price(last.multiply(new BigDecimal("0.95")));
        JsonNode stop = rest.post("/v5/position/trading-stop", linked("category", "linear", "symbol", "BTCUSDT",
                "tpslMode", "Full", "positionIdx", 0, "stopLoss", tighterStop.toPlainString()));
        assertEquals(0, stop.get("retCode").asInt(), stop::toString);
        JsonNode moved = rest.get("/v5/position/list", Map.of("category", "linear", "symbol", "BTCUSDT"))
                .at("/result/list/0");
        assertEquals(tighterStop.toPlainString(), moved.get("stopLoss").asText(), moved::toString);
        assertNotEquals(0, tighterStop.compareTo(stopLoss));

        BigDecimal farBelow = btc.price(last.multiply(new BigDecimal("0.80")));
        JsonNode resting = rest.post("/v5/order/create", linked("category", "linear", "symbol", "BTCUSDT",
                "side", "Buy", "orderType", "Limit", "qty", btc.minQty(farBelow).toPlainString(),
                "price", farBelow.toPlainString(), "timeInForce", "GTC", "orderLinkId", "indep-rest-1"));
        assertEquals(0, resting.get("retCode").asInt(), resting::toString);
        String restingId = resting.at("/result/orderId").asText();
        JsonNode open = rest.get("/v5/order/realtime", Map.of("category", "linear", "symbol", "BTCUSDT"));
        assertEquals(restingId, open.at("/result/list/0/orderId").asText(), open::toString);

        JsonNode cancelAll = rest.post("/v5/order/cancel-all", linked("category", "linear", "symbol", "BTCUSDT"));
        assertEquals(0, cancelAll.get("retCode").asInt(), cancelAll::toString);
        List<String> cancelled = new ArrayList<>();
        cancelAll.at("/result/list").forEach(o -> cancelled.add(o.get("orderId").asText()));
        assertTrue(cancelled.contains(restingId), cancelAll::toString);
        JsonNode openAfter = rest.get("/v5/order/realtime", Map.of("category", "linear", "symbol", "BTCUSDT"));
        assertEquals(0, openAfter.at("/result/list").size(), openAfter::toString);
    }

    @Test
    void badSignatureAndStaleTimestampAreRefused() {
        Map<String, String> query = Map.of("category", "linear", "symbol", "BTCUSDT");
        ThirdPartyRest wrongSecret = new ThirdPartyRest(sim.restBaseUrl(), KEY, "not-the-secret",
                System::currentTimeMillis);
        JsonNode badSign = wrongSecret.get("/v5/position/list", query);
        assertEquals(10004, badSign.get("retCode").asInt(), badSign::toString);
        assertFalse(badSign.toString().contains(SECRET));

        // an hour behind: stale by the wall clock and by the replay's clock, which starts aligned down to the
        // longest interval and so may itself trail the wall clock by minutes (either clock may vouch)
        ThirdPartyRest hourBehind = new ThirdPartyRest(sim.restBaseUrl(), KEY, SECRET,
                () -> System.currentTimeMillis() - 3_600_000);
        JsonNode stale = hourBehind.get("/v5/position/list", query);
        assertEquals(10002, stale.get("retCode").asInt(), stale::toString);

        // The same request from the right clock and secret goes through: the refusals were about those two.
        assertEquals(0, rest.get("/v5/position/list", query).get("retCode").asInt());
    }

    @Test
    void publicKlineStreamPushesFormingAndConfirmedCandles() {
        try (ThirdPartyWs ws = ThirdPartyWs.connect(sim.publicWsUrl())) {
            ws.send("{\"req_id\":\"k1\",\"op\":\"subscribe\",\"args\":[\"kline.1.BTCUSDT\"]}");
            JsonNode ack = ws.await(f -> "subscribe".equals(f.path("op").asText()));
            assertTrue(ack.get("success").asBoolean(), ack::toString);
            assertEquals("k1", ack.get("req_id").asText());

            sim.step(1);
            JsonNode forming = ws.await(f -> "kline.1.BTCUSDT".equals(f.path("topic").asText()));
            JsonNode candle = forming.at("/data/0");
            assertFalse(candle.get("confirm").asBoolean(), forming::toString);
            assertEquals("1", candle.get("interval").asText());
            long start = candle.get("start").asLong();
            assertEquals(start + 59_999, candle.get("end").asLong());

            sim.step(3); // past the end of that minute
            JsonNode confirmed = ws.await(f -> "kline.1.BTCUSDT".equals(f.path("topic").asText())
                    && f.at("/data/0/confirm").asBoolean());
            assertEquals(start, confirmed.at("/data/0/start").asLong(), confirmed::toString);
            BigDecimal high = new BigDecimal(confirmed.at("/data/0/high").asText());
            BigDecimal low = new BigDecimal(confirmed.at("/data/0/low").asText());
            assertTrue(high.compareTo(low) >= 0, confirmed::toString);
        }
    }

    @Test
    void privateStreamsPushTheOrderAndPositionOfALaterOrder() {
        try (ThirdPartyWs ws = ThirdPartyWs.connect(sim.privateWsUrl())) {
            long expires = System.currentTimeMillis() + 10_000;
            String signature = ThirdPartyRest.hmacHex(SECRET, "GET/realtime" + expires);
            ws.send("{\"req_id\":\"a1\",\"op\":\"auth\",\"args\":[\"" + KEY + "\"," + expires + ",\"" + signature
                    + "\"]}");
            JsonNode auth = ws.await(f -> "auth".equals(f.path("op").asText()));
            assertTrue(auth.get("success").asBoolean(), auth::toString);
            ws.send("{\"req_id\":\"s1\",\"op\":\"subscribe\",\"args\":[\"order\",\"execution\",\"position\"]}");
            JsonNode ack = ws.await(f -> "subscribe".equals(f.path("op").asText()));
            assertTrue(ack.get("success").asBoolean(), ack::toString);

            Instrument eth = instrument("ETHUSDT");
            BigDecimal qty = eth.minQty(lastPrice("ETHUSDT"));
            JsonNode created = rest.post("/v5/order/create", linked("category", "linear", "symbol", "ETHUSDT",
                    "side", "Sell", "orderType", "Market", "qty", qty.toPlainString(), "orderLinkId", "indep-ws-1"));
            assertEquals(0, created.get("retCode").asInt(), created::toString);
            // no clock step: the fill happened on arrival and was pushed at once

            // Bybit may batch several updates into one frame's data array, so every item is looked at.
            Predicate<JsonNode> ourFill = d -> "indep-ws-1".equals(d.path("orderLinkId").asText())
                    && "Filled".equals(d.path("orderStatus").asText());
            JsonNode filled = ws.await(f -> "order".equals(f.path("topic").asText()) && item(f, ourFill) != null);
            JsonNode o = item(filled, ourFill);
            assertEquals(created.at("/result/orderId").asText(), o.get("orderId").asText());
            assertEquals("ETHUSDT", o.get("symbol").asText());
            assertEquals("Sell", o.get("side").asText());
            assertEquals(0, qty.compareTo(new BigDecimal(o.get("cumExecQty").asText())), o::toString);

            Predicate<JsonNode> openEth = d -> "ETHUSDT".equals(d.path("symbol").asText())
                    && new BigDecimal(d.path("size").asText("0")).signum() > 0;
            JsonNode position = ws.await(f -> "position".equals(f.path("topic").asText()) && item(f, openEth) != null);
            JsonNode p = item(position, openEth);
            assertEquals("Sell", p.get("side").asText(), position::toString);
            assertEquals(0, qty.compareTo(new BigDecimal(p.get("size").asText())), position::toString);
            assertEquals(0, new BigDecimal(o.get("avgPrice").asText())
                    .compareTo(new BigDecimal(p.get("entryPrice").asText())), () -> o + " vs " + p);

            Predicate<JsonNode> ourExec = d -> "indep-ws-1".equals(d.path("orderLinkId").asText());
            JsonNode execution = ws.await(f -> "execution".equals(f.path("topic").asText()) && item(f, ourExec) != null);
            JsonNode x = item(execution, ourExec);
            assertEquals(0, qty.compareTo(new BigDecimal(x.get("execQty").asText())), x::toString);
            assertEquals(0, new BigDecimal(x.get("execPrice").asText())
                    .compareTo(new BigDecimal(o.get("avgPrice").asText())), () -> x + " vs " + o);
            assertFalse(x.get("isMaker").asBoolean(), x::toString);
        }
    }

    /** Polls {@code request} until {@code done}; fails if that takes more than a second after {@code since}. */
    static JsonNode awaitWithinOneSecond(long since, java.util.function.Supplier<JsonNode> request,
                                         Predicate<JsonNode> done) {
        while (true) {
            JsonNode r = request.get();
            if (done.test(r)) {
                return r;
            }
            if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(1)) {
                throw new AssertionError("not there within one second of the create: " + r);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---- helpers a client author would write ----

    /** The first item of a push's {@code data} array that matches, or null. */
    static JsonNode item(JsonNode frame, Predicate<JsonNode> wanted) {
        for (JsonNode d : frame.path("data")) {
            if (wanted.test(d)) {
                return d;
            }
        }
        return null;
    }

    record Instrument(BigDecimal tick, BigDecimal qtyStep, BigDecimal minQty, BigDecimal minNotional) {
        BigDecimal price(BigDecimal raw) {
            return raw.divide(tick, 0, RoundingMode.HALF_UP).multiply(tick);
        }

        /** The smallest quantity on the step that is at least the minimum and twice the minimum notional. */
        BigDecimal minQty(BigDecimal price) {
            BigDecimal notionalQty = minNotional.multiply(BigDecimal.valueOf(2))
                    .divide(price.multiply(qtyStep), 0, RoundingMode.UP).multiply(qtyStep);
            return notionalQty.max(minQty);
        }
    }

    Instrument instrument(String symbol) {
        JsonNode i = rest.get("/v5/market/instruments-info", Map.of("category", "linear", "symbol", symbol))
                .at("/result/list/0");
        return new Instrument(new BigDecimal(i.at("/priceFilter/tickSize").asText()),
                new BigDecimal(i.at("/lotSizeFilter/qtyStep").asText()),
                new BigDecimal(i.at("/lotSizeFilter/minOrderQty").asText()),
                new BigDecimal(i.at("/lotSizeFilter/minNotionalValue").asText("5")));
    }

    BigDecimal lastPrice(String symbol) {
        return new BigDecimal(rest.get("/v5/market/tickers", Map.of("category", "linear", "symbol", symbol))
                .at("/result/list/0/lastPrice").asText());
    }

    static Map<String, Object> linked(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** REST half of the third-party client: JDK HTTP, HMAC-SHA256 from the published string-to-sign. */
    static final class ThirdPartyRest {
        private static final ObjectMapper READER = new ObjectMapper();
        private static final String RECV_WINDOW = "5000";
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String baseUrl;
        private final String apiKey;
        private final String secret;
        private final LongSupplier clockMs;

        ThirdPartyRest(String baseUrl, String apiKey, String secret, LongSupplier clockMs) {
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
            this.secret = secret;
            this.clockMs = clockMs;
        }

        /** GET with the parameters in alphabetical order (as pybit sends them); signed when not market data. */
        JsonNode get(String path, Map<String, String> params) {
            StringBuilder query = new StringBuilder();
            new TreeMap<>(params).forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path
                    + (query.isEmpty() ? "" : "?" + query))).GET();
            if (!path.startsWith("/v5/market/")) {
                authHeaders(b, query.toString());
            }
            return send(b);
        }

        /** POST whose body is the exact compact JSON string that was signed. */
        JsonNode post(String path, Map<String, Object> body) {
            String json = compactJson(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            authHeaders(b, json);
            return send(b);
        }

        private void authHeaders(HttpRequest.Builder b, String payload) {
            String timestamp = Long.toString(clockMs.getAsLong());
            b.header("X-BAPI-API-KEY", apiKey).header("X-BAPI-TIMESTAMP", timestamp)
                    .header("X-BAPI-RECV-WINDOW", RECV_WINDOW).header("X-BAPI-SIGN-TYPE", "2")
                    .header("X-BAPI-SIGN", sign(timestamp, payload));
        }

        String sign(String timestamp, String payload) {
            return hmacHex(secret, timestamp + apiKey + RECV_WINDOW + payload);
        }

        static String hmacHex(String secret, String message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }

        /** Flat JSON object of strings, numbers and booleans, no spaces, in the map's order. */
        static String compactJson(Map<String, Object> body) {
            StringBuilder sb = new StringBuilder("{");
            body.forEach((k, v) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(quote(k)).append(':');
                sb.append(v instanceof String s ? quote(s) : String.valueOf(v));
            });
            return sb.append('}').toString();
        }

        private static String quote(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append('"').toString();
        }

        private JsonNode send(HttpRequest.Builder b) {
            try {
                HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r::body); // Bybit answers business errors with HTTP 200
                return READER.readTree(r.body());
            } catch (IOException e) {
                throw new AssertionError("request failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** WebSocket half: the JDK client, every text frame parsed and queued. */
    static final class ThirdPartyWs implements WebSocket.Listener, AutoCloseable {
        private static final ObjectMapper READER = new ObjectMapper();
        private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final List<JsonNode> skipped = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static ThirdPartyWs connect(String url) {
            ThirdPartyWs ws = new ThirdPartyWs();
            ws.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), ws).join();
            return ws;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        /** The first frame, received or still to come (up to 10 s), that matches; the others stay available. */
        JsonNode await(Predicate<JsonNode> wanted) {
            for (int i = 0; i < skipped.size(); i++) {
                if (wanted.test(skipped.get(i))) {
                    return skipped.remove(i);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                while (true) {
                    JsonNode f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (f == null) {
                        throw new AssertionError("no matching frame; received meanwhile: " + skipped);
                    }
                    if (wanted.test(f)) {
                        return f;
                    }
                    skipped.add(f);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(READER.readTree(partial.toString()));
                } catch (IOException e) {
                    frames.add(READER.createObjectNode().put("unparseable", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
