package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.Main;
import io.pybitbot.cli.SimCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The clock drivers (real time x factor, max) and the {@code sim} command's options. */
class SimClockAndCommandTest {

    static final ActorTestKit testKit = ActorTestKit.create("SimClockAndCommandTest");

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void maxSpeedReplaysWithoutBeingStepped() throws InterruptedException {
        SimSettings s = SimRestTest.settings().withSpeed(Speed.MAX);
        try (SimulatedExchange sim = SimulatedExchange.start(s, testKit.system())) {
            long start = sim.core().replayStartMs();
            await(() -> sim.core().feedNowMs() >= start + 60 * 60_000L, "an hour of virtual time replayed");
            await(() -> sim.core().finished(), "the 350 replay candles finished");
            assertEquals(sim.core().feedNowMs(), sim.virtualNowMs());
        }
    }

    @Test
    void realTimeTimesAFactorFollowsTheWallClock() throws InterruptedException {
        MutableClock wall = new MutableClock(SimRestTest.START);
        SimSettings s = SimRestTest.settings().withSpeed(Speed.times(60));
        try (SimulatedExchange sim = SimulatedExchange.start(s, testKit.system(), wall)) {
            long start = sim.core().replayStartMs();
            assertEquals(start, sim.virtualNowMs()); // no wall time has passed yet
            wall.advance(10_000); // 10 s of wall time at 60x = 10 minutes of virtual time
            assertEquals(start + 600_000, sim.virtualNowMs());
            await(() -> sim.core().feedNowMs() >= start + 600_000 - sim.core().tickMs(), "feed caught up");
            assertTrue(sim.core().feedNowMs() <= start + 600_000);
        }
    }

    @Test
    void speedParsing() {
        assertEquals(Speed.REAL_TIME, Speed.parse("1"));
        assertEquals(Speed.times(60), Speed.parse("60x"));
        assertEquals(Speed.MAX, Speed.parse("MAX"));
        assertEquals(Speed.MANUAL, Speed.parse("manual"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Speed.parse("fast")).getMessage()
                .contains("'fast'"));
        assertThrows(IllegalArgumentException.class, () -> Speed.parse("0"));
    }

    @Test
    void commandOptionsBecomeSettings() {
        SimCommand cmd = new SimCommand();
        new CommandLine(cmd).parseArgs("--port", "0", "--symbols", "btcusdt, ethusdt", "--data", "synthetic",
                "--speed", "max", "--balance", "500", "--leverage", "3", "--fault-drop-ws-every", "1.5",
                "--fault-error-rate", "0.25", "--fault-clock-skew-ms", "-2000", "--no-rate-limits");
        SimSettings s = cmd.settings(Map.of("SIM_API_KEY", "env-key", "SIM_API_SECRET", "env-secret"));
        assertEquals(0, s.port());
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), s.symbols());
        assertEquals(Speed.MAX, s.speed());
        assertEquals(0, new BigDecimal("500").compareTo(s.initialBalance()));
        assertEquals(Duration.ofMillis(1500), s.faults().dropWsEvery());
        assertEquals(0.25, s.faults().serverErrorRate());
        assertEquals(Duration.ofMillis(-2000), s.faults().clockSkew());
        assertEquals("env-key", s.apiKey());
        assertEquals(false, s.enforceRateLimits());
        SimCommand defaults = new SimCommand();
        new CommandLine(defaults).parseArgs();
        SimSettings d = defaults.settings(Map.of());
        assertEquals(SimSettings.DEFAULT_API_KEY, d.apiKey());
        assertEquals(SimSettings.DEFAULT_PORT, d.port());
        assertEquals(FaultSettings.NONE, d.faults());
        assertTrue(!d.toString().contains(d.apiSecret()), "the secret stays out of toString");
    }

    @Test
    void badOptionsExitWithUsageCodeNamingTheProblem() {
        for (String[] args : List.of(new String[] {"sim", "--speed", "manual"},
                new String[] {"sim", "--fault-error-rate", "2"}, new String[] {"sim", "--port", "70000"})) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            assertEquals(2, cl.execute(args), String.join(" ", args));
            assertTrue(err.toString().contains("speed") || err.toString().contains("server-error-rate")
                    || err.toString().contains("port"), err::toString);
        }
    }

    @Test
    void configFileThenEnvironmentThenFlags(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path cfg = dir.resolve("sim.json");
        java.nio.file.Files.writeString(cfg, """
                {"port": 9100, "api_key": "cfg-key", "api_secret": "cfg-secret", "symbols": ["ETHUSDT"],
                 "data": "synthetic", "speed": "30", "synthetic": {"interval": "5", "candles": 999},
                 "account": {"balance": 2500, "fees": {"taker": 0.0006}},
                 "rate_limits": {"ip_limit_per_5s": 100},
                 "faults": {"error_rate": 0.1, "drop_ws_every_seconds": 30}}
                """);
        SimCommand cmd = new SimCommand();
        new CommandLine(cmd).parseArgs("--config", cfg.toString(), "--port", "9200");
        SimSettings s = cmd.settings(Map.of());
        assertEquals(9200, s.port());
        assertEquals("cfg-key", s.apiKey());
        assertEquals("cfg-secret", s.apiSecret());
        assertEquals(List.of("ETHUSDT"), s.symbols());
        assertEquals(Speed.times(30), s.speed());
        assertEquals("5", s.syntheticInterval());
        assertEquals(999, s.syntheticCandles());
        assertEquals(0, new BigDecimal("2500").compareTo(s.initialBalance()));
        assertEquals(0, new BigDecimal("0.0006").compareTo(s.fills().fees().takerRate()));
        assertEquals(0, new BigDecimal("0.0002").compareTo(s.fills().fees().makerRate()));
        assertEquals(100, s.ipLimitPer5s());
        assertEquals(0.1, s.faults().serverErrorRate());
        assertEquals(Duration.ofSeconds(30), s.faults().dropWsEvery());
        assertEquals("env-key", cmd.settings(Map.of("SIM_API_KEY", "env-key")).apiKey());

        java.nio.file.Files.writeString(cfg, "{\"faults\": {\"error_rat\": 0.1}}");
        SimCommand typo = new SimCommand();
        new CommandLine(typo).parseArgs("--config", cfg.toString());
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> typo.settings(Map.of()));
        assertTrue(e.getMessage().contains("faults.error_rat"), e.getMessage());
    }

    @Test
    void startAsyncCompletesWithTheBoundSimulatorOrTheBindFailure() throws Exception {
        SimulatedExchange sim = SimulatedExchange.startAsync(SimRestTest.settings(), testKit.system(),
                java.time.InstantSource.system()).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            assertTrue(sim.port() > 0);
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> SimulatedExchange.start(
                    SimRestTest.settings().withPort(sim.port()), testKit.system()));
            assertTrue(busy.getMessage().contains("could not listen on 127.0.0.1:" + sim.port() + ": the port is in use"), busy.getMessage());
        } finally {
            sim.stop();
        }
    }
}
