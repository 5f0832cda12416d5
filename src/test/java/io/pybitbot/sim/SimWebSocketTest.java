package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import io.pybitbot.exchange.bybit.ws.BybitWsParser;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Golden tests of the public and private WebSocket protocols over real sockets. */
class SimWebSocketTest {

    static final ActorTestKit testKit = ActorTestKit.create("SimWebSocketTest");
    static MutableClock wall;
    static SimulatedExchange sim;
    static SimHttp client;
    static final BybitSigner SIGNER = new BybitSigner(new ApiCredentials(SimSettings.DEFAULT_API_KEY,
            SimSettings.DEFAULT_API_SECRET));

    @BeforeAll
    static void start() {
        wall = new MutableClock(SimRestTest.START);
        sim = SimulatedExchange.start(SimRestTest.settings(), testKit.system(), wall);
        client = new SimHttp(sim.restBaseUrl(), SimSettings.DEFAULT_API_KEY, SimSettings.DEFAULT_API_SECRET,
                wall::millis);
    }

    @AfterAll
    static void stop() {
        sim.stop();
        testKit.shutdownTestKit();
    }

    @Test
    void publicSubscribePingAndUnknownTopics() {
        try (WsProbe ws = new WsProbe(sim.publicWsUrl())) {
            ws.send("{\"req_id\":\"s1\",\"op\":\"subscribe\",\"args\":[\"kline.1.BTCUSDT\",\"kline.5.ETHUSDT\"]}");
            JsonNode ack = ws.awaitOp("subscribe");
            assertTrue(ack.get("success").asBoolean(), ack::toString);
            assertEquals("s1", ack.get("req_id").asText());
            assertEquals("", ack.get("ret_msg").asText());
            assertTrue(ack.has("conn_id"));
            ws.send("{\"req_id\":\"p1\",\"op\":\"ping\"}");
            JsonNode pong = ws.awaitOp("ping");
            assertEquals("pong", pong.get("ret_msg").asText());
            assertEquals("p1", pong.get("req_id").asText());
            ws.send("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}");
            JsonNode bad = ws.awaitOp("subscribe");
            assertFalse(bad.get("success").asBoolean());
            assertTrue(bad.get("ret_msg").asText().contains("orderbook.50.BTCUSDT"));
            ws.send("{\"op\":\"subscribe\",\"args\":[\"kline.1.DOGEUSDT\"]}");
            assertFalse(ws.awaitOp("subscribe").get("success").asBoolean());
            ws.send("{\"op\":\"unsubscribe\",\"args\":[\"kline.5.ETHUSDT\"]}");
            assertTrue(ws.awaitOp("unsubscribe").get("success").asBoolean());
        }
    }

    @Test
    void klinePushesInterimUpdatesThenConfirm() {
        try (WsProbe ws = new WsProbe(sim.publicWsUrl())) {
            ws.send("{\"op\":\"subscribe\",\"args\":[\"kline.1.BTCUSDT\",\"kline.5.BTCUSDT\"]}");
            assertTrue(ws.awaitOp("subscribe").get("success").asBoolean());
            List<JsonNode> ones = new ArrayList<>();
            long before = sim.core().feedNowMs();
            sim.step(3); // one 1-minute candle: interim, interim, then close + next open
            for (int i = 0; i < 4; i++) {
                ones.add(ws.awaitTopic("kline.1.BTCUSDT"));
            }
            JsonNode first = ones.get(0);
            assertEquals("snapshot", first.get("type").asText());
            JsonNode k = first.get("data").get(0);
            assertFalse(k.get("confirm").asBoolean());
            assertEquals(k.get("start").asLong() + 59_999, k.get("end").asLong());
            assertEquals("1", k.get("interval").asText());
            assertTrue(k.get("open").isTextual() && k.get("start").isNumber());
            JsonNode closing = ones.stream().filter(n -> n.get("data").get(0).get("confirm").asBoolean()).findFirst()
                    .orElseThrow(() -> new AssertionError("no confirm=true in " + ones));
            long start = closing.get("data").get(0).get("start").asLong();
            assertEquals(before / 60_000 * 60_000, start);
            // the REST kline of that start is the same candle
            JsonNode rest = client.get("/v5/market/kline", "symbol=BTCUSDT&interval=1&limit=1&end=" + start)
                    .result().get("list").get(0);
            assertEquals(rest.get(4).asText(), closing.get("data").get(0).get("close").asText());
            JsonNode five = ws.awaitTopic("kline.5.BTCUSDT").get("data").get(0);
            assertEquals("5", five.get("interval").asText());
            assertEquals(0, five.get("start").asLong() % 300_000);
        }
    }

