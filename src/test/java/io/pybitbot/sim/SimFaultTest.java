package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Each fault, off by default, switched on alone. */
class SimFaultTest {

    static final ActorTestKit testKit = ActorTestKit.create("SimFaultTest");
    private final List<SimulatedExchange> started = new ArrayList<>();

    @AfterAll
    static void stopAll() {
        testKit.shutdownTestKit();
    }

    private record Running(SimulatedExchange sim, MutableClock wall, SimHttp client) {}

    private Running start(UnaryOperator<FaultSettings> faults) {
        MutableClock wall = new MutableClock(SimRestTest.START);
        SimSettings s = SimRestTest.settings().withFaults(faults.apply(FaultSettings.NONE));
        SimulatedExchange sim = SimulatedExchange.start(s, testKit.system(), wall);
        started.add(sim);
        return new Running(sim, wall, new SimHttp(sim.restBaseUrl(), s.apiKey(), s.apiSecret(), wall::millis));
    }

    @org.junit.jupiter.api.AfterEach
    void stopSims() {
        started.forEach(SimulatedExchange::stop);
        started.clear();
    }

    @Test
    void noFaultsByDefault() {
        Running r = start(f -> f);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, r.client.get("/v5/market/time", "").status());
        }
    }

    @Test
    void serverErrorsForAFractionOfRequestsAreSeeded() {
        List<Integer> first = statuses(start(f -> f.withServerErrorRate(0.5).withSeed(9)));
        List<Integer> second = statuses(start(f -> f.withServerErrorRate(0.5).withSeed(9)));
        assertEquals(first, second);
        assertTrue(first.contains(503) && first.contains(200), first::toString);
        assertTrue(statuses(start(f -> f.withServerErrorRate(1))).stream().allMatch(s -> s == 503));
    }

    private static List<Integer> statuses(Running r) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add(r.client.get("/v5/market/time", "").status());
        }
        return out;
    }

    @Test
    void injectedRateLimitAnswers10006OnPrivateEndpointsOnly() {
        Running r = start(f -> f.withRateLimitRate(1));
        SimHttp.Reply p = r.client.signedGet("/v5/position/list", "category=linear&symbol=BTCUSDT");
        assertEquals(10006, p.retCode());
        assertEquals("0", p.header("X-Bapi-Limit-Status"));
        assertEquals(0, r.client.get("/v5/market/time", "").retCode());
    }

    @Test
    void lostOrderResponseStillPlacesTheOrder() {
        Running r = start(f -> f.withLoseOrderResponseRate(1));
        SimHttp.Reply lost = r.client.signedPost("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.01\",\"orderLinkId\":\"lost-1\"}");
        assertEquals(504, lost.status());
        assertEquals("", lost.body());
        SimHttp.Reply found = r.client.signedGet("/v5/order/history", "category=linear&orderLinkId=lost-1");
        assertEquals(1, found.result().get("list").size());
        SimHttp.Reply again = r.client.signedPost("/v5/order/create", "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\","
                + "\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.01\",\"orderLinkId\":\"lost-1\"}");
        assertEquals(110072, again.retCode());
    }

    @Test
    void delayedAnswersTimeOutAnImpatientClient() {
        Running r = start(f -> f.withRestDelay(Duration.ofSeconds(2)));
        r.client.timeout = Duration.ofMillis(200);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> r.client.get("/v5/market/time", ""));
        assertInstanceOf(HttpTimeoutException.class, e.getCause());
        r.client.timeout = Duration.ofSeconds(10);
        assertEquals(0, r.client.get("/v5/market/time", "").retCode());
    }

    @Test
    void clockSkewMovesServerTimeAndTheRecvWindow() {
        Running r = start(f -> f.withClockSkew(Duration.ofSeconds(10)));
        long virtual = r.sim.core().feedNowMs();
        assertEquals(virtual + 10_000, r.client.get("/v5/market/time", "").json().get("time").asLong());
        String q = "category=linear&symbol=BTCUSDT";
        assertEquals(10002, r.client.signedGet("/v5/position/list", q).retCode());
        assertEquals(0, r.client.signedGet("/v5/position/list", q, r.wall.millis() + 10_000).retCode());
    }

    @Test
    void ipLimitAnswersHttp403() {
        MutableClock wall = new MutableClock(SimRestTest.START);
        SimulatedExchange sim = SimulatedExchange.start(SimRestTest.settings().withRateLimits(true, 3),
                testKit.system(), wall);
        started.add(sim);
        SimHttp c = new SimHttp(sim.restBaseUrl(), "k", "s", wall::millis);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, c.get("/v5/market/time", "").status());
        }
        SimHttp.Reply banned = c.get("/v5/market/time", "");
        assertEquals(403, banned.status());
        assertEquals("access too frequent", banned.body());
        wall.advance(5_001);
        assertEquals(200, c.get("/v5/market/time", "").status());
    }

    @Test
    void webSocketsAreDroppedPeriodically() throws Exception {
        Running r = start(f -> f.withDropWsEvery(Duration.ofMillis(300)));
        try (WsProbe ws = new WsProbe(r.sim.publicWsUrl())) {
            int code = ws.closed.get(10, TimeUnit.SECONDS);
            assertTrue(code != 0);
        }
    }

    @Test
    void stalledStreamsStayOpenButSilent() {
        Running r = start(f -> f.withStallStreams(true));
        List<String> out = new ArrayList<>();
        var session = r.sim.hub().open(false, out::add);
        r.sim.hub().onText(session, "{\"op\":\"ping\"}");
        r.sim.hub().onText(session, "{\"op\":\"subscribe\",\"args\":[\"kline.1.BTCUSDT\"]}");
        r.sim.step(6);
        assertEquals(List.of(), out);
        assertTrue(session.topics().contains("kline.1.BTCUSDT"));
        r.sim.hub().setStalled(false);
        r.sim.step(1);
        assertEquals(1, out.size());
        assertTrue(out.get(0).contains("\"topic\":\"kline.1.BTCUSDT\""), out::toString);
    }
}
