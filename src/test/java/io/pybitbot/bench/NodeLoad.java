package io.pybitbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One node under load, measured from outside: a simulator JVM with {@code symbols} synthetic symbols
 * ({@code S001USDT}...), and a node JVM trading all of them against it, both on the classpath this JVM runs on.
 * The node's own output says when it is up and when each symbol is warm (lines are timed as they arrive, so the
 * node is not asked anything while it warms up); its status API and {@code /metrics} give the rest afterwards.
 * Shared by {@link NodeBench} (numbers) and the 500-symbol test (assertions).
 */
public final class NodeLoad implements AutoCloseable {

    /** Bybit's IP limit, sustained: 600 requests per 5 s. */
    public static final double IP_REQUESTS_PER_SECOND = 600 / 5.0;

    /**
     * @param symbols        how many symbols the node trades
     * @param speed          replay speed of the simulator (a 5-minute candle every 300/speed seconds)
     * @param candles        synthetic 5-minute candles per symbol (300 of them are history)
     * @param interimUpdates forming-candle frames per candle besides the closing one
     * @param nodeHeap       the node JVM's -Xmx, e.g. "1g"
     * @param portfolio      many small positions (50 USDT each, one per symbol allowed), so a candle close makes a
     *                       burst of entries; false: the shipped execution.json (at most four positions)
     */
    public record Settings(int symbols, int speed, int candles, int interimUpdates, String nodeHeap, boolean portfolio) {}

    /** What the node did, as seen from outside it. */
    public record Result(int symbols, double warmStartSeconds, double floorSeconds, int warm, int live,
                         int quarantined, long warningsAtStart, List<String> warningKinds, double tickToOrderP50Ms,
                         double tickToOrderP90Ms, double tickToOrderP99Ms, long tickToOrderCount,
                         double roundTripP50Ms, double roundTripP99Ms, long ordersSubmitted, long restCalls,
                         long rateLimited, long liveCandles, double cpuMsPer1000Frames, long heapLiveBytes,
                         long rssBytes, long trades, int symbolsActing, List<String> refusedBuckets,
                         double firstOrderP50Ms, double firstOrderP99Ms, long firstOrderCount, long warnings,
                         List<String> warningsAfterWarm) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Settings settings;
    private final Path dir;
    private final Process sim;
    private final int simPort;
    private Process node;
    private int statusPort;
    private final List<String> nodeLines = new CopyOnWriteArrayList<>();
    private final List<Long> warmNanos = new CopyOnWriteArrayList<>();
    private volatile long upNanos;
    /** How many of {@link #nodeLines} were kept when the last symbol said it is warm; -1 before. */
    private volatile int linesWhenWarm = -1;

    private NodeLoad(Settings settings, Path dir, Process sim, int simPort) {
        this.settings = settings;
        this.dir = dir;
        this.sim = sim;
        this.simPort = simPort;
    }

    /** Starts the simulator and waits until it serves. */
    public static NodeLoad startSimulator(Settings s, Path dir) throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = java("1g");
        cmd.addAll(List.of("sim", "--data", "synthetic", "--symbols", String.join(",", symbols(s.symbols())),
                "--synthetic-interval", "5", "--synthetic-candles", Integer.toString(s.candles()),
                "--warmup-candles", "300", "--interim-updates", Integer.toString(s.interimUpdates()),
                "--speed", Integer.toString(s.speed()), "--port", Integer.toString(port), "--balance", "100000"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sim.log").toFile()).start();
        NodeLoad load = new NodeLoad(s, dir, p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.notExists(dir.resolve("sim.log")) || !Files.readString(dir.resolve("sim.log")).contains("Press Ctrl-C")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the simulator did not start:\n" + Files.readString(dir.resolve("sim.log")));
            }
            Thread.sleep(100);
        }
        return load;
    }

