package io.pybitbot.bench;

import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Load harness (not a test): how many kline frames per second the simulator pushes to WebSocket clients, and how
 * many REST requests per second it answers, on loopback. Arguments (all optional): symbols, ws clients, REST
 * threads, seconds per phase. See docs/README-sim.md for the command.
 */
public final class SimLoadBench {

    private SimLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int wsClients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int restThreads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<String> syms = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            syms.add(i == 0 ? "BTCUSDT" : i == 1 ? "ETHUSDT" : String.format("SIM%03dUSDT", i));
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "sim-bench");
        SimSettings settings = SimSettings.defaults().withPort(0).withSpeed(Speed.MANUAL)
                .withData("synthetic", syms).withSynthetic("1", 200_000, 3).withTimeline(3, 200, null)
                .withAccount(new BigDecimal("100000000"), BigDecimal.TEN, FillSettings.bybitDefaults(2))
                .withRateLimits(false, 600);
        SimulatedExchange sim = SimulatedExchange.start(settings, system);
        try {
            System.out.printf("simulator at %s: %d symbols, kline.1 on every symbol, %d WS clients, %d REST threads%n",
                    sim.restBaseUrl(), symbols, wsClients, restThreads);
            klines(sim, syms, wsClients, seconds);
            rest(sim, restThreads, seconds, "public GET /v5/market/kline limit=200",
                    i -> HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + "/v5/market/kline?category=linear&symbol="
                            + syms.get(i % syms.size()) + "&interval=1&limit=200")).GET().build());
            BybitSigner signer = new BybitSigner(new ApiCredentials(settings.apiKey(), settings.apiSecret()));
            rest(sim, restThreads, seconds, "signed GET /v5/position/list", i -> {
                String q = "category=linear&symbol=" + syms.get(i % syms.size());
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + "/v5/position/list?" + q))
                        .GET();
                signer.restHeaders(System.currentTimeMillis(), 5000, q).forEach(b::header);
                return b.build();
            });
            AtomicLong ids = new AtomicLong();
            rest(sim, restThreads, seconds, "signed POST /v5/order/create (resting limits)", i -> {
                String sym = syms.get(i % syms.size());
                double last = sim.core().engine().lastPrice(sym);
                String price = sim.core().specs().get(sym).roundPrice(last * 0.5).toPlainString();
                String qty = sim.core().specs().get(sym).roundQtyDown(20 / (last * 0.5))
                        .max(sim.core().specs().get(sym).minOrderQty()).toPlainString();
                String body = "{\"category\":\"linear\",\"symbol\":\"" + sym + "\",\"side\":\"Buy\","
                        + "\"orderType\":\"Limit\",\"qty\":\"" + qty + "\",\"price\":\"" + price
                        + "\",\"orderLinkId\":\"bench-" + ids.incrementAndGet() + "\"}";
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.restBaseUrl() + "/v5/order/create"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                signer.restHeaders(System.currentTimeMillis(), 5000, body).forEach(b::header);
                return b.build();
            });
        } finally {
            sim.stop();
            system.terminate();
        }
    }

    private static void klines(SimulatedExchange sim, List<String> syms, int clients, int seconds) throws Exception {
        AtomicLong received = new AtomicLong();
        List<WebSocket> sockets = new ArrayList<>();
        StringBuilder args = new StringBuilder();
        for (String s : syms) {
            args.append(args.length() == 0 ? "" : ",").append("\"kline.1.").append(s).append('"');
        }
        for (int c = 0; c < clients; c++) {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(sim.publicWsUrl()),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            if (last) {
                                received.incrementAndGet();
                            }
                            w.request(1);
                            return null;
                        }
                    }).join();
            ws.sendText("{\"op\":\"subscribe\",\"args\":[" + args + "]}", true).join();
            sockets.add(ws);
        }
        Thread.sleep(500);
        long sent0 = sim.hub().framesSent();
        long recv0 = received.get();
        long steps = 0;
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (sim.hub().backlog() > 2_000) {
                Thread.onSpinWait();
                continue;
            }
            sim.step(1);
            steps++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long sent = sim.hub().framesSent() - sent0;
        Thread.sleep(500);
        long recv = received.get() - recv0;
        System.out.printf("WS kline push: %d ticks in %.1f s = %.0f ticks/s; %d frames queued = %.0f frames/s;"
                        + " %d received by %d clients = %.0f frames/s (virtual time %.0f min/s)%n",
                steps, secs, steps / secs, sent, sent / secs, recv, clients, recv / secs,
                steps * sim.core().tickMs() / 60_000.0 / secs);
        sockets.forEach(WebSocket::abort);
    }

    private static void rest(SimulatedExchange sim, int threads, int seconds, String name,
                             IntFunction<HttpRequest> request) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Recorder latency = new Recorder(3);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                int i = id;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request.apply(i++), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().startsWith("{\"retCode\":0")) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latency.recordValue((System.nanoTime() - s) / 1000);
                }
            }, "bench-" + t);
            th.start();
            workers.add(th);
        }
        for (Thread th : workers) {
            th.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        var h = latency.getIntervalHistogram();
        System.out.printf("REST %s: %d ok, %d failed in %.1f s = %.0f req/s; latency p50 %d us, p99 %d us%n", name,
                ok.get(), failed.get(), secs, ok.get() / secs, h.getValueAtPercentile(50), h.getValueAtPercentile(99));
    }
}
