package io.pybitbot.bench;

import com.typesafe.config.ConfigFactory;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.sim.FaultSettings;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.server.RateLimits.EndpointRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Order bursts (not a test): how long a burst of entry orders takes from the first submit to the last acknowledgement,
 * through the bot's REST client (both order budgets) and, for comparison, through the single-order endpoint alone,
 * against the in-process simulator enforcing Bybit's per-account limits. {@code --rtt-ms N} adds N ms to each REST
 * answer of the simulator (a network's round trip). Arguments: {@code [--bursts N] [--size N] [--rtt-ms N]}.
 */
public final class BurstBench {

    private BurstBench() {
    }

    public static void main(String[] args) throws Exception {
        int bursts = intArg(args, "--bursts", 20);
        int size = intArg(args, "--size", 20);
        int rttMs = intArg(args, "--rtt-ms", 0);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "burst-bench", ConfigFactory.parseResources(
                io.pybitbot.config.RuntimeConfig.class, "node-defaults.conf")
                .withValue("pekko.actor.provider", ConfigFactory.parseString("p = local").getValue("p"))
                .withFallback(ConfigFactory.load()));
        SimSettings settings = SimSettings.defaults().withPort(0).withSpeed(Speed.MANUAL)
                .withData("synthetic", List.of("BTCUSDT")).withSynthetic("1", 2_000, 3).withTimeline(3, 200, null)
                .withAccount(new BigDecimal("100000000"), BigDecimal.TEN, FillSettings.bybitDefaults(0))
                .withFaults(FaultSettings.NONE.withRestDelay(Duration.ofMillis(rttMs)));
        SimulatedExchange sim = SimulatedExchange.start(settings, system);
        try {
            BybitRestApi api = BybitRestApi.create(system, BybitHosts.custom(sim.restBaseUrl()),
                    Optional.of(new ApiCredentials(settings.apiKey(), settings.apiSecret())), InstantSource.system());
            BigDecimal qty = sim.core().specs().get("BTCUSDT").minOrderQty();
            ActorRef<RestClient.Command> client = system.systemActorOf(
                    RestClient.create(api, InstantSource.system(), RestClient.Settings.defaults()), "rest",
                    org.apache.pekko.actor.typed.Props.empty());
            Thread.sleep(RestClient.Settings.defaults().takeoverHold().toMillis() + 200);
            System.out.printf("burst of %d entries, %d bursts, simulator on loopback%s, HTTP pool %d connections%n",
                    size, bursts, rttMs > 0 ? " answering " + rttMs + " ms late" : "",
                    system.settings().config().getInt("pekko.http.host-connection-pool.max-connections"));

            Histogram single = new Histogram(3);
            Histogram burst = new Histogram(3);
            for (int b = 0; b < bursts; b++) {
                Thread.sleep(1_300); // both budgets back
                single.recordValue(viaClient(system, client, qty, "one-" + b, 1) / 1_000);
                Thread.sleep(1_300);
                burst.recordValue(viaClient(system, client, qty, "burst-" + b + "-", size) / 1_000);
            }
            Map<String, EndpointRecord> limits = sim.rateLimitRecord();
            print("one order alone (round trip)", single);
            print("burst through the REST client (single + batch budgets)", burst);
            System.out.printf("  burst p50 minus one round trip p50: %.1f ms%n",
                    (burst.getValueAtPercentile(50) - single.getValueAtPercentile(50)) / 1_000.0);
            System.out.printf("  simulator: %s; %s%n", describe(limits, "/v5/order/create"),
                    describe(limits, "/v5/order/create-batch"));

            Thread.sleep(1_300);
            Histogram singles = new Histogram(3);
            for (int b = 0; b < Math.min(bursts, 5); b++) {
                Thread.sleep(1_300);
                singles.recordValue(singleEndpointOnly(api, qty, "only-" + b + "-", size) / 1_000);
            }
            print("burst on the single-order endpoint alone (before batching)", singles);
        } finally {
            sim.stop();
            system.terminate();
        }
    }

    /** Nanoseconds from the first submit to the last acknowledgement. */
    private static long viaClient(ActorSystem<Void> system, ActorRef<RestClient.Command> client, BigDecimal qty,
                                  String prefix, int n) throws InterruptedException {
        CountDownLatch acked = new CountDownLatch(n);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ActorRef<BybitResult<OrderIds>> replies = system.systemActorOf(Behaviors.<BybitResult<OrderIds>>receiveMessage(r -> {
            if (!r.isOk()) {
                failures.add(r.toString());
            }
            acked.countDown();
            return Behaviors.same();
        }), "acks-" + prefix.replace('-', '_') + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(OrderRequest.market("BTCUSDT", Side.BUY, qty,
                    prefix + i, null, null)), replies));
        }
        if (!acked.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("burst " + prefix + " not acknowledged in 30 s");
        }
        long took = System.nanoTime() - t0;
        if (!failures.isEmpty()) {
            System.out.println("  failed: " + failures);
        }
        return took;
    }

    private static long singleEndpointOnly(BybitRestApi api, BigDecimal qty, String prefix, int n) {
        long t0 = System.nanoTime();
        List<CompletableFuture<BybitResult<OrderIds>>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(api.placeOrder(OrderRequest.market("BTCUSDT", Side.BUY, qty, prefix + i, null, null))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return System.nanoTime() - t0;
    }

    private static String describe(Map<String, EndpointRecord> limits, String path) {
        EndpointRecord r = limits.get(path);
        return r == null ? path + " unused" : path + " " + r.allowed() + " orders, " + r.rejected() + " refused (10006)";
    }

    private static void print(String what, Histogram h) {
        System.out.printf("  %-58s p50 %7.1f ms  p90 %7.1f ms  max %7.1f ms  (%d)%n", what,
                h.getValueAtPercentile(50) / 1_000.0, h.getValueAtPercentile(90) / 1_000.0, h.getMaxValue() / 1_000.0,
                h.getTotalCount());
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }
}
