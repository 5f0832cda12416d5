package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.SimOrder;
import io.pybitbot.sim.server.RateLimits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One per-UID budget for the whole cluster, with real processes: two node JVMs on loopback, each with the REST
 * client singleton started as {@code run} starts it, and one standalone simulator that enforces Bybit's per-UID
 * limits. Each node fires more orders at once than the account may place in a second; together they never get
 * more than 10 order creations into any rolling second at the simulator, the simulator refuses none (no 10006),
 * and every order is placed (deferred, not dropped). No journal is involved: the REST client is not persistent.
 */
class ClusterRateBudgetProcessTest {

    private static final int ORDERS_PER_NODE = 25;

    /** One node JVM, its stdin (to start the burst) and the lines it printed. */
    static final class Proc {
        final Process process;
        final Writer stdin;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Proc(String simUrl, String prefix, String... seeds) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(DowningProcessTest.Path.javaBin(), "-Xmx256m", "-cp",
                    DowningProcessTest.Path.classpath(), BudgetNodeProcess.class.getName(), "2", simUrl,
                    Integer.toString(ORDERS_PER_NODE), prefix));
            cmd.addAll(List.of(seeds));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        if (l.startsWith("NODE ")) {
                            lines.add(l.substring(5));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process is gone
                }
            }, "budget-node-output");
            reader.setDaemon(true);
            reader.start();
        }

        String await(String prefix, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no '" + prefix + "' within " + seconds + " s; saw " + lines);
        }

        void go() throws java.io.IOException {
            stdin.write("go\n");
            stdin.flush();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private final ActorTestKit testKit = ActorTestKit.create();
    private final List<Proc> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Proc p : started) {
            p.kill();
        }
        testKit.shutdownTestKit();
    }

    @Test
    void twoNodesBurstingTogetherStayWithinTheAccountsOrderLimitAtTheSimulator() throws Exception {
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", List.of("BTCUSDT"))
                .withSpeed(Speed.MANUAL).withTimeline(3, 310, null);
        assertTrue(settings.enforceRateLimits(), "the simulator must enforce the per-UID limits for this test");
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            Proc first = new Proc(sim.restBaseUrl(), "n1");
            started.add(first);
            String address = first.await("address=", 60);
            Proc second = new Proc(sim.restBaseUrl(), "n2", address.substring(address.indexOf('@') + 1));
            started.add(second);
            first.await("ready", 90);
            second.await("ready", 90);
            first.go();
            second.go();
            String placedFirst = first.await("placed ", 120);
            String placedSecond = second.await("placed ", 120);

            String all = "placed ok=" + ORDERS_PER_NODE + " limited=0 other=0";
            assertEquals(all, placedFirst, "first node: " + first.lines);
            assertEquals(all, placedSecond, "second node: " + second.lines);
            List<SimOrder> orders = sim.core().engine().orders(o -> true);
            assertEquals(ORDERS_PER_NODE, orders.stream().filter(o -> o.orderLinkId().startsWith("n1-")).count());
            assertEquals(ORDERS_PER_NODE, orders.stream().filter(o -> o.orderLinkId().startsWith("n2-")).count());

            // the account's two order budgets: single creates and batch creates (counted per order)
            RateLimits.EndpointRecord create = sim.rateLimitRecord().get("/v5/order/create");
            RateLimits.EndpointRecord batch = sim.rateLimitRecord().getOrDefault("/v5/order/create-batch",
                    new RateLimits.EndpointRecord(10, 0, 0, 0));
            System.out.println("simulator /v5/order/create: " + create + "; /v5/order/create-batch: " + batch);
            assertEquals(0, create.rejected() + batch.rejected(), "the simulator refused orders over the limit: "
                    + create + ", " + batch);
            assertEquals(2L * ORDERS_PER_NODE, create.allowed() + batch.allowed(), create + ", " + batch);
            assertTrue(create.maxInOneSecond() <= create.limit(), create.toString());
            assertTrue(batch.maxInOneSecond() <= batch.limit(), batch.toString());
            // order value about 8 USDT on the bundled data, over the 5 USDT minimum
            // the burst really pressed on both limits (50 orders against 20 a second)
            assertTrue(create.maxInOneSecond() >= 8 && batch.maxInOneSecond() >= 8,
                    "the burst never pressed on the limits: " + create + ", " + batch);
        }
    }
}
