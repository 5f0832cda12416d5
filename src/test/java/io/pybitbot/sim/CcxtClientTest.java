package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's acceptance check: ccxt's stock {@code bybit} class (npm, pinned in {@code src/test/ccxt/package.json}),
 * with only its URLs changed, trades against the simulator on this machine's Node.js. The test installs ccxt itself
 * ({@code npm ci}, once; {@code node_modules} is git-ignored) and then talks only to the loopback simulator.
 */
class CcxtClientTest {

    static final Path DIR = Path.of("src/test/ccxt");
    static final ActorTestKit testKit = ActorTestKit.create("CcxtClientTest");
    static SimulatedExchange sim;

    @BeforeAll
    static void start() throws Exception {
        installCcxt();
        sim = SimulatedExchange.start(SimSettings.defaults().withPort(0).withSpeed(Speed.MANUAL)
                .withData("synthetic", List.of("BTCUSDT", "ETHUSDT")).withSynthetic("1", 2_000, 3), testKit.system());
        sim.step(1);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.stop();
        }
        testKit.shutdownTestKit();
    }

    /** {@code npm ci} unless the pinned ccxt is already installed. */
    static void installCcxt() throws Exception {
        Path installed = DIR.resolve("node_modules/ccxt/package.json");
        String wanted = new ObjectMapper().readTree(DIR.resolve("package.json").toFile()).at("/dependencies/ccxt")
                .asText();
        if (Files.exists(installed) && new ObjectMapper().readTree(installed.toFile()).path("version").asText()
                .equals(wanted)) {
            return;
        }
        Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 600);
        assertEquals(0, r.exit(), () -> "npm ci in " + DIR + " failed (Node.js and npm are needed; .ci/run installs"
                + " them):\n" + r.err());
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ccxt-out", ".txt");
        Path err = Files.createTempFile("ccxt-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void ccxtBybitTradesAgainstTheSimulatorWithOnlyItsUrlsChanged() throws Exception {
        Result r = run(List.of("node", "client.js", sim.restBaseUrl(), sim.apiKey(), SimSettings.DEFAULT_API_SECRET),
                120);
        assertEquals(0, r.exit(), () -> "ccxt failed: " + r.err() + r.out());
        JsonNode out = new ObjectMapper().readTree(r.out());

        JsonNode m = out.get("markets");
        assertEquals(2, m.get("count").asInt(), out::toString); // BTC and ETH perpetuals, nothing else
        assertEquals("BTCUSDT", m.get("id").asText());
        assertEquals("swap", m.get("type").asText());
        assertTrue(m.get("linear").asBoolean());
        assertEquals("USDT", m.get("settle").asText());
        assertEquals(0, new BigDecimal("0.1").compareTo(m.get("tick").decimalValue()), m::toString);
        assertEquals(0, new BigDecimal("0.001").compareTo(m.get("step").decimalValue()), m::toString);

        assertEquals(100, out.at("/ohlcv/count").asInt(), out::toString);
        assertTrue(out.at("/ohlcv/first/0").asLong() < out.at("/ohlcv/last/0").asLong(), "oldest first");
        double last = out.at("/ticker/last").asDouble();
        assertEquals(sim.core().engine().lastPrice("BTCUSDT"), last, 0.05, out::toString);
        assertEquals(10_000, out.at("/balance/total").asDouble(), 1e-9, out::toString);

        // the position and its stop are there at once: the create's answer came after the fill
        JsonNode positions = out.get("positions");
        assertEquals(1, positions.size(), out::toString);
        JsonNode p = positions.get(0);
        assertEquals("long", p.get("side").asText(), p::toString);
        assertEquals(out.at("/entry/amount").asDouble(), p.get("contracts").asDouble(), 1e-12, p::toString);
        assertEquals(out.at("/entry/stopLoss").asDouble(), p.get("stopLossPrice").asDouble(), 1e-9, p::toString);
        assertEquals(out.at("/entry/takeProfit").asDouble(), p.get("takeProfitPrice").asDouble(), 1e-9, p::toString);

        // the reduce-only close flattened it
        for (JsonNode a : out.get("after")) {
            assertEquals(0, a.path("contracts").asDouble(0), 1e-12, out::toString);
        }
        assertTrue(sim.core().engine().openPositions().isEmpty());

        // both fills, each with its order and the taker fee
        JsonNode trades = out.get("trades");
        assertEquals(2, trades.size(), out::toString);
        List<String> orders = new ArrayList<>();
        List<String> sides = new ArrayList<>();
        for (JsonNode t : trades) {
            orders.add(t.get("order").asText());
            sides.add(t.get("side").asText());
            assertEquals("taker", t.get("takerOrMaker").asText(), t::toString);
            assertEquals("USDT", t.get("feeCurrency").asText(), t::toString);
            assertEquals(t.get("amount").asDouble() * t.get("price").asDouble() * 0.00055, t.get("fee").asDouble(),
                    1e-6, t::toString);
        }
        assertTrue(orders.containsAll(List.of(out.at("/entry/id").asText(), out.at("/close/id").asText())),
                out::toString);
        assertTrue(sides.containsAll(List.of("buy", "sell")), out::toString);
        assertEquals(0.00055, out.at("/tradingFee/taker").asDouble(), 1e-12, out::toString);
        assertEquals(0.0002, out.at("/tradingFee/maker").asDouble(), 1e-12, out::toString);
    }
}
