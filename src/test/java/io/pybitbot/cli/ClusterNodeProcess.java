package io.pybitbot.cli;

import com.typesafe.config.Config;
import io.pybitbot.config.RuntimeConfig;
import io.pybitbot.node.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A cluster node in its own JVM for {@link DowningProcessTest}: joins with the same settings {@code run} uses
 * (application.conf, {@link ClusterJoin}), then prints {@code NODE address=...}, {@code NODE view=up:N unreachable:M
 * oldest:BOOL} whenever its view changes, and {@code NODE downed} plus exit 3 when the split-brain resolver downs it.
 *
 * <p>Arguments: {@code nodes port [seed host:port]...}
 */
public final class ClusterNodeProcess {

    public static void main(String[] args) throws Exception {
        int nodes = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        List<String> seeds = new ArrayList<>(List.of(args).subList(2, args.length));
        Config shipped = RuntimeConfig.load(Path.of("configs"), Path.of(""), new Properties()).config();
        Config pekko = ClusterJoin.apply(shipped, "pybit", seeds, port, "127.0.0.1", nodes);
        ActorSystem<Node.Command> system = ActorSystem.create(Node.create(ClusterJoin.selfJoin(pekko)), "pybit", pekko);
        Cluster cluster = Cluster.get(system);
        System.out.println("NODE address=" + cluster.selfMember().address());
        String last = "";
        while (!system.getWhenTerminated().toCompletableFuture().isDone()) {
            ClusterEvent.CurrentClusterState state = cluster.state();
            int up = 0;
            Member oldest = null;
            for (Member m : state.getMembers()) {
                if (m.status() == MemberStatus.up()) {
                    up++;
                    if (oldest == null || m.isOlderThan(oldest)) {
                        oldest = m;
                    }
                }
            }
            String view = "up:" + up + " unreachable:" + state.getUnreachable().size() + " oldest:"
                    + (oldest != null && oldest.uniqueAddress().equals(cluster.selfMember().uniqueAddress()));
            if (!view.equals(last)) {
                System.out.println("NODE view=" + view);
                last = view;
            }
            Thread.sleep(100);
        }
        if (RunCommand.downedBySplitBrainResolver(system)) {
            System.out.println("NODE downed");
            System.exit(3);
        }
        System.exit(0);
    }
}
