package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.pybitbot.Main;
import io.pybitbot.config.RuntimeConfig;
import io.pybitbot.node.ClusterStatus;
import io.pybitbot.symbol.SymbolActor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cluster status} against a one-node cluster whose guardian runs {@link ClusterStatus} where {@code run}
 * puts it, with two symbols sharded on it; and against a port where nothing listens.
 */
class ClusterStatusCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private Run status(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        all[0] = "cluster";
        all[1] = "status";
        all[2] = "--env-file";
        all[3] = tmp.resolve("none.env").toString();
        System.arraycopy(args, 0, all, 4, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aNodeAnswersWithItsMembersTheSingletonHolderAndItsSymbols() throws Exception {
        Config shipped = RuntimeConfig.load(Path.of("configs"), Path.of(""), new Properties()).config();
        Config pekko = ClusterJoin.apply(shipped, "pybit", List.of(), 0, "127.0.0.1", 1);
        int shards = pekko.getInt("pekko.cluster.sharding.number-of-shards");
        ActorSystem<Void> node = ActorSystem.create(Behaviors.<Void>setup(ctx -> {
            ctx.spawn(ClusterStatus.create(List.of("BTCUSDT", "ETHUSDT", "SOLUSDT"), shards), ClusterStatus.NAME);
            return Behaviors.empty();
        }), "pybit", pekko);
        try {
            Cluster cluster = Cluster.get(node);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            ClusterSharding sharding = ClusterSharding.get(node);
            sharding.init(Entity.of(SymbolActor.ENTITY_KEY, e -> Behaviors.ignore()));
            // two of the three symbols run; SOLUSDT is configured but not started
            sharding.entityRefFor(SymbolActor.ENTITY_KEY, "BTCUSDT").tell(SymbolActor.Start.INSTANCE);
            sharding.entityRefFor(SymbolActor.ENTITY_KEY, "ETHUSDT").tell(SymbolActor.Start.INSTANCE);
            String self = cluster.selfMember().address().toString();
            String hostPort = self.substring(self.indexOf('@') + 1);

            Run r = null;
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < until; ) {
                r = status("--node", hostPort);
                if (r.exit() == 0 && r.out().contains("not running on any node: SOLUSDT")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("cluster seen from " + self + ": 1 member(s)"), r.out());
            String line = r.out().lines().filter(l -> l.contains(self)).skip(1).findFirst().orElse("");
            assertTrue(line.matches("\\s+" + java.util.regex.Pattern.quote(self)
                    + "\\s+Up\\s+reachable\\s+singletons\\s+symbols: (BTCUSDT, ETHUSDT|ETHUSDT, BTCUSDT)"), r.out());
            assertTrue(r.out().contains("symbols not running on any node: SOLUSDT"), r.out());
        } finally {
            node.terminate();
            node.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void noNodeIsOneLineAndExit1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = status("--node", "127.0.0.1:" + port, "--timeout", "1");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals("error: no cluster node answered within 1 s at 127.0.0.1:" + port
                + " (is a node running there? give its cluster port with --node HOST:PORT)", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aBadNodeAddressIsUsage() {
        Run r = status("--node", "localhost");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("--node: found \"localhost\", expected host:port"), r.err());
    }
}
