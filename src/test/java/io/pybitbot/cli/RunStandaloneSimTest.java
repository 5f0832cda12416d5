package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.cli.RunHarness.Cli;
import io.pybitbot.node.Node;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import java.math.BigDecimal;
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
 * {@code run} in sim mode against a standalone simulator ({@code --exchange-url}) instead of its own, as several nodes
 * of one cluster do; and the refusals that keep several nodes from trading through separate exchanges or journals.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class RunStandaloneSimTest {

    static final ActorTestKit testKit = ActorTestKit.create("RunStandaloneSimTest");

    @TempDir
    Path dir;

    @AfterAll
    static void down() {
        testKit.shutdownTestKit();
    }

    private Cli cli(RunCommand run, Map<String, String> env) {
        run.config.environment(env, new Properties());
        return Cli.of(run);
    }

    private Map<String, String> journalInTmp() {
        return Map.of("PYBIT_JOURNAL_URL", "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath());
    }

    @Test
    void simModeTradesWithTheStandaloneSimulatorNamedByExchangeUrl() throws Exception {
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT", "ETHUSDT"))
                .withSpeed(Speed.MANUAL).withTimeline(3, 310, null);
        settings = settings.withAccount(new BigDecimal("23456.78"), settings.defaultLeverage(), settings.fills());
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            RunCommand run = new RunCommand();
            CompletableFuture<ActorSystem<Node.Command>> started = new CompletableFuture<>();
            run.onStart = started::complete;
            Cli c = cli(run, journalInTmp());
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.cl().execute(
                    "--env-file", dir.resolve("none.env").toString(), "--cluster-port", "0", "--status-port", "0",
                    "--exchange-url", sim.restBaseUrl() + "/"));

            ActorSystem<Node.Command> system = started.get(60, TimeUnit.SECONDS);
            double equity;
            try {
                equity = RunHarness.awaitEquity(system, 23456.78, Duration.ofSeconds(30));
            } finally {
                system.terminate();
            }
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), c.out() + "\n" + c.err());
            String out = c.out().toString();
            assertTrue(out.contains("sim against a custom URL " + sim.restBaseUrl()), out);
            assertTrue(out.contains("hosts chosen by --exchange-url"), out);
            assertFalse(out.contains("built-in simulator"), out);
            assertEquals(23456.78, equity, 1e-6, "Risk never read the standalone simulator's wallet");
            assertTrue(sim.signedRequests() > 0);
        }
    }

    @Test
    void aSimulatorThatIsNotThereIsNamedAtOnceWithTheCause() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Cli c = cli(new RunCommand(), journalInTmp());
        int exit = c.cl().execute("--env-file", dir.resolve("none.env").toString(), "--cluster-port", "0",
                "--status-port", "0", "--exchange-url", "http://127.0.0.1:" + closed);
        assertEquals(ExitCodes.RUNTIME_FAILURE, exit, c.out() + "\n" + c.err());
        assertEquals("error: cannot reach the exchange at http://127.0.0.1:" + closed + ": connection refused by"
                + " 127.0.0.1:" + closed + "; check the network, or the host (BYBIT_BASE_URL, --exchange-url)",
                c.err().toString().strip());
        assertTrue(c.out().toString().contains("sim against a custom URL http://127.0.0.1:" + closed),
                "the hosts are said first: " + c.out());
    }

    @Test
    void aBadExchangeUrlIsExitTwo() {
        Cli c = cli(new RunCommand(), Map.of());
        int exit = c.cl().execute("--env-file", dir.resolve("none.env").toString(), "--exchange-url", "127.0.0.1:8090");
        assertEquals(2, exit);
        assertTrue(c.err().toString().contains("--exchange-url: found \"127.0.0.1:8090\""), c.err().toString());
        assertTrue(c.err().toString().contains("expected an http(s):// or ws(s):// URL"), c.err().toString());
    }

    @Test
    void severalNodesAreRefusedWithTheirOwnSimulatorOrAnUnsharedJournal() {
        Cli own = cli(new RunCommand(), Map.of());
        int exit = own.cl().execute("--env-file", dir.resolve("none.env").toString(), "--seed-node", "127.0.0.1:25599");
        assertEquals(2, exit, own.out().toString());
        assertTrue(own.err().toString().contains("several nodes need one exchange"), own.err().toString());

        Cli h2 = cli(new RunCommand(), journalInTmp());
        exit = h2.cl().execute("--env-file", dir.resolve("none.env").toString(), "--cluster-nodes", "3",
                "--exchange-url", "http://127.0.0.1:1");
        assertEquals(2, exit, h2.out().toString());
        assertTrue(h2.err().toString().contains("several nodes need one shared journal"), h2.err().toString());
        assertTrue(h2.err().toString().contains("PYBIT_JOURNAL_URL"), h2.err().toString());
    }
}
