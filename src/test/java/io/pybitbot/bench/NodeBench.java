package io.pybitbot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Load harness (not a test): one node trading 2, 200 and 500 symbols against a simulator in its own JVM. Prints,
 * per size, the warm start against Bybit's rate-limit floor, tick-to-order (in the node: candle frame off the socket
 * to order written), the order round trip, CPU per 1,000 kline frames, the heap's live set and the node's RSS, and what went
 * wrong at start. Arguments (all optional): symbol counts, then {@code --seconds N} of trading measured per size
 * (default 60) and {@code --speed N} of the replay (default 150: a 5-minute candle every 2 s). README "Benchmarks".
 */
public final class NodeBench {

    private NodeBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int seconds = 60;
        int speed = 150;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--speed" -> speed = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(2, 200, 500);
        }
        List<NodeLoad.Result> results = new ArrayList<>();
        for (int n : sizes) {
            Path dir = Files.createTempDirectory("node-bench-" + n + "-");
            // enough candles that the replay outlasts warm-up and measurement at this speed
            int candles = 300 + (int) ((120 + seconds) * speed / 300.0) + 50;
            NodeLoad.Settings s = new NodeLoad.Settings(n, speed, candles, 3, "1g", true);
            System.out.printf(Locale.ROOT, "%d symbols: starting the simulator and the node (%s)%n", n, dir);
            try (NodeLoad load = NodeLoad.startSimulator(s, dir)) {
                load.startNode();
                if (!load.awaitWarm(Duration.ofMinutes(3))) {
                    System.out.printf(Locale.ROOT, "%d symbols: not all warm within 3 minutes%n", n);
                }
                System.out.printf(Locale.ROOT, "%d symbols: warm; measuring %d s of trading%n", n, seconds);
                NodeLoad.Result r = load.measure(Duration.ofSeconds(seconds));
                results.add(r);
                print(r);
            }
        }
        System.out.println();
        System.out.println("| symbols | warm start (floor) | first order of a close p50 / p99 (closes) "
                + "| tick-to-order p50 / p90 / p99 (orders) | round trip p50 / p99 "
                + "| CPU per 1,000 frames | heap live / RSS | warnings (before warm) | 10006 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (NodeLoad.Result r : results) {
            System.out.printf(Locale.ROOT, "| %d | %.1f s (%.1f s) | %s / %s ms (%d) | %s / %s / %s ms (%d) "
                            + "| %.1f / %.1f ms | %.0f ms | %d / %d MB | %d (%d) | %d |%n", r.symbols(), r.warmStartSeconds(),
                    r.floorSeconds(), ms(r.firstOrderP50Ms()), ms(r.firstOrderP99Ms()), r.firstOrderCount(),
                    ms(r.tickToOrderP50Ms()), ms(r.tickToOrderP90Ms()), ms(r.tickToOrderP99Ms()), r.tickToOrderCount(),
                    r.roundTripP50Ms(), r.roundTripP99Ms(), r.cpuMsPer1000Frames(), r.heapLiveBytes() >> 20,
                    r.rssBytes() >> 20, r.warnings(), r.warningsAtStart(), r.rateLimited());
        }
    }

    /** A histogram quantile: beyond its last bucket (10 s) it is only known to be more. */
    private static String ms(double v) {
        return Double.isInfinite(v) ? "> 10,000" : Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void print(NodeLoad.Result r) {
        System.out.printf(Locale.ROOT, "  warm start %.1f s after the node came up (floor at 600 requests / 5 s: %.1f s);"
                        + " %d warm, %d live, %d quarantined%n", r.warmStartSeconds(), r.floorSeconds(), r.warm(),
                r.live(), r.quarantined());
        System.out.printf(Locale.ROOT, "  first order of a candle close: p50 %s ms, p99 %s ms over %d closes%n",
                ms(r.firstOrderP50Ms()), ms(r.firstOrderP99Ms()), r.firstOrderCount());
        System.out.printf(Locale.ROOT, "  tick-to-order p50 %s ms, p90 %s ms, p99 %s ms over %d orders; round trip "
                        + "p50 %.1f ms, p99 %.1f ms%n", ms(r.tickToOrderP50Ms()), ms(r.tickToOrderP90Ms()), ms(r.tickToOrderP99Ms()),
                r.tickToOrderCount(), r.roundTripP50Ms(), r.roundTripP99Ms());
        System.out.printf(Locale.ROOT, "  %d orders, %d REST calls, %d refused 10006 %s; %d live candles; CPU %.0f ms per "
                        + "1,000 frames; heap live set %d MB, RSS %d MB; %d trades%n", r.ordersSubmitted(), r.restCalls(),
                r.rateLimited(), r.refusedBuckets(), r.liveCandles(), r.cpuMsPer1000Frames(), r.heapLiveBytes() >> 20, r.rssBytes() >> 20,
                r.trades());
        System.out.printf(Locale.ROOT, "  %d warnings since start (%d before every symbol was warm)%s%n", r.warnings(),
                r.warningsAtStart(),
                r.warningKinds().isEmpty() ? "" : ", e.g.: " + String.join(" | ", r.warningKinds()));
    }
}
