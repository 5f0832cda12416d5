package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.cli.RunHarness.Cli;
import io.pybitbot.node.Node;
import io.pybitbot.ops.PrometheusText;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The status API of a running node, over real HTTP: health and status read by anyone, halt and resume only with the
 * bearer token from .env, and the refusals a careless set-up gets (an open address without a token, a port in use).
 */
@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class StatusApiTest {

    static final ActorTestKit testKit = ActorTestKit.create("StatusApiTest");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "tok-3f9a-not-for-logs";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void down() {
        testKit.shutdownTestKit();
    }

    private Cli cli(RunCommand run) {
        run.config.environment(Map.of("PYBIT_JOURNAL_URL", "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath()),
                new Properties());
        return Cli.of(run);
    }

    private HttpResponse<String> call(String method, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"why\":\"test\"}")
                        : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsAreOpenAndControlsNeedTheTokenFromDotEnv() throws Exception {
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT", "ETHUSDT"))
                .withSpeed(Speed.MANUAL).withTimeline(3, 310, null);
        Path env = dir.resolve(".env");
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system());
             io.pybitbot.ops.FakeHttpSink webhook = new io.pybitbot.ops.FakeHttpSink()) {
            Files.writeString(env, "STATUS_API_TOKEN=" + TOKEN + "\nALERT_WEBHOOK_URL=" + webhook.url() + "/alerts\n");
            RunCommand run = new RunCommand();
            CompletableFuture<ActorSystem<Node.Command>> started = new CompletableFuture<>();
            run.onStart = started::complete;
            Cli c = cli(run);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> c.cl().execute(
                    "--env-file", env.toString(), "--cluster-port", "0", "--status-port", "0",
                    "--exchange-url", sim.restBaseUrl()));
            ActorSystem<Node.Command> system = started.get(60, TimeUnit.SECONDS);
            try {
                String base = run.statusServer.url() + "/api/v1/";
                RunHarness.awaitWarm(system, List.of("BTCUSDT", "ETHUSDT"));

                HttpResponse<String> health = call("GET", base + "health", null);
                assertEquals(200, health.statusCode(), health.body());
                assertEquals("UP", JSON.readTree(health.body()).path("status").asText());

                JsonNode status = JSON.readTree(call("GET", base + "status", null).body());
                assertEquals("ACTIVE", status.path("risk").path("state").asText(), status.toString());
                assertEquals(List.of("BTCUSDT", "ETHUSDT"), List.of(status.path("symbols").get(0).path("symbol").asText(),
                        status.path("symbols").get(1).path("symbol").asText()));
                assertEquals("live", status.path("symbols").get(0).path("state").asText(), status.toString());
                JsonNode stream = status.path("symbols").get(0).path("stream");
                assertTrue(stream.path("connections").asInt() == 1 && stream.path("reconnects").asInt() == 0
                        && stream.path("closeLagMs").isNumber() && !stream.path("lastEvent").asText().isEmpty(),
                        "the live symbol's stream health: " + stream);
                assertTrue(status.path("invalidData").path("total").isNumber(), status.toString());
                JsonNode account = status.path("accountStream");
                assertTrue(account.path("streaming").asBoolean() && account.path("connections").asInt() >= 1
                        && account.path("stalls").asInt() == 0, "the private stream: " + account);
                assertEquals("Up", status.path("cluster").path("members").get(0).path("status").asText());
                assertTrue(status.path("rest").path("submitted").asLong() > 0, "the REST client's queue: " + status);

                assertEquals(401, call("POST", base + "halt", null).statusCode(), "no token");
                assertEquals(401, call("POST", base + "halt", TOKEN + "x").statusCode(), "wrong token");
                assertEquals("ACTIVE", JSON.readTree(call("GET", base + "status", null).body())
                        .path("risk").path("state").asText(), "a refused control changed nothing");

                // metrics: strict Prometheus text, the JVM's and the bot's own, the same figures as the status
                String metricsUrl = run.statusServer.url() + "/metrics";
                List<PrometheusText.Sample> metrics = awaitMetric(metricsUrl, "pybit_equity_usdt", 10000.0);
                assertTrue(metrics.stream().anyMatch(m -> m.name().equals("jvm_memory_used_bytes")), "no JVM metrics");
                assertEquals(0.0, value(metrics, "pybit_risk_halted"));
                assertEquals(0.0, value(metrics, "pybit_position_unprotected_seconds"), "no position, none bare");
                assertEquals(0.0, value(metrics, "pybit_unprotected_position_seconds_total"));
                assertEquals(0.0, value(metrics, "pybit_reconcile_differences_total"));
                assertTrue(value(metrics, "pybit_rest_calls_total") > 0, "REST calls counted");
                assertTrue(metrics.stream().anyMatch(m -> m.name().equals("pybit_rest_bucket_calls_total")
                        && "IP".equals(m.labels().get("bucket")) && m.value() > 0), "per-bucket calls");
                // the gauges read the REST client's last published stats, which may predate its first figures
                metrics = awaitSample(metricsUrl, m -> m.name().equals("pybit_rest_bucket_available")
                        && "ORDER_CREATE".equals(m.labels().get("bucket")) && m.value() > 0, "per-bucket headroom");
                for (String name : dashboardMetricNames()) {
                    assertTrue(metrics.stream().anyMatch(m -> m.name().equals(name)),
                            "docs/grafana-dashboard.json charts " + name + ", which /metrics does not have");
                }
                assertEquals(1.0, metrics.stream().filter(m -> m.name().equals("pybit_symbol_live")
                        && "BTCUSDT".equals(m.labels().get("symbol"))).findFirst().orElseThrow().value());

                HttpResponse<String> halt = call("POST", base + "halt", TOKEN);
                assertEquals(200, halt.statusCode(), halt.body());
                assertEquals("HALTED", JSON.readTree(halt.body()).path("state").asText());
                JsonNode halted = JSON.readTree(call("GET", base + "status", null).body()).path("risk");
                assertEquals("HALTED", halted.path("state").asText());
                assertTrue(halted.path("haltReason").asText().contains("halted by status API: test"), halted.toString());
                awaitMetric(metricsUrl, "pybit_risk_halted", 1.0);
                List<io.pybitbot.ops.FakeHttpSink.Received> alerts = webhook.await(1, Duration.ofSeconds(10));
                assertEquals(1, alerts.size(), "the halt was not alerted");
                assertTrue(alerts.get(0).body().contains("RISK HALTED: TRADING_HALTED: halted by status API: test"),
                        alerts.get(0).body());

                HttpResponse<String> resume = call("POST", base + "resume", TOKEN);
                assertEquals(200, resume.statusCode(), resume.body());
                assertEquals("ACTIVE", JSON.readTree(call("GET", base + "status", null).body())
                        .path("risk").path("state").asText());

                // the same from the shell, as an operator does it
                String url = run.statusServer.url();
                Shell halt2 = shell("halt", "--url", url, "--env-file", env.toString(), "--why", "from the shell");
                assertEquals(0, halt2.exit(), halt2.err());
                assertTrue(halt2.out().contains("risk HALTED: TRADING_HALTED: halted by status API: from the shell"),
                        halt2.out());
                Shell st = shell("status", "--url", url, "--env-file", env.toString());
                assertEquals(0, st.exit(), st.err());
                assertTrue(st.out().contains("risk HALTED"), st.out());
                assertTrue(st.out().contains("  BTCUSDT    live"), st.out());
                Shell noToken = shell("resume", "--url", url, "--env-file", dir.resolve("none.env").toString());
                assertEquals(ExitCodes.USAGE, noToken.exit());
                assertTrue(noToken.err().contains("STATUS_API_TOKEN is unset"), noToken.err());
                Shell resume2 = shell("resume", "--url", url, "--env-file", env.toString());
                assertEquals(0, resume2.exit(), resume2.err());
                assertEquals("risk ACTIVE", resume2.out().strip());
                // pause and resume one strategy
                Shell pause = shell("pause", "strategy_a", "--url", url, "--env-file", env.toString());
                assertEquals(0, pause.exit(), pause.err());
                assertEquals("strategy strategy_a paused: no new entries from it until `resume strategy_a`",
                        pause.out().strip());
                JsonNode pausedRisk = JSON.readTree(call("GET", base + "status", null).body()).path("risk");
                assertTrue(pausedRisk.path("pausedStrategies").path("strategy_a").asText()
                        .startsWith("paused by status API at "), pausedRisk.toString());
                awaitMetric(metricsUrl, "pybit_strategies_paused", 1.0);
                Shell unknown = shell("pause", "strategy_z", "--url", url, "--env-file", env.toString());
                assertTrue(unknown.err().contains("the node answered 404: no enabled strategy \"strategy_z\"; enabled:"
                        + " strategy_a, strategy_b"), unknown.err());
                Shell unpause = shell("resume", "strategy_a", "--url", url, "--env-file", env.toString());
                assertEquals("strategy strategy_a resumed: new entries from it are allowed", unpause.out().strip(),
                        unpause.err());
                assertEquals(0, JSON.readTree(call("GET", base + "status", null).body()).path("risk")
                        .path("pausedStrategies").size());
                // flatten one symbol: the node says what it did, or why it did nothing
                Shell flatEth = shell("flatten", "ethusdt", "--url", url, "--env-file", env.toString());
                assertEquals(ExitCodes.RUNTIME_FAILURE, flatEth.exit(), flatEth.out());
                assertTrue(flatEth.err().contains("the node answered 409: no open position on ETHUSDT"), flatEth.err());
                Shell flatBad = shell("flatten", "BTC-USDT", "--url", url, "--env-file", env.toString());
                assertTrue(flatBad.err().contains("the node answered 400: symbol: found \"BTC-USDT\", expected an"
                        + " upper-case Bybit symbol"), flatBad.err());
            } finally {
                system.terminate();
            }
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), c.out() + "\n" + c.err());
            assertTrue(c.out().toString().contains("status API: http://127.0.0.1:"), c.out().toString());
            assertTrue(c.out().toString().contains("controls on"), c.out().toString());
            assertTrue(c.out().toString().contains("alerts: webhook http://127.0.0.1:"), c.out().toString());
            assertFalse((c.out().toString() + c.err()).contains(TOKEN), "the token was printed");
        }
    }

    /** The scrape once {@code name} shows {@code expected} (metrics are sampled every 2 s), parsed strictly. */
    private List<PrometheusText.Sample> awaitMetric(String url, String name, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<PrometheusText.Sample> samples;
        do {
            HttpResponse<String> res = call("GET", url, null);
            assertEquals(200, res.statusCode());
            samples = PrometheusText.parse(res.body());
            if (value(samples, name) == expected) {
                return samples;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, value(samples, name), name);
        return samples;
    }

    private List<PrometheusText.Sample> awaitSample(String url, java.util.function.Predicate<PrometheusText.Sample> wanted,
                                                    String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<PrometheusText.Sample> samples;
        do {
            samples = PrometheusText.parse(call("GET", url, null).body());
            if (samples.stream().anyMatch(wanted)) {
                return samples;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": not in " + samples.size() + " samples");
    }

    private static double value(List<PrometheusText.Sample> samples, String name) {
        return samples.stream().filter(m -> m.name().equals(name)).findFirst().map(PrometheusText.Sample::value)
                .orElse(Double.NaN);
    }

    /** Every pybit_/jvm_ metric the sample Grafana dashboard queries. */
    private static java.util.Set<String> dashboardMetricNames() throws Exception {
        JsonNode dashboard = JSON.readTree(Path.of("docs/grafana-dashboard.json").toFile());
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b(pybit_[a-z_]+|jvm_[a-z_]+)");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                java.util.regex.Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertTrue(names.size() >= 8, names.toString());
        return names;
    }

    record Shell(int exit, String out, String err) {}

    private static Shell shell(String... args) {
        picocli.CommandLine cl = io.pybitbot.Main.commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Shell(exit, out.toString(), err.toString());
    }

    @Test
    void statusWithoutANodeSaysWhereItLooked() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Shell st = shell("status", "--url", "http://127.0.0.1:" + free, "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.RUNTIME_FAILURE, st.exit());
        assertEquals("error: no node answers at http://127.0.0.1:" + free + " (is `run` up? its address is general.json "
                + "$.system.status, or pass --url)", st.err().strip());
    }

    @Test
    void anOpenAddressWithoutATokenIsRefused() throws Exception {
        Path configs = RunHarness.configs(dir, "sim", dir.resolve("data"));
        Path general = configs.resolve("general.json");
        Files.writeString(general, Files.readString(general).replace("\"host\": \"127.0.0.1\"", "\"host\": \"0.0.0.0\""));
        Cli c = cli(new RunCommand());
        int exit = c.cl().execute("--config-dir", configs.toString(), "--env-file", dir.resolve("none.env").toString(),
                "--cluster-port", "0", "--status-port", "0");
        assertEquals(ExitCodes.USAGE, exit, c.out() + "\n" + c.err());
        assertTrue(c.err().toString().contains("$.system.status.host is \"0.0.0.0\", not a loopback address, and "
                + "STATUS_API_TOKEN is unset"), c.err().toString());
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Cli c = cli(new RunCommand());
            int exit = c.cl().execute("--env-file", dir.resolve("none.env").toString(), "--cluster-port", "0",
                    "--status-port", Integer.toString(taken.getLocalPort()));
            assertEquals(ExitCodes.USAGE, exit, c.out() + "\n" + c.err());
            String err = c.err().toString();
            assertTrue(err.contains("status API could not listen on 127.0.0.1:" + taken.getLocalPort()), err);
            assertFalse(err.contains("\tat "), "a stack trace: " + err);
        }
    }
}
