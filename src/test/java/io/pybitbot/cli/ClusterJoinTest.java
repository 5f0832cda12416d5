package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.pybitbot.Main;
import io.pybitbot.config.RuntimeConfig;
import io.pybitbot.node.Node;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run}'s cluster flags: how they become Pekko settings, their errors, and two nodes really joining. */
class ClusterJoinTest {

    @TempDir
    Path tmp;

    private static Config shipped() {
        return RuntimeConfig.load(Path.of("configs"), Path.of(""), new Properties()).config();
    }

    @Test
    void flagsBecomePekkoSettingsAndWinOverApplicationConf() {
        Config c = ClusterJoin.apply(shipped(), "pybit", List.of("10.0.0.5:25520", "node-b.local:25521", "[::1]:2552"),
                25530, "10.0.0.7");

        assertEquals(List.of("pekko://pybit@10.0.0.5:25520", "pekko://pybit@node-b.local:25521", "pekko://pybit@[::1]:2552"),
                c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(25530, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("10.0.0.7", c.getString("pekko.remote.artery.canonical.hostname"));
        assertFalse(ClusterJoin.selfJoin(c));

        Config none = ClusterJoin.apply(shipped(), "pybit", null, null, null);
        assertTrue(ClusterJoin.selfJoin(none), "without seed nodes a node forms its own cluster");
        assertEquals(25520, none.getInt("pekko.remote.artery.canonical.port"), "application.conf's port");
    }

    @Test
    void badValuesNameTheFlag() {
        String[][] cases = {
                {"seed", "127.0.0.1", "--seed-node: found \"127.0.0.1\", expected host:port"},
                {"seed", "127.0.0.1:99999", "--seed-node: found port 99999"},
                {"seed", "127.0.0.1:0", "--seed-node: found port 0"},
                {"seed", "pekko://pybit@h:1", "--seed-node: found \"pekko://pybit@h:1\""},
                {"port", "70000", "--cluster-port: found 70000, expected a TCP port in [0, 65535]"},
                {"port", "-1", "--cluster-port: found -1"},
                {"host", "my host", "--cluster-host: found \"my host\""},
                {"host", "h:1", "--cluster-host: found \"h:1\""},
        };
        for (String[] c : cases) {
            ExitCodes.UsageException e = assertThrows(ExitCodes.UsageException.class, () -> ClusterJoin.apply(shipped(),
                    "pybit", c[0].equals("seed") ? List.of(c[1]) : null,
                    c[0].equals("port") ? Integer.valueOf(c[1]) : null, c[0].equals("host") ? c[1] : null), c[1]);
            assertTrue(e.getMessage().startsWith(c[2]), e.getMessage());
        }
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        run.config.environment(Map.of(), new Properties());
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--env-file";
        all[2] = tmp.resolve("none.env").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void runRefusesBadClusterFlagsWithExitTwoAndOneLine() {
        Run seed = run("--seed-node", "localhost");
        assertEquals(2, seed.exit(), seed.err());
        assertTrue(seed.err().contains("--seed-node: found \"localhost\", expected host:port"), seed.err());
        assertFalse(seed.err().contains("\tat "), "no stack trace: " + seed.err());

        Run port = run("--cluster-port", "abc");
        assertEquals(2, port.exit(), port.err());
        assertTrue(port.err().contains("--cluster-port"), port.err());

        Run range = run("--cluster-port", "65536");
        assertEquals(2, range.exit(), range.err());
        assertTrue(range.err().contains("--cluster-port: found 65536"), range.err());
    }

    @Test
    void aClusterPortInUseIsExitTwoNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Run r = run("--cluster-port", Integer.toString(taken.getLocalPort()));

            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("cannot bind the cluster port 127.0.0.1:" + taken.getLocalPort()
                    + " (the port is in use, by another node or program); choose another with --cluster-port"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void aSecondNodeJoinsTheFirstThroughItsSeedNode() throws Exception {
        Config a = ClusterJoin.apply(shipped(), "pybit", null, 0, "127.0.0.1");
        ActorSystem<Node.Command> first = ActorSystem.create(Node.create(ClusterJoin.selfJoin(a)), "pybit", a);
        ActorSystem<Node.Command> second = null;
        try {
            int port = Cluster.get(first).selfMember().address().getPort().get();
            Config b = ClusterJoin.apply(shipped(), "pybit", List.of("127.0.0.1:" + port), 0, "127.0.0.1");
            assertFalse(ClusterJoin.selfJoin(b));
            second = ActorSystem.create(Node.create(ClusterJoin.selfJoin(b)), "pybit", b);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !(upMembers(first) == 2 && upMembers(second) == 2)) {
                Thread.sleep(100);
            }
            assertEquals(2, upMembers(first), "the first node sees both");
            assertEquals(2, upMembers(second), "the second node joined via its seed");
        } finally {
            if (second != null) {
                second.terminate();
                second.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            first.terminate();
            first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static long upMembers(ActorSystem<?> system) {
        var members = Cluster.get(system).state().getMembers();
        long n = 0;
        for (var m : members) {
            if (m.status() == MemberStatus.up()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void describeSaysHowTheNodeJoins() {
        Config none = ClusterJoin.apply(shipped(), "pybit", null, null, null);
        assertEquals("cluster: this node (pekko://pybit@127.0.0.1:25520) forms a cluster of its own (no seed nodes);"
                        + " 1-node cluster, downing keep-majority after 4s of stable unreachability",
                ClusterJoin.describe(none, "pekko://pybit@127.0.0.1:25520"));
        Config seeded = ClusterJoin.apply(shipped(), "pybit", List.of("h:1"), null, null, 2);
        String two = ClusterJoin.describe(seeded, "x");
        assertTrue(two.contains("joins via seed nodes [pekko://pybit@h:1]; 2-node cluster, downing keep-oldest"
                + " (down-if-alone)"), two);
        assertEquals("keep-oldest", seeded.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        assertTrue(seeded.getBoolean("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
        Config three = ClusterJoin.apply(shipped(), "pybit", List.of("h:1"), null, null, 3);
        assertEquals("keep-majority", three.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        ExitCodes.UsageException zero = org.junit.jupiter.api.Assertions.assertThrows(ExitCodes.UsageException.class,
                () -> ClusterJoin.apply(shipped(), "pybit", null, null, null, 0));
        assertTrue(zero.getMessage().startsWith("--cluster-nodes: found 0"), zero.getMessage());
    }
}
