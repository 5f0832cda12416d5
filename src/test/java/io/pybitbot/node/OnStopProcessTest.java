package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.fill.TimeInForce;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.NewOrder;
import io.pybitbot.sim.engine.SimOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code execution.json $.on_stop} in a real node JVM stopped with SIGTERM while it trades against a simulator
 * outside it; what is left at the exchange is read from the simulator's own records.
 */
class OnStopProcessTest {

    static final ActorTestKit kit = ActorTestKit.create("OnStopProcessTest");

    @TempDir
    Path dir;

    @AfterAll
    static void down() {
        kit.shutdownTestKit();
    }

    @Test
    void flattenLeavesTheAccountFlatAndExitsZero() throws Exception {
        try (SimulatedExchange sim = sim()) {
            try (NodeProcess node = NodeProcess.start(dir, run(sim, "flatten"))) {
                awaitTrue(() -> !sim.core().engine().openPositions().isEmpty(), "an open position", node);
                node.sigterm();
                assertEquals(0, node.awaitExit(Duration.ofSeconds(90)), node.output());
                assertTrue(node.output().contains("graceful stop: every position is closed"), node.output());
            }
            assertEquals(List.of(), sim.core().engine().openPositions(), "flat at the exchange");
        }
    }

    @Test
    void cancelOrdersLeavesNoRestingOrderAndExitsZero() throws Exception {
        try (SimulatedExchange sim = sim()) {
            // a resting buy far below the market, placed by hand before the node starts: it cannot fill (the
            // simulator's clock may not have shown a price yet on a loaded machine)
            awaitTrue(() -> Double.isFinite(sim.core().engine().lastPrice("ETHUSDT")), "a market price", null);
            String price = BigDecimal.valueOf(sim.core().engine().lastPrice("ETHUSDT") / 2)
                    .setScale(2, RoundingMode.FLOOR).toPlainString();
            SimOrder resting = sim.core().engine().place(NewOrder.limit("ETHUSDT", Side.BUY, "0.10", price,
                    TimeInForce.GTC).withLinkId("by-hand-1"), sim.virtualNowMs());
            assertTrue(resting.isOpen(), resting.toString());
            try (NodeProcess node = NodeProcess.start(dir, run(sim, "cancel_orders"))) {
                node.awaitOutput("Order execution recovered", Duration.ofSeconds(90));
                assertTrue(node.output().contains("by-hand-1"), "the node adopted the resting order:\n" + node.output());
                node.sigterm();
                assertEquals(0, node.awaitExit(Duration.ofSeconds(90)), node.output());
                assertTrue(node.output().contains("graceful stop: on_stop cancel_orders"), node.output());
            }
            assertEquals(List.of(), sim.core().engine().orders(SimOrder::isOpen), "no resting order at the exchange");
            assertEquals("Cancelled", sim.core().engine().order(resting.orderId()).status());
        }
    }

    private SimulatedExchange sim() {
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT", "ETHUSDT"))
                .withSpeed(Speed.parse("300")).withHistory(310, Interval.M5);
        return SimulatedExchange.start(settings, kit.system());
    }

    private String[] run(SimulatedExchange sim, String onStop) throws Exception {
        Path configs = dir.resolve("configs");
        Files.createDirectories(configs);
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        Path execution = configs.resolve("execution.json");
        String json = Files.readString(execution);
        assertTrue(json.contains("\"on_stop\": \"keep\""), json);
        Files.writeString(execution, json.replace("\"on_stop\": \"keep\"", "\"on_stop\": \"" + onStop + "\""));
        Files.copy(Path.of("application.conf"), dir.resolve("application.conf"));
        Path env = dir.resolve("node.env");
        Files.writeString(env, "");
        return new String[] {"run", "--config-dir", configs.toString(), "--env-file", env.toString(), "--cluster-port",
                "0", "--exchange-url", sim.restBaseUrl()};
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what, NodeProcess node)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if ((node != null && !node.process.isAlive()) || System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + (node == null ? "" : ":\n" + node.output()));
            }
            Thread.sleep(50);
        }
    }
}
