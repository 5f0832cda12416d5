package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.sim.server.RateLimits.EndpointRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Order bursts against the simulator, which enforces Bybit's two per-account order budgets (single creates and batch
 * creates, 10 per second each, the batch's counted per order). The wall clock stands still unless a test moves it, so
 * every request falls in the same second and the budgets are exact.
 */
class BatchOrdersAgainstSimTest {

    static final ActorTestKit testKit = ActorTestKit.create("BatchOrdersAgainstSimTest");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CREATE = "/v5/order/create";
    private static final String BATCH = "/v5/order/create-batch";

    private final List<SimulatedExchange> started = new ArrayList<>();
    private MutableClock wall;

    @AfterEach
    void stopSims() {
        started.forEach(SimulatedExchange::stop);
        started.clear();
    }

    @AfterAll
    static void stopAll() {
        testKit.shutdownTestKit();
    }

    private SimulatedExchange sim() {
        return sim(FaultSettings.NONE);
    }

    private SimulatedExchange sim(FaultSettings faults) {
        wall = new MutableClock(SimRestTest.START);
        SimulatedExchange sim = SimulatedExchange.start(SimRestTest.settings().withFaults(faults), testKit.system(), wall);
        started.add(sim);
        return sim;
    }

    private BybitRestApi api(SimulatedExchange sim) {
        return BybitRestApi.create(testKit.system(), BybitHosts.custom(sim.restBaseUrl()),
                Optional.of(new ApiCredentials(SimSettings.DEFAULT_API_KEY, SimSettings.DEFAULT_API_SECRET)), wall);
    }

    private static List<OrderRequest> entries(SimulatedExchange sim, String prefix, int n) {
        BigDecimal qty = sim.core().specs().get("BTCUSDT").minOrderQty();
        List<OrderRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(OrderRequest.market("BTCUSDT", Side.BUY, qty, prefix + i, null, null));
        }
        return out;
    }

    private static EndpointRecord record(SimulatedExchange sim, String path) {
        return sim.rateLimitRecord().getOrDefault(path, new EndpointRecord(10, 0, 0, 0));
    }

    @Test
    void aBatchTheBudgetCannotTakeWholePlacesWhatFitsAndTheRestOnTheSingleEndpoint() throws Exception {
        SimulatedExchange sim = sim();
        // two adapters with their own limiters, as two processes spending one account: the second's batch meets a
        // budget the first has mostly spent, and Bybit takes the orders that fit
        List<BybitResult<OrderIds>> first = api(sim).placeOrders(entries(sim, "first-", 7))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        List<BybitResult<OrderIds>> second = api(sim).placeOrders(entries(sim, "second-", 6))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertTrue(first.stream().allMatch(BybitResult::isOk), first::toString);
        assertTrue(second.stream().allMatch(BybitResult::isOk), second::toString);
        for (int i = 0; i < 6; i++) {
            assertEquals("second-" + i, second.get(i).orThrow().orderLinkId(), "outcomes in the order sent");
        }
        assertEquals(new EndpointRecord(10, 10, 3, 10), record(sim, BATCH), "10 taken, 3 of the second batch refused");
        assertEquals(3, record(sim, CREATE).allowed(), "the 3 refused ones went on the single endpoint");
        List<io.pybitbot.sim.OrderCreates.Attempt> attempts = sim.orderCreates().attempts();
        assertEquals(16, attempts.size(), "each order of a batch is in the simulator's record of creates");
        assertEquals(List.of("second-3", "second-4", "second-5"), attempts.stream().filter(a -> a.retCode() == 10006)
                .map(io.pybitbot.sim.OrderCreates.Attempt::orderLinkId).toList());
        sim.step(1);
        assertEquals(13, sim.core().engine().position("BTCUSDT").size()
                .divide(sim.core().specs().get("BTCUSDT").minOrderQty()).intValueExact(), "13 orders, each once");
    }

    @Test
    void aBurstOfTwentyEntriesUsesBothBudgetsAndDrawsNoRateLimitRefusal() throws Exception {
        SimulatedExchange sim = sim();
        ActorRef<RestClient.Command> client = testKit.spawn(RestClient.create(api(sim), wall,
                new RestClient.Settings(16, 1000)));
        TestProbe<BybitResult<OrderIds>> acks = testKit.createTestProbe();
        for (OrderRequest r : entries(sim, "burst-", 24)) {
            client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(r), acks.getRef()));
        }
        Set<String> acked = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            acked.add(acks.receiveMessage(WAIT).orThrow().orderLinkId());
        }
        acks.expectNoMessage(Duration.ofMillis(300)); // the last 4 wait for the next second of either budget
        assertEquals(new EndpointRecord(10, 10, 0, 10), record(sim, CREATE));
        assertEquals(new EndpointRecord(10, 10, 0, 10), record(sim, BATCH));

        wall.advance(1_200);
        for (int i = 0; i < 4; i++) {
            acked.add(acks.receiveMessage(WAIT).orThrow().orderLinkId());
        }
        assertEquals(24, acked.size(), "every order acknowledged once: " + acked);
        Map<String, EndpointRecord> limits = sim.rateLimitRecord();
        assertEquals(0, limits.get(CREATE).rejected() + limits.get(BATCH).rejected(), limits::toString);
        assertEquals(24, limits.get(CREATE).allowed() + limits.get(BATCH).allowed(), limits::toString);
    }

    @Test
    void aBatchWhoseAnswerIsLostIsLookedUpOrderByOrderAndNeverSentTwice() throws Exception {
        SimulatedExchange sim = sim(FaultSettings.NONE.withLoseOrderResponseRate(1)); // every create's answer is a 504
        List<BybitResult<OrderIds>> out = api(sim).placeOrders(entries(sim, "lost-", 3))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertEquals("lost-" + i, out.get(i).orThrow().orderLinkId(), out::toString);
            assertTrue(!out.get(i).orThrow().orderId().isEmpty(), "found at the exchange: " + out);
        }
        assertEquals(3, record(sim, BATCH).allowed());
        assertEquals(0, record(sim, CREATE).allowed(), "found by their orderLinkId, none sent again");
        sim.step(1);
        assertEquals(3, sim.core().engine().position("BTCUSDT").size()
                .divide(sim.core().specs().get("BTCUSDT").minOrderQty()).intValueExact());
    }
}