    @Test
    void privateAuthThenOrderExecutionPositionWallet() {
        try (WsProbe ws = new WsProbe(sim.privateWsUrl())) {
            ws.send("{\"op\":\"subscribe\",\"args\":[\"order\"]}");
            JsonNode early = ws.awaitOp("subscribe");
            assertFalse(early.get("success").asBoolean());
            long expires = wall.millis() + 10_000;
            ws.send("{\"req_id\":\"a0\",\"op\":\"auth\",\"args\":[\"" + SimSettings.DEFAULT_API_KEY + "\"," + expires
                    + ",\"" + "0".repeat(64) + "\"]}");
            assertFalse(ws.awaitOp("auth").get("success").asBoolean());
            ws.send("{\"op\":\"auth\",\"args\":[\"" + SimSettings.DEFAULT_API_KEY + "\"," + (wall.millis() - 1)
                    + ",\"" + SIGNER.signWsAuth(wall.millis() - 1) + "\"]}");
            assertEquals("Params Error", ws.awaitOp("auth").get("ret_msg").asText());
            ws.send("{\"req_id\":\"a1\",\"op\":\"auth\",\"args\":[\"" + SimSettings.DEFAULT_API_KEY + "\"," + expires
                    + ",\"" + SIGNER.signWsAuth(expires) + "\"]}");
            JsonNode ok = ws.awaitOp("auth");
            assertTrue(ok.get("success").asBoolean(), ok::toString);
            ws.send("{\"req_id\":\"s\",\"op\":\"subscribe\",\"args\":[\"order\",\"execution\",\"position\",\"wallet\"]}");
            assertTrue(ws.awaitOp("subscribe").get("success").asBoolean());
            ws.send("{\"req_id\":\"pp\",\"op\":\"ping\"}");
            JsonNode pong = ws.awaitOp("pong");
            assertEquals("pp", pong.get("req_id").asText());
            assertEquals(Long.toString(wall.millis()), pong.get("args").get(0).asText());

            do { // mid-candle: the market order fills at once at the forming price
                sim.step(1);
            } while ((sim.core().feedNowMs() - sim.core().replayStartMs()) % 60_000 == 0);
            SimHttp.Reply r = client.signedPost("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\","
                    + "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.01\",\"orderLinkId\":\"ws-1\"}");
            assertEquals(0, r.retCode(), r.body());
            // no clock step: pushed before the create answered, in Bybit's order order, execution, position, wallet
            JsonNode filled = ws.awaitTopic("order");
            assertEquals("Filled", filled.get("data").get(0).get("orderStatus").asText());
            assertEquals("ws-1", filled.get("data").get(0).get("orderLinkId").asText());
            assertTrue(filled.get("creationTime").isNumber());
            assertFalse(filled.has("type"));
            JsonNode execFrame = ws.awaitTopic("execution");
            JsonNode exec = execFrame.get("data").get(0);
            assertEquals("ws-1", exec.get("orderLinkId").asText());
            assertEquals("0.01", exec.get("execQty").asText());
            JsonNode posFrame = ws.awaitTopic("position");
            JsonNode pos = posFrame.get("data").get(0);
            assertEquals("Buy", pos.get("side").asText());
            assertTrue(pos.has("entryPrice"));
            assertEquals(exec.get("execPrice").asText(), pos.get("entryPrice").asText());
            JsonNode walletFrame = ws.awaitTopic("wallet");
            assertEquals("UNIFIED", walletFrame.get("data").get(0).get("accountType").asText());
            // frame ids count up: the order of sending
            assertTrue(pushNo(filled) < pushNo(execFrame) && pushNo(execFrame) < pushNo(posFrame)
                    && pushNo(posFrame) < pushNo(walletFrame), "order, execution, position, wallet");
        }
    }

    private static long pushNo(JsonNode frame) {
        String id = frame.get("id").asText();
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    @Test
    void theAdaptersWsParserUnderstandsEveryFrame() {
        List<String> pub = new ArrayList<>();
        List<String> priv = new ArrayList<>();
        WsHubSession p = new WsHubSession(sim.hub().open(false, pub::add));
        WsHubSession q = new WsHubSession(sim.hub().open(true, priv::add));
        p.send("{\"req_id\":\"k\",\"op\":\"subscribe\",\"args\":[\"kline.1.ETHUSDT\"]}");
        p.send("{\"op\":\"ping\"}");
        long expires = wall.millis() + 5_000;
        q.send("{\"op\":\"auth\",\"args\":[\"" + SimSettings.DEFAULT_API_KEY + "\"," + expires + ",\""
                + SIGNER.signWsAuth(expires) + "\"]}");
        q.send("{\"op\":\"subscribe\",\"args\":[\"order.linear\",\"execution.linear\",\"position.linear\",\"wallet\"]}");
        q.send("{\"req_id\":\"x\",\"op\":\"ping\"}");
        SimHttp.Reply r = client.signedPost("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"ETHUSDT\","
                + "\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"0.1\",\"orderLinkId\":\"parse-1\"}");
        assertEquals(0, r.retCode(), r.body());
        sim.step(3);
        List<Class<?>> kinds = new ArrayList<>();
        for (String f : pub) {
            BybitWsFrame frame = BybitWsParser.parse(f);
            kinds.add(frame.getClass());
            if (frame instanceof BybitWsFrame.Kline k) {
                assertEquals("ETHUSDT", k.symbol());
                assertEquals(1, k.candles().size());
            }
        }
        for (String f : priv) {
            BybitWsFrame frame = BybitWsParser.parse(f);
            kinds.add(frame.getClass());
            if (frame instanceof BybitWsFrame.Executions e) {
                assertEquals("parse-1", e.executions().get(0).orderLinkId());
            }
            if (frame instanceof BybitWsFrame.Positions ps && ps.positions().get(0).side().equals("Sell")) {
                assertTrue(ps.positions().get(0).entry().signum() > 0);
            }
        }
        for (Class<?> expected : List.of(BybitWsFrame.OpResult.class, BybitWsFrame.Pong.class,
                BybitWsFrame.Kline.class, BybitWsFrame.Orders.class, BybitWsFrame.Executions.class,
                BybitWsFrame.Positions.class, BybitWsFrame.Wallets.class)) {
            assertTrue(kinds.contains(expected), () -> expected.getSimpleName() + " missing in " + kinds);
        }
        assertTrue(kinds.stream().noneMatch(k -> k == BybitWsFrame.Malformed.class || k == BybitWsFrame.Unhandled.class),
                kinds::toString);
    }

    /** Sends client frames straight into the hub's protocol logic. */
    private record WsHubSession(io.pybitbot.sim.server.WsHub.Session session) {
        void send(String text) {
            sim.hub().onText(session, text);
        }
    }
}
