package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.cli.RunHarness.Cli;
import io.pybitbot.node.Node;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} reads where orders go from {@code .env} alone: in testnet mode with {@code BYBIT_BASE_URL}, keys and
 * {@code BYBIT_TESTNET} only in {@code .env} (an empty environment), the node dials the simulator on a free port,
 * authenticates with the .env keys and places orders there; a bad {@code BYBIT_DEMO} stops it with exit 2.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class RunDotEnvHostsTest {

    static final ActorTestKit testKit = ActorTestKit.create("RunDotEnvHostsTest");

    @TempDir
    Path dir;

    @AfterAll
    static void down() {
        testKit.shutdownTestKit();
    }

    @Test
    void testnetModeDialsTheBaseUrlFromDotEnvWithItsKeys() throws Exception {
        Path configs = RunHarness.configs(dir, "testnet", dir.resolve("data"));
        SimSettings simSettings = SimSettings.defaults().withPort(0)
                .withData("bundled", List.of("BTCUSDT", "ETHUSDT")).withSpeed(Speed.MANUAL)
                .withTimeline(3, 310, null).withKeys("dotenv-key", "dotenv-secret");
        // a balance no default has: the node's Risk showing it proves a signed wallet read with the .env keys
        simSettings = simSettings.withAccount(new java.math.BigDecimal("12345.67"), simSettings.defaultLeverage(),
                simSettings.fills());
        try (SimulatedExchange sim = SimulatedExchange.start(simSettings, testKit.system())) {
            Path env = dir.resolve(".env");
            Files.writeString(env, "# as a new user writes it\nBYBIT_API_KEY=dotenv-key\nBYBIT_API_SECRET=dotenv-secret\n"
                    + "BYBIT_TESTNET=true\nBYBIT_BASE_URL=" + sim.restBaseUrl() + "\n");
            RunCommand run = new RunCommand();
            run.config.environment(Map.of(), new Properties()); // nothing from the process environment
            CompletableFuture<ActorSystem<Node.Command>> started = new CompletableFuture<>();
            run.onStart = started::complete;
            Cli c = Cli.of(run);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.cl().execute(
                    "--config-dir", configs.toString(), "--env-file", env.toString(), "--cluster-port", "0", "--status-port", "0"));

            ActorSystem<Node.Command> system = started.get(60, TimeUnit.SECONDS);
            boolean ordered;
            double equity;
            try {
                RunHarness.awaitWarm(system, List.of("BTCUSDT", "ETHUSDT"));
                equity = RunHarness.awaitEquity(system, 12345.67, Duration.ofSeconds(20));
                // the replay's clock jumps ahead of the node's synced one with every step; a slow pace leaves the
                // node time to re-sync (10002) and re-sign, as it would against an exchange whose clock drifts
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!sim.core().finished() && System.nanoTime() < deadline && !hasOrders(sim)) {
                    sim.step(1);
                    Thread.sleep(25);
                }
                ordered = hasOrders(sim);
            } finally {
                system.terminate();
            }
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), c.out() + "\n" + c.err());
            String out = c.out().toString();
            assertTrue(out.contains("testnet against a custom URL " + sim.restBaseUrl()), out);
            assertTrue(out.contains("hosts chosen by BYBIT_BASE_URL (.env line 5)"), out);
            assertTrue(out.contains("  private WS   " + sim.privateWsUrl() + " (custom URL)"), out);
            assertFalse(out.contains("bybit.com"), out);
            assertTrue(sim.signedRequests() > 0, "no signed request reached the simulator");
            assertEquals(12345.67, equity, 1e-6, "Risk never read the simulator's wallet");
            assertTrue(ordered, "the node placed no order at the simulator named in .env\n" + out);
        }
    }

    @Test
    void aBadDemoFlagInDotEnvStopsRunWithExitTwoNamingTheLine() throws Exception {
        Path configs = RunHarness.configs(dir, "live", dir.resolve("data"));
        Path env = dir.resolve(".env");
        Files.writeString(env, "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_DEMO=perhaps\n");
        RunCommand run = new RunCommand();
        run.config.environment(Map.of(), new Properties());
        Cli c = Cli.of(run);

        int exit = c.cl().execute("--config-dir", configs.toString(), "--env-file", env.toString(), "--confirm-live");

        assertEquals(ExitCodes.USAGE, exit);
        assertTrue(c.err().toString().contains(".env: line 3: BYBIT_DEMO: found \"perhaps\", expected true or false"),
                c.err().toString());
        assertEquals("", c.out().toString());
    }

    private static boolean hasOrders(SimulatedExchange sim) {
        return !sim.core().engine().orders(o -> true).isEmpty();
    }
}
