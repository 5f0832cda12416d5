package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.cli.RunHarness.Cli;
import io.pybitbot.node.Node;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The dashboard in a real browser: the system's headless Chromium driven by playwright-core (npm, pinned in
 * {@code src/test/dashboard/package.json}, installed by {@code npm ci} here; {@code .ci/run} installs Chromium on a
 * fresh machine). A sim-mode node trades against a standalone simulator stepped until a position opens; the page
 * must show it and its fill, load nothing from outside the node, and halt then resume from its buttons, as the API
 * then confirms.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class DashboardBrowserTest {

    static final Path DIR = Path.of("src/test/dashboard");
    static final ActorTestKit testKit = ActorTestKit.create("DashboardBrowserTest");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "dash-7c1e-not-for-logs";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void down() {
        testKit.shutdownTestKit();
    }

    @Test
    void thePageShowsAPositionAndItsFillHaltsResumesAndClosesItFromItsButtons() throws Exception {
        String chromium = chromium();
        installPlaywright();
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT", "ETHUSDT"))
                .withSpeed(Speed.MANUAL).withTimeline(3, 310, null);
        Path env = dir.resolve(".env");
        Files.writeString(env, "STATUS_API_TOKEN=" + TOKEN + "\n");
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            RunCommand run = new RunCommand();
            CompletableFuture<ActorSystem<Node.Command>> started = new CompletableFuture<>();
            run.onStart = started::complete;
            run.config.environment(Map.of("PYBIT_JOURNAL_URL", "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath()),
                    new Properties());
            Cli c = Cli.of(run);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.cl().execute(
                    "--env-file", env.toString(), "--cluster-port", "0", "--status-port", "0",
                    "--exchange-url", sim.restBaseUrl()));
            ActorSystem<Node.Command> system = started.get(60, TimeUnit.SECONDS);
            try {
                RunHarness.awaitWarm(system, List.of("BTCUSDT", "ETHUSDT"));
                String base = run.statusServer.url();
                JsonNode status = stepUntilAPositionAndItsFill(sim, base);
                String symbol = status.path("positions").get(0).path("symbol").asText();
                String entry = status.path("positions").get(0).path("entryPrice").asText();

                Process browser = new ProcessBuilder("node", "browser.js", base, TOKEN, symbol, chromium)
                        .directory(DIR.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
                StringBuilder stderr = new StringBuilder();
                Thread drain = new Thread(() -> drain(browser, stderr));
                drain.start();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                        StandardCharsets.UTF_8));
                     Writer in = new OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8)) {
                    JsonNode seen = step(out, browser, stderr);
                    assertEquals("seen", seen.path("step").asText(), seen.toString());
                    JsonNode row = findRow(seen.path("positions"), symbol);
                    assertEquals(status.path("positions").get(0).path("side").asText(), row.get(2).asText(), row.toString());
                    assertEquals(Double.parseDouble(entry), Double.parseDouble(row.get(4).asText().replace(",", "")),
                            1e-9, row.toString());
                    assertFalse(row.get(5).asText().equals("NO STOP") || row.get(5).asText().equals("none"),
                            "the page shows no stop: " + row);
                    JsonNode fill = findRow(seen.path("trades"), symbol, 1);
                    assertEquals("entry", fill.get(3).asText(), fill.toString());
                    assertEquals("ACTIVE", seen.path("risk").asText());
                    assertTrue(Integer.parseInt(seen.path("signals").asText()) >= 1, "a position but no signal: " + seen);
                    assertTrue(seen.path("chartCanvases").asInt() >= 1, "uPlot drew no chart: " + seen);
                    assertTrue(seen.path("symbols").toString().contains("live"), seen.toString());

                    send(in, "halt");
                    JsonNode halted = step(out, browser, stderr);
                    assertTrue(halted.path("askedForToken").asBoolean(), "the page did not ask for the token");
                    assertEquals("HALTED", halted.path("shown").asText(), halted.toString());
                    JsonNode risk = get(base + "/api/v1/status").path("risk");
                    assertEquals("HALTED", risk.path("state").asText(), risk.toString());
                    assertTrue(risk.path("haltReason").asText().contains("from the dashboard"), risk.toString());

                    send(in, "resume");
                    JsonNode resumed = step(out, browser, stderr);
                    assertFalse(resumed.path("askedForToken").asBoolean(), "the page forgot the token within the page");
                    assertEquals("ACTIVE", resumed.path("shown").asText(), resumed.toString());
                    assertEquals("ACTIVE", get(base + "/api/v1/status").path("risk").path("state").asText());

                    // one position closed from its own row
                    send(in, "close");
                    JsonNode close = step(out, browser, stderr);
                    assertTrue(close.path("result").asText().startsWith("flatten: closing "
                            + status.path("positions").get(0).path("side").asText() + " "), close.toString());
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (hasPosition(get(base + "/api/v1/status").path("positions"), symbol)) {
                        assertTrue(System.nanoTime() < until, symbol + " still open after the page closed it");
                        sim.step(1);
                        Thread.sleep(100);
                    }

                    send(in, "quit");
                    JsonNode done = step(out, browser, stderr);
                    assertEquals(List.of(), JSON.convertValue(done.path("foreignRequests"), List.class),
                            "the page loaded something from outside the node");
                    assertEquals(List.of(), JSON.convertValue(done.path("errors"), List.class), "errors in the page");
                } finally {
                    if (!browser.waitFor(20, TimeUnit.SECONDS)) {
                        browser.destroyForcibly();
                    }
                    drain.join(5000);
                }
                assertEquals(0, browser.exitValue(), stderr.toString());
                assertFalse(stderr.toString().contains(TOKEN), "the token was printed");
            } finally {
                system.terminate();
            }
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), c.out() + "\n" + c.err());
            assertFalse((c.out().toString() + c.err()).contains(TOKEN), "the token was printed");
        }
    }

    /** Steps the simulator a tick at a time until the status lists a position and a fill (at most 60 s). */
    private JsonNode stepUntilAPositionAndItsFill(SimulatedExchange sim, String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sim.core().engine().openPositions().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no position opened at the simulator within 60 s");
            sim.step(1);
            Thread.sleep(25);
        }
        JsonNode status;
        do {
            assertTrue(System.nanoTime() < deadline, "the status never listed the simulator's position and fill");
            Thread.sleep(100);
            status = get(base + "/api/v1/status");
        } while (status.path("positions").isEmpty() || status.path("trades").isEmpty()
                || !status.path("positions").get(0).path("protected").asBoolean());
        return status;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return JSON.readTree(res.body());
    }

    private static JsonNode findRow(JsonNode table, String symbol) {
        return findRow(table, symbol, 0);
    }

    private static JsonNode findRow(JsonNode table, String symbol, int column) {
        for (JsonNode row : table) {
            if (row.path(column).asText().equals(symbol)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + symbol + " in " + table);
    }

    private static boolean hasPosition(JsonNode positions, String symbol) {
        for (JsonNode p : positions) {
            if (p.path("symbol").asText().equals(symbol)) {
                return true;
            }
        }
        return false;
    }

    private static void send(Writer in, String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /** The browser script's next JSON line (it prints one per step). */
    private static JsonNode step(BufferedReader out, Process browser, StringBuilder stderr) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the browser script ended early: " + stderr);
        }
        return JSON.readTree(line);
    }

    private static void drain(Process p, StringBuilder into) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String l = err.readLine(); l != null; l = err.readLine()) {
                synchronized (into) {
                    into.append(l).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The system's Chromium (Debian package {@code chromium}); .ci/run installs it when missing. */
    static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("no Chromium at /usr/bin/chromium: install the Debian package (apt-get install -y "
                + "chromium; .ci/run does it on a fresh machine)");
    }

    /** {@code npm ci} unless the pinned playwright-core is already installed. */
    static void installPlaywright() throws Exception {
        Path installed = DIR.resolve("node_modules/playwright-core/package.json");
        String wanted = JSON.readTree(DIR.resolve("package.json").toFile()).at("/dependencies/playwright-core").asText();
        if (Files.exists(installed) && JSON.readTree(installed.toFile()).path("version").asText().equals(wanted)) {
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(DIR.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("npm ci in " + DIR + " did not finish within 600 s");
        }
        assertEquals(0, p.exitValue(), () -> "npm ci in " + DIR + " failed (Node.js and npm are needed; .ci/run "
                + "installs them):\n" + output);
    }
}
