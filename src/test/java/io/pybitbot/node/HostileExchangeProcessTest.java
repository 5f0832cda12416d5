package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.domain.Interval;
import io.pybitbot.sim.OrderCreates;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.SimOrder;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in a JVM of its own trades through {@link CorruptingFrontEnd}, an exchange front-end that lies: bad history
 * for ETHUSDT, unreadable rows in every position list, an impossible and an implausible private position frame,
 * absurd wallet frames, garbage on both streams. Asserted from the simulator's own records and the node's status API:
 * ETHUSDT is quarantined and never traded, BTCUSDT keeps trading, no order is sized or priced from the lies, the
 * implausible frame leads to a REST read and not to closes, every position keeps its stop, Risk is not fooled.
 */
class HostileExchangeProcessTest {

    static final ActorTestKit kit = ActorTestKit.create("HostileExchangeProcessTest");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterAll
    static void down() {
        kit.shutdownTestKit();
    }

    @Test
    void liesFromTheExchangeNeverBecomeOrders() throws Exception {
        Path configs = dir.resolve("configs");
        Files.createDirectories(configs);
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        Files.copy(Path.of("application.conf"), dir.resolve("application.conf"));
        Path envFile = dir.resolve("node.env");
        Files.writeString(envFile, "");
        int statusPort;
        try (ServerSocket s = new ServerSocket(0)) {
            statusPort = s.getLocalPort();
        }
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT", "ETHUSDT"))
                .withSpeed(Speed.parse("300")).withHistory(310, Interval.M5);
        try (SimulatedExchange sim = SimulatedExchange.start(settings, kit.system());
             CorruptingFrontEnd liar = new CorruptingFrontEnd(kit.system(), sim.restBaseUrl(), "ETHUSDT");
             NodeProcess node = NodeProcess.start(dir, "run", "--config-dir", configs.toString(), "--env-file",
                     envFile.toString(), "--cluster-port", "0", "--status-port", String.valueOf(statusPort),
                     "--exchange-url", liar.baseUrl())) {
            node.awaitOutput("node started", Duration.ofSeconds(90));
            Watch watch = new Watch(sim);
            await(() -> liar.positionLieAtMs > 0, Duration.ofSeconds(150), "a position for the lies to contradict",
                    node, watch);
            long lieAt = liar.positionLieAtMs;
            assertEquals("BTCUSDT", liar.positionLieSymbol);
            // the other symbol keeps trading after the lies: a new BTCUSDT entry once the first trade is over
            await(() -> botOrders(sim).stream().anyMatch(o -> !o.reduceOnly() && o.symbol().equals("BTCUSDT")
                    && o.createdTime() > 0 && wallOf(sim, o) > lieAt + 1_000), Duration.ofSeconds(150),
                    "a BTCUSDT entry after the lies", node, watch);
            JsonNode status = status(statusPort);
            String log = node.output();
            System.out.printf("hostile front-end: %d corrupt histories, %d corrupt position lists, %d garbage frames;"
                    + " %d bot orders; longest unprotected position %d ms; %d position reads in the 10 s after the lie%n",
                    liar.corruptHistories.get(), liar.corruptPositionLists.get(), liar.garbageFrames.get(),
                    botOrders(sim).size(), watch.longestUnprotectedMs,
                    liar.positionReads.stream().filter(t -> t >= lieAt && t <= lieAt + 10_000).count());
            log.lines().filter(l -> l.contains("implausible") || l.contains("quarantin") || l.contains("dropped an invalid")
                    || l.contains("not JSON") || l.contains("ALERT")).limit(20).forEach(l -> System.out.println("  node: " + l));

            // ETHUSDT: bad history, so never live and never traded
            assertTrue(liar.corruptHistories.get() >= 1, "the bad history was served");
            JsonNode eth = symbol(status, "ETHUSDT");
            assertEquals("quarantined", eth.path("state").asText(), eth.toString());
            assertTrue(eth.path("quarantine").asText().startsWith("ETHUSDT interval 5: the exchange sent 1 invalid"
                    + " candle(s), first: kline row 1 of ETHUSDT: low -5 is not positive"), eth.toString());
            assertTrue(sim.orderCreates().attempts().stream().noneMatch(a -> a.symbol().equals("ETHUSDT")),
                    "an order on the quarantined symbol: " + sim.orderCreates().attempts());
            assertEquals("live", symbol(status, "BTCUSDT").path("state").asText());

            // the lies never sized or priced an order
            BigDecimal largestEntry = botOrders(sim).stream().filter(o -> !o.reduceOnly()).map(SimOrder::qty)
                    .reduce(BigDecimal.ZERO, BigDecimal::max);
            for (SimOrder o : botOrders(sim)) {
                if (o.reduceOnly()) {
                    assertTrue(o.qty().compareTo(largestEntry) <= 0, "a close larger than any entry: " + o);
                } else if (o.stopLoss() != null && o.stopLoss().signum() > 0 && o.avgPrice() != null
                        && o.avgPrice().signum() > 0) {
                    double distance = Math.abs(o.avgPrice().doubleValue() - o.stopLoss().doubleValue())
                            / o.avgPrice().doubleValue();
                    assertTrue(distance < 0.05, "a stop " + 100 * distance + " % from the fill: " + o);
                }
            }
            // the implausible frame: dropped, a REST read at once, no close loop
            assertTrue(liar.positionReads.stream().anyMatch(t -> t >= lieAt && t <= lieAt + 3_000),
                    "no position read in the 3 s after the implausible frame");
            assertTrue(log.contains("ALERT implausible position update of BTCUSDT dropped"), log);
            assertTrue(log.contains("ALERT implausible wallet update dropped"), log);
            long closes = botOrders(sim).stream().filter(SimOrder::reduceOnly).count();
            long entries = botOrders(sim).stream().filter(o -> !o.reduceOnly()).count();
            assertTrue(closes <= entries, closes + " closes for " + entries + " entries");
            assertRefusedClosesRacedTheExchangesOwnExit(sim);
            assertTrue(log.contains("implausible"), "the feed said nothing of the implausible frame:\n" + log);
            assertTrue(log.contains("dropped an invalid position row"), log);
            JsonNode invalid = status.path("invalidData").path("byKind");
            assertTrue(invalid.path("position").asLong() >= 2 && invalid.path("kline").asLong() >= 1
                    && invalid.path("wallet").asLong() >= 1, "the status counts what was dropped: " + invalid);
            assertFalse(log.contains("could not re-read positions"), "a bad row broke the stop verification:\n" + log);
            // every position kept its stop
            assertTrue(watch.longestUnprotectedMs < 5_000, "a position went " + watch.longestUnprotectedMs
                    + " ms without a stop at the simulator");
            // Risk was not fooled by the wallet frames
            assertTrue(liar.walletLieAtMs > 0, "the wallet lies were sent");
            JsonNode risk = status.path("risk");
            assertEquals("ACTIVE", risk.path("state").asText(), risk.toString());
            double equity = risk.path("equity").asDouble();
            assertTrue(equity > 5_000 && equity < 20_000, "equity " + equity);
            assertEquals(0, risk.path("haltedSymbols").size(), risk.toString());
        }
    }

