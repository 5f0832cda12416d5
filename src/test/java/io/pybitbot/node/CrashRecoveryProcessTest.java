package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Interval;
import io.pybitbot.node.SimRecords.Trade;
import io.pybitbot.sim.OrderCreates;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's crash test. A node in its own JVM trades against a simulator outside it (this test's JVM, on
 * loopback, the way {@code sim} serves one); it is SIGKILLed while it holds open positions and an entry is on
 * its way (the simulator executed the entry but stays silent about it: neither the answer nor the fill reaches
 * the node), and restarted on the same journal. Everything is asserted from the simulator's own records (its
 * order-create log, executions and positions) and from what the node journaled.
 */
class CrashRecoveryProcessTest {

    /** Replay speed: a 5-minute candle a second, so the default strategies trade within a minute. */
    static final String SPEED = "300";
    static final ActorTestKit kit = ActorTestKit.create("CrashRecoveryProcessTest");

    @TempDir
    Path dir;

    @AfterAll
    static void down() {
        kit.shutdownTestKit();
    }

    @Test
    void aKilledNodeComesBackOnItsH2JournalWithoutRepeatingOrForgettingAnything() throws Exception {
        crashAndRestart("");
        assertTrue(Files.isRegularFile(dir.resolve("data/journal/sim.mv.db")), "the default journal file");
    }

