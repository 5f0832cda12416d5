package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.node.Node;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.symbol.SymbolActor;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

    private Path configs(String mode) throws Exception {
        Path configs = dir.resolve("configs");
        Files.createDirectories(configs);
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        Path general = configs.resolve("general.json");
        String json = Files.readString(general);
        assertTrue(json.contains("\"mode\": \"sim\""), json);
        // the node journals to data_dir: a temporary one, so no run inherits another's peak or halt
        assertTrue(json.contains("\"data_dir\": \"data\""), json);
        Files.writeString(general, json.replace("\"mode\": \"sim\"", "\"mode\": \"" + mode + "\"")
                .replace("\"data_dir\": \"data\"", "\"data_dir\": \"" + dir.resolve("data").toString().replace("\\", "/") + "\""));
        return configs;
    }

    record Cli(CommandLine cl, StringWriter out, StringWriter err) {
    }

    private static Cli cli(RunCommand run) {
        CommandLine cl = new CommandLine(run);
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Cli(cl, out, err);
    }

    @Test
    void testnetModeDialsTheBaseUrlFromDotEnvWithItsKeys() throws Exception {
        Path configs = configs("testnet");
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
            Cli c = cli(run);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.cl().execute(
                    "--config-dir", configs.toString(), "--env-file", env.toString(), "--cluster-port", "0"));

            ActorSystem<Node.Command> system = started.get(60, TimeUnit.SECONDS);
            boolean ordered;
            double equity;
            try {
                awaitWarm(system, List.of("BTCUSDT", "ETHUSDT"));
                equity = awaitEquity(system, 12345.67);
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
        Path configs = configs("live");
        Path env = dir.resolve(".env");
        Files.writeString(env, "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_DEMO=perhaps\n");
        RunCommand run = new RunCommand();
        run.config.environment(Map.of(), new Properties());
        Cli c = cli(run);

        int exit = c.cl().execute("--config-dir", configs.toString(), "--env-file", env.toString(), "--confirm-live");

        assertEquals(ExitCodes.USAGE, exit);
        assertTrue(c.err().toString().contains(".env: line 3: BYBIT_DEMO: found \"perhaps\", expected true or false"),
                c.err().toString());
        assertEquals("", c.out().toString());
    }

    private static boolean hasOrders(SimulatedExchange sim) {
        return !sim.core().engine().orders(o -> true).isEmpty();
    }

    /** Risk's equity once it equals {@code expected} (at most 20 s), else the last one seen. */
    private static double awaitEquity(ActorSystem<Node.Command> system, double expected) throws Exception {
        Node.Refs refs = org.apache.pekko.actor.typed.javadsl.AskPattern.<Node.Command, Node.Refs>ask(system,
                Node.GetRefs::new, Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        double seen;
        do {
            seen = org.apache.pekko.actor.typed.javadsl.AskPattern.<io.pybitbot.risk.actor.RiskActor.Command,
                            io.pybitbot.risk.actor.RiskActor.Status>ask(refs.risk(), io.pybitbot.risk.actor.RiskActor.GetStatus::new,
                            Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .equity();
            if (Math.abs(seen - expected) < 1e-6) {
                return seen;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return seen;
    }

    /** Waits (at most 30 s) until every symbol actor has loaded its history and listens to the stream. */
    private static void awaitWarm(ActorSystem<Node.Command> system, List<String> symbols) throws Exception {
        org.apache.pekko.actor.typed.javadsl.AskPattern.<Node.Command, Node.Refs>ask(system, Node.GetRefs::new,
                Duration.ofSeconds(30), system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        ClusterSharding sharding = ClusterSharding.get(system);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String symbol : symbols) {
            while (true) {
                SymbolActor.Snapshot s = sharding.entityRefFor(SymbolActor.ENTITY_KEY, symbol)
                        .<SymbolActor.Snapshot>ask(SymbolActor.GetSnapshot::new, Duration.ofSeconds(10))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                if (s.live()) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, symbol + " never got warm");
                Thread.sleep(50);
            }
        }
    }
}