    /**
     * A close the exchange refused as "nothing to reduce" is only fine where the exchange's own TP/SL had closed that
     * position first (the bot's exit and the trigger crossed): a close sent from a lie would find the position open.
     */
    private static void assertRefusedClosesRacedTheExchangesOwnExit(SimulatedExchange sim) {
        List<OrderCreates.Attempt> attempts = sim.orderCreates().attempts();
        for (int i = 0; i < attempts.size(); i++) {
            OrderCreates.Attempt refused = attempts.get(i);
            if (!refused.reduceOnly() || refused.retCode() == 0) {
                continue;
            }
            String symbol = refused.symbol();
            int at = i;
            SimOrder entry = null;
            SimOrder nextEntry = null;
            for (int j = 0; j < attempts.size(); j++) {
                OrderCreates.Attempt a = attempts.get(j);
                if (a.symbol().equals(symbol) && !a.reduceOnly() && a.retCode() == 0) {
                    SimOrder o = orderOf(sim, a.orderLinkId());
                    if (j < at) {
                        entry = o;
                    } else if (nextEntry == null) {
                        nextEntry = o;
                    }
                }
            }
            assertTrue(entry != null, "a close refused with no entry before it: " + attempts);
            long from = entry.createdTime();
            long to = nextEntry == null ? Long.MAX_VALUE : nextEntry.createdTime();
            boolean triggeredFirst = !sim.core().engine().orders(o -> o.symbol().equals(symbol)
                    && !o.stopOrderType().isEmpty() && o.cumExecQty().signum() > 0
                    && o.createdTime() >= from && o.createdTime() <= to).isEmpty();
            assertTrue(triggeredFirst, "a close the exchange refused while no TP/SL of its own had closed " + symbol
                    + ": " + refused + " in " + attempts);
        }
    }

    private static SimOrder orderOf(SimulatedExchange sim, String orderLinkId) {
        return sim.core().engine().orders(o -> orderLinkId.equals(o.orderLinkId())).get(0);
    }

    /** Samples the simulator: how long any position has gone without a stop. */
    static final class Watch {
        final SimulatedExchange sim;
        final Map<String, Long> bareSince = new HashMap<>();
        long longestUnprotectedMs;

        Watch(SimulatedExchange sim) {
            this.sim = sim;
        }

        void sample() {
            long now = System.currentTimeMillis();
            List<String> bare = SimRecords.unprotected(sim);
            bareSince.keySet().retainAll(bare);
            for (String p : bare) {
                long since = bareSince.computeIfAbsent(p, k -> now);
                longestUnprotectedMs = Math.max(longestUnprotectedMs, now - since);
            }
        }
    }

    private static List<SimOrder> botOrders(SimulatedExchange sim) {
        return sim.core().engine().orders(o -> o.orderLinkId() != null && !o.orderLinkId().isEmpty());
    }

    /** The wall time the simulator answered the create of {@code o}. */
    private static long wallOf(SimulatedExchange sim, SimOrder o) {
        return sim.orderCreates().attempts().stream().filter(a -> o.orderLinkId().equals(a.orderLinkId()))
                .mapToLong(a -> a.wallMs()).findFirst().orElse(0);
    }

    private static JsonNode symbol(JsonNode status, String symbol) {
        for (JsonNode s : status.path("symbols")) {
            if (s.path("symbol").asText().equals(symbol)) {
                return s;
            }
        }
        throw new AssertionError("no " + symbol + " in the status: " + status);
    }

    private static JsonNode status(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static void await(BooleanSupplier done, Duration limit, String what, NodeProcess node, Watch watch)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            watch.sample();
            if (!node.process.isAlive()) {
                throw new AssertionError("the node ended before " + what + ":\n" + node.output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit + ":\n" + node.output());
            }
            Thread.sleep(100);
        }
        watch.sample();
    }
}
