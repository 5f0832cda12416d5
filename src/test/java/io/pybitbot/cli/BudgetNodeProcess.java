package io.pybitbot.cli;

import com.typesafe.config.Config;
import io.pybitbot.config.RuntimeConfig;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.node.Node;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.sim.SimSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A cluster node in its own JVM for {@link ClusterRateBudgetProcessTest}: joins as {@code run} does
 * ({@link ClusterJoin} on application.conf), starts the REST client singleton as {@link Node} does, with a
 * {@link BybitRestApi} on the standalone simulator, waits for {@code nodes} members to be up and for a line
 * {@code go} on stdin, then places {@code orders} market orders at once through the singleton's proxy.
 * Prints {@code NODE address=...}, {@code NODE ready}, then {@code NODE placed ok=N limited=N other=N}.
 *
 * <p>Arguments: {@code nodes simBaseUrl orders linkPrefix [seed host:port]...}
 */
public final class BudgetNodeProcess {

    public static void main(String[] args) throws Exception {
        int nodes = Integer.parseInt(args[0]);
        String simUrl = args[1];
        int orders = Integer.parseInt(args[2]);
        String prefix = args[3];
        List<String> seeds = new ArrayList<>(List.of(args).subList(4, args.length));
        Config shipped = RuntimeConfig.load(Path.of("configs"), Path.of(""), new Properties()).config();
        Config pekko = ClusterJoin.apply(shipped, "pybit", seeds, 0, "127.0.0.1", nodes);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pybit", pekko);
        Cluster cluster = Cluster.get(system);
        if (ClusterJoin.selfJoin(pekko)) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        System.out.println("NODE address=" + cluster.selfMember().address());
        BybitRestApi api = BybitRestApi.create(system, BybitHosts.custom(simUrl),
                Optional.of(new ApiCredentials(SimSettings.DEFAULT_API_KEY, SimSettings.DEFAULT_API_SECRET)),
                InstantSource.system());
        ActorRef<RestClient.Command> rest = Node.restClientSingleton(system,
                RestClient.create(api, InstantSource.system(), RestClient.Settings.defaults()));
        while (upMembers(cluster) < nodes) {
            Thread.sleep(100);
        }
        System.out.println("NODE ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String l; (l = in.readLine()) != null && !l.equals("go"); ) {
            // wait for the test to start every node's burst together
        }
        List<CompletableFuture<BybitResult<OrderIds>>> replies = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            OrderRequest order = OrderRequest.market("BTCUSDT", i % 2 == 0 ? Side.BUY : Side.SELL,
                    new BigDecimal("0.01"), prefix + "-" + i, null, null);
            replies.add(AskPattern.<RestClient.Command, BybitResult<OrderIds>>ask(rest,
                    reply -> new RestClient.Submit<>(new RestOp.PlaceOrder(order), reply), Duration.ofSeconds(60),
                    system.scheduler()).toCompletableFuture());
        }
        int ok = 0;
        int limited = 0;
        int other = 0;
        for (CompletableFuture<BybitResult<OrderIds>> r : replies) {
            BybitResult<OrderIds> result = r.get(90, TimeUnit.SECONDS);
            if (result.isOk()) {
                ok++;
            } else if (((BybitResult.Err<OrderIds>) result).error() instanceof BybitError.RateLimited) {
                limited++;
            } else {
                other++;
                System.out.println("NODE error " + ((BybitResult.Err<OrderIds>) result).error().describe());
            }
        }
        System.out.println("NODE placed ok=" + ok + " limited=" + limited + " other=" + other);
        for (String l; (l = in.readLine()) != null; ) {
            // stay a member until the test is done with the cluster
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static int upMembers(Cluster cluster) {
        int up = 0;
        for (var m : cluster.state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }
}