    /** Starts the node; returns once it printed that it is up. */
    public void startNode() throws IOException, InterruptedException {
        Path configs = writeConfigs();
        statusPort = freePort();
        List<String> cmd = java(settings.nodeHeap());
        // extra JVM options for the node only, to compare settings: -Dbench.node-jvm="-Dx=1 -Dy=2"
        String extra = System.getProperty("bench.node-jvm", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(1, List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("run", "--config-dir", configs.toString(), "--exchange-url", "http://127.0.0.1:" + simPort,
                "--status-port", Integer.toString(statusPort), "--cluster-port", "0", "--forever"));
        node = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(this::readNode, "node-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (upNanos == 0) {
            if (!node.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the node did not come up:\n" + String.join("\n", nodeLines));
            }
            Thread.sleep(20);
        }
    }

    /** Waits until every symbol said it is warm (or quarantined); false when {@code limit} passed first. */
    public boolean awaitWarm(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (warmNanos.size() < settings.symbols()) {
            if (!node.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits until the node has written an order; false when {@code limit} passed first. */
    public boolean awaitOrders(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (metrics().getOrDefault("pybit_orders_submitted_total", 0.0) < 1) {
            if (!node.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1_000);
        }
        return true;
    }

    /** Lets the node trade for {@code d}, then measures what it did since it came up. */
    public Result measure(Duration d) throws IOException, InterruptedException {
        double warmStart = warmNanos.isEmpty() ? Double.NaN
                : (warmNanos.stream().mapToLong(Long::longValue).max().orElseThrow() - upNanos) / 1e9;
        long cpu0 = cpuNanos();
        long candles0 = liveCandles(status());
        Thread.sleep(d.toMillis());
        JsonNode status = status();
        long cpu1 = cpuNanos();
        long candles1 = liveCandles(status);
        // warnings until the end of the measured stretch
        List<String> warningLines = new ArrayList<>();
        List<String> afterWarm = new ArrayList<>();
        int warmAt = linesWhenWarm < 0 ? nodeLines.size() : linesWhenWarm;
        for (int i = 0; i < nodeLines.size(); i++) {
            String l = nodeLines.get(i);
            if ((l.contains(" WARN ") || l.contains(" ERROR ")) && !l.contains("AlertSender")) {
                (i < warmAt ? warningLines : afterWarm).add(l);
            }
        }
        long warningsAtStart = warningLines.size();
        long warnings = warningLines.size() + afterWarm.size();
        List<String> kinds = java.util.stream.Stream.concat(warningLines.stream(), afterWarm.stream())
                .map(NodeLoad::kind).distinct().limit(8).toList();
        Map<String, Double> metrics = metrics();
        // the live set: what a full collection leaves (jcmd is in every JDK)
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(node.pid()), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        long heapLive = (long) metrics().getOrDefault("jvm_gc_live_data_size_bytes", Double.NaN).doubleValue();
        int live = 0;
        int quarantined = 0;
        int acting = 0;
        for (JsonNode sym : status.path("symbols")) {
            acting += sym.path("liveCandles").asLong() > 0 ? 1 : 0;
            live += sym.path("state").asText().equals("live") ? 1 : 0;
            quarantined += sym.path("state").asText().equals("quarantined") ? 1 : 0;
        }
        long rateLimited = 0;
        List<String> refusedBuckets = new ArrayList<>();
        for (JsonNode b : status.path("rest").path("buckets")) {
            rateLimited += b.path("rateLimited").asLong();
            if (b.path("rateLimited").asLong() > 0) {
                refusedBuckets.add(b.path("name").asText() + " " + b.path("rateLimited").asLong());
            }
        }
        long frames = (candles1 - candles0) * (settings.interimUpdates() + 1);
        return new Result(settings.symbols(), warmStart, settings.symbols() / IP_REQUESTS_PER_SECOND,
                warmNanos.size(), live, quarantined, warningsAtStart, kinds,
                quantileMs(metrics, "pybit_tick_to_order_seconds", 0.50),
                quantileMs(metrics, "pybit_tick_to_order_seconds", 0.90),
                quantileMs(metrics, "pybit_tick_to_order_seconds", 0.99),
                (long) metrics.getOrDefault("pybit_tick_to_order_seconds_count", 0.0).doubleValue(),
                quantileMs(metrics, "pybit_order_round_trip_seconds", 0.50),
                quantileMs(metrics, "pybit_order_round_trip_seconds", 0.99),
                (long) metrics.getOrDefault("pybit_orders_submitted_total", 0.0).doubleValue(),
                (long) metrics.getOrDefault("pybit_rest_calls_total", 0.0).doubleValue(), rateLimited, candles1,
                frames == 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / frames * 1000, heapLive, rssBytes(),
                status.path("trades").size(), acting, refusedBuckets,
                quantileMs(metrics, "pybit_tick_to_first_order_seconds", 0.50),
                quantileMs(metrics, "pybit_tick_to_first_order_seconds", 0.99),
                (long) metrics.getOrDefault("pybit_tick_to_first_order_seconds_count", 0.0).doubleValue(), warnings,
                List.copyOf(afterWarm));
    }

    /** The node JVM's process id (for a profiler). */
    public long nodePid() {
        return node.pid();
    }

    /** The node's lines so far (for a failure message). */
    public List<String> nodeOutput() {
        return nodeLines;
    }

    @Override
    public void close() {
        for (Process p : new Process[] {node, sim}) {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public static List<String> symbols(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("S%03dUSDT", i)).toList();
    }

    private void readNode() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                long now = System.nanoTime();
                if (upNanos == 0 && l.contains("node up: singletons started")) {
                    upNanos = now;
                } else if (l.contains(": warm (") || l.contains(": not warm") || l.contains("quarantin")) {
                    warmNanos.add(now);
                    if (warmNanos.size() == settings.symbols()) {
                        linesWhenWarm = nodeLines.size();
                    }
                }
                // every line would be megabytes at 500 symbols: warnings and the start are what a result quotes
                if (nodeLines.size() < 2_000 && (upNanos == 0 || l.contains(" WARN ") || l.contains(" ERROR "))) {
                    nodeLines.add(l);
                }
            }
        } catch (IOException ignored) {
            // the node is gone
        }
    }

    private Path writeConfigs() throws IOException {
        Path configs = Files.createDirectories(dir.resolve("configs"));
        Path shipped = Path.of("configs").toAbsolutePath();
        for (String f : List.of("strategy.json", "indicators.json", "execution.json")) {
            Files.copy(shipped.resolve(f), configs.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (settings.portfolio()) {
            writePortfolio(shipped, configs);
        }
        ObjectNode general = (ObjectNode) JSON.readTree(shipped.resolve("general.json").toFile());
        general.putPOJO("symbols", symbols(settings.symbols()));
        Files.writeString(configs.resolve("general.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(general));
        return configs;
    }

    /** A portfolio of small positions, so a candle close makes a burst of entries (the default risk allows four). */
    private void writePortfolio(Path shipped, Path configs) throws IOException {
        ObjectNode execution = (ObjectNode) JSON.readTree(shipped.resolve("execution.json").toFile());
        execution.put("initial_equity_usdt", 100_000);
        ObjectNode sizing = (ObjectNode) execution.path("sizing");
        sizing.put("mode", "fixed_notional");
        sizing.put("fixed_notional_usdt", 50);
        ObjectNode risk = (ObjectNode) execution.path("risk");
        risk.put("max_open_positions", settings.symbols());
        risk.put("max_total_exposure_pct", 5.0);
        risk.put("daily_loss_limit_pct", 0.5);
        risk.put("max_drawdown_pct", 0.9);
        Files.writeString(configs.resolve("execution.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(execution));
    }

    private JsonNode status() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/status"));
    }

    private Map<String, Double> metrics() throws IOException, InterruptedException {
        Map<String, Double> m = new TreeMap<>();
        for (String line : get("/metrics").split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                m.merge(line.substring(0, space), Double.parseDouble(line.substring(space + 1)), Double::sum);
            } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                // not a sample line
            }
        }
        return m;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** A quantile from a Prometheus histogram's cumulative buckets: the upper bound of the bucket it falls in. */
    static double quantileMs(Map<String, Double> metrics, String name, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = name + "_bucket{le=\"";
        metrics.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String le = k.substring(prefix.length(), k.indexOf('"', prefix.length()));
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), v);
            }
        });
        if (buckets.isEmpty() || buckets.lastEntry().getValue() == 0) {
            return Double.NaN;
        }
        double rank = q * buckets.lastEntry().getValue();
        for (var b : buckets.entrySet()) {
            if (b.getValue() >= rank) {
                return b.getKey() * 1000;
            }
        }
        return Double.NaN;
    }

    private static long liveCandles(JsonNode status) {
        long n = 0;
        for (JsonNode sym : status.path("symbols")) {
            n += sym.path("liveCandles").asLong();
        }
        return n;
    }

    private long cpuNanos() {
        return node.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private long rssBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + node.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1; // not Linux
        }
        return -1;
    }

    private static String kind(String line) {
        int at = Math.max(line.indexOf(" WARN "), line.indexOf(" ERROR "));
        String text = line.substring(at + 6).trim().replaceAll("S\\d{3}USDT", "S…").replaceAll("\\d+", "N");
        return text.length() > 120 ? text.substring(0, 120) : text;
    }

    private static List<String> java(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        URI logback = uri("logback.xml");
        cmd.add("-Dlogback.configurationFile=" + logback);
        cmd.add("-cp");
        // absolute: the processes run in their own directory
        cmd.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        cmd.add("io.pybitbot.Main");
        return cmd;
    }

    private static URI uri(String resource) {
        try {
            return NodeLoad.class.getClassLoader().getResource(resource).toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