    @Test
    void aKilledNodeComesBackOnItsPostgresJournalWithoutRepeatingOrForgettingAnything() throws Exception {
        Path data = dir.resolve("pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                .start()) {
            try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE USER bot WITH PASSWORD 'crash-pw'");
                st.execute("CREATE DATABASE pybit OWNER bot");
            }
            crashAndRestart("PYBIT_JOURNAL_URL=jdbc:postgresql://localhost:" + pg.getPort() + "/pybit\n"
                    + "PYBIT_JOURNAL_USER=bot\nPYBIT_JOURNAL_PASSWORD=crash-pw\n");
        }
    }

    private String journalKind = "h2";

    private void crashAndRestart(String env) throws Exception {
        journalKind = env.isEmpty() ? "h2" : "postgres";
        Path configs = dir.resolve("configs");
        Files.createDirectories(configs);
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        // the cluster settings a node reads from application.conf next to its config directory
        Files.copy(Path.of("application.conf"), dir.resolve("application.conf"));
        Path envFile = dir.resolve("node.env");
        Files.writeString(envFile, env);
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT", "ETHUSDT"))
                .withSpeed(Speed.parse(SPEED)).withHistory(310, Interval.M5);
        try (SimulatedExchange sim = SimulatedExchange.start(settings, kit.system())) {
            String[] run = {"run", "--config-dir", configs.toString(), "--env-file", envFile.toString(),
                    "--cluster-port", "0", "--exchange-url", sim.restBaseUrl()};

            // 1. trade until a trade has closed and a position is open, then kill it with an entry on its way
            String before;
            OrderCreates.Attempt inFlight;
            try (NodeProcess first = NodeProcess.start(dir, run)) {
                first.awaitOutput("node started", Duration.ofSeconds(90));
                await(() -> SimRecords.count(SimRecords.closedTrades(sim)) >= 1
                        && !sim.core().engine().openPositions().isEmpty(), Duration.ofSeconds(90),
                        "a closed trade and an open position at the simulator", first);
                var sprung = sim.orderCreates().silenceAfterNextEntry();
                try {
                    inFlight = sprung.get(90, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("no entry within 90 s:\n" + first.output());
                }
                first.process.destroyForcibly(); // SIGKILL
                assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
                before = first.output();
                keep(first, "before-the-kill");
                Path db = dir.resolve("data/journal/sim.mv.db");
                if (Files.exists(db)) {
                    Files.copy(db, Path.of("target", "crash-logs", "journal-at-kill.mv.db"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            var openAtKill = sim.core().engine().openPositions();
            sim.orderCreates().endSilence();
            assertFalse(openAtKill.isEmpty(), "positions open at the kill");
            assertTrue(before.contains("[" + inFlight.orderLinkId() + "]"), "the node had sent the entry:\n" + before);
            String riskBefore = lastLineAfter(before, "Risk journaled: ");
            System.out.printf("killed with %d open position(s) %s; entry %s on its way; %d trade(s) closed%n",
                    openAtKill.size(), openAtKill.stream().map(p -> p.side() + " " + p.size().toPlainString() + " "
                            + p.symbol()).toList(), inFlight.orderLinkId(), SimRecords.count(SimRecords.closedTrades(sim)));

            // 2. restart on the same journal
            try (NodeProcess second = NodeProcess.start(dir, run)) {
                keepOnExit(second, "after-the-restart");
                second.awaitOutput("Order execution recovered", Duration.ofSeconds(90));
                long recovered = System.nanoTime();
                await(() -> SimRecords.unprotected(sim).isEmpty(), Duration.ofSeconds(10),
                        "every open position with a stop at the exchange " + SimRecords.unprotected(sim), second);
                System.out.printf("every open position had a stop %d ms after the recovery line%n",
                        (System.nanoTime() - recovered) / 1_000_000);
                String after = second.output();
                assertEquals(riskBefore, lastLineAfter(after, "Risk recovered from the journal: "),
                        "Risk's peak, day start, halt and cooldowns survive the kill:\n" + after);
                assertTrue(after.contains("order " + inFlight.orderLinkId() + " (")
                        && after.contains("was on its way at the restart: found at the exchange, Filled"),
                        "the entry on its way was looked up by its orderLinkId:\n" + after);
                String recoveredLine = lastLineAfter(after, "Order execution recovered");
                assertFalse(recoveredLine.contains("unknown owner"), recoveredLine + "\n" + after);

                int closedAtRestart = SimRecords.count(SimRecords.closedTrades(sim));
                await(() -> SimRecords.count(SimRecords.closedTrades(sim)) > closedAtRestart,
                        Duration.ofSeconds(60), "another trade closed after the restart", second);
                Map<String, List<Trade>> simAtStop = SimRecords.closedTrades(sim);
                second.sigterm();
                assertEquals(0, second.awaitExit(Duration.ofSeconds(60)), second.output());
                assertTrue(second.output().contains("graceful stop: every order sent has an answer from the exchange"),
                        second.output());
                Map<String, List<Trade>> simAfterStop = SimRecords.closedTrades(sim);
                Map<String, List<Trade>> node = SimRecords.closedTrades(before + second.output());
                // the node's trade list is the simulator's: none missing (a prefix of what closed by the stop
                // is in it), none twice (it is a prefix of what closed by the end)
                for (String symbol : simAfterStop.keySet()) {
                    List<Trade> said = node.getOrDefault(symbol, List.of());
                    List<Trade> early = simAtStop.getOrDefault(symbol, List.of());
                    List<Trade> late = simAfterStop.get(symbol);
                    String msg = symbol + ": node " + said + ", simulator " + late + "\n" + before + "\n----\n"
                            + second.output();
                    assertTrue(said.size() >= early.size() && said.subList(0, early.size()).equals(early), msg);
                    assertTrue(late.size() >= said.size() && late.subList(0, said.size()).equals(said), msg);
                }
                System.out.printf("trades closed: %d before the kill, %d by the stop; the node reported %d%n",
                        SimRecords.count(SimRecords.closedTrades(before)), SimRecords.count(simAtStop),
                        SimRecords.count(node));
            }

            // 3. one order per intent: no orderLinkId was sent again (the simulator refuses a reuse with 110072)
            List<OrderCreates.Attempt> creates = sim.orderCreates().attempts();
            assertTrue(creates.stream().noneMatch(a -> a.retCode() == 110072), "an intent was sent twice: " + creates);
            Map<String, Long> placed = creates.stream().filter(a -> a.retCode() == 0)
                    .collect(Collectors.groupingBy(OrderCreates.Attempt::orderLinkId, Collectors.counting()));
            assertEquals(1L, placed.get(inFlight.orderLinkId()), creates.toString());
            assertTrue(placed.values().stream().allMatch(n -> n == 1), creates.toString());
            assertEquals(1, creates.stream().filter(a -> a.orderLinkId().equals(inFlight.orderLinkId())).count(),
                    "the entry on its way at the kill was sent once: " + creates);
        }
    }

    /** The node's log under target/crash-logs, to read after a failure. */
    private void keep(NodeProcess node, String name) throws java.io.IOException {
        Path logs = Path.of("target", "crash-logs");
        Files.createDirectories(logs);
        Files.copy(node.log, logs.resolve(journalKind + "-" + name + ".log"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void keepOnExit(NodeProcess node, String name) {
        node.process.onExit().thenRun(() -> {
            try {
                keep(node, name);
            } catch (java.io.IOException e) {
                // only a convenience
            }
        });
    }

    /** The rest of the last line holding {@code marker}, from the marker on. */
    private static String lastLineAfter(String log, String marker) {
        int at = log.lastIndexOf(marker);
        assertTrue(at >= 0, "no '" + marker + "' in:\n" + log);
        int end = log.indexOf('\n', at);
        return log.substring(at + marker.length(), end < 0 ? log.length() : end).trim();
    }

    private static void await(BooleanSupplier condition, Duration limit, String what, NodeProcess node)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!node.process.isAlive()) {
                throw new AssertionError("the node ended before " + what + ":\n" + node.output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit + ":\n" + node.output());
            }
            Thread.sleep(50);
        }
    }
}
