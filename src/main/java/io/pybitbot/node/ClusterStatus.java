package io.pybitbot.node;

import io.pybitbot.CborSerializable;
import io.pybitbot.symbol.SymbolActor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Answers {@code pybit-bot cluster status} for the cluster as this node sees it: the members and their state,
 * which one holds the singletons (Pekko runs every cluster singleton on the oldest up member) and which symbols
 * each runs (where the shard of each configured symbol lives, from the sharding coordinator's statistics).
 * It lives at {@code /user/cluster-status} on every started node, so the command can ask any of them.
 */
public final class ClusterStatus {

    /** Where the singletons run: Pekko runs every cluster singleton on the oldest Up member. */
    public static java.util.Optional<org.apache.pekko.cluster.Member> singletonHolder(CurrentClusterState state) {
        org.apache.pekko.cluster.Member oldest = null;
        for (org.apache.pekko.cluster.Member m : state.getMembers()) {
            if (m.status() == MemberStatus.up() && (oldest == null || m.isOlderThan(oldest))) {
                oldest = m;
            }
        }
        return java.util.Optional.ofNullable(oldest);
    }

    /** The actor's name under the node's guardian; the command looks it up by path. */
    public static final String NAME = "cluster-status";

    public sealed interface Command permits Get, ShardsAnswered {
    }

    public record Get(ActorRef<Status> replyTo) implements Command, CborSerializable {
    }

    private record ShardsAnswered(ActorRef<Status> replyTo, ShardRegion.ClusterShardingStats stats) implements Command {
    }

    /**
     * @param status    Pekko's member status: Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed
     * @param reachable false when this node's failure detector has lost it
     */
    public record Member(String address, String status, boolean reachable, boolean singletons, List<String> symbols)
            implements CborSerializable {
    }

    /**
     * @param seenFrom          the node that answered
     * @param symbolsNotRunning configured symbols whose shard no member hosts right now (moving, or starting)
     */
    public record Status(String seenFrom, List<Member> members, List<String> symbolsNotRunning)
            implements CborSerializable {
    }

    private ClusterStatus() {
    }

    public static Behavior<Command> create(List<String> symbols, int numberOfShards) {
        List<String> configured = List.copyOf(symbols);
        HashCodeMessageExtractor<SymbolActor.Command> shards = new HashCodeMessageExtractor<>(numberOfShards);
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
            return Behaviors.receive(Command.class)
                    .onMessage(Get.class, get -> {
                        ActorRef<ShardRegion.ClusterShardingStats> adapter = ctx.messageAdapter(
                                ShardRegion.ClusterShardingStats.class, s -> new ShardsAnswered(get.replyTo(), s));
                        sharding.shardState().tell(new GetClusterShardingStats(SymbolActor.ENTITY_KEY,
                                Duration.ofSeconds(3), adapter));
                        return Behaviors.same();
                    })
                    .onMessage(ShardsAnswered.class, a -> {
                        a.replyTo().tell(status(cluster, a.stats(), configured, shards));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Pure: the cluster state and shard placement as the reply. */
    static Status status(Cluster cluster, ShardRegion.ClusterShardingStats stats, List<String> symbols,
                         HashCodeMessageExtractor<?> shards) {
        CurrentClusterState state = cluster.state();
        Set<org.apache.pekko.cluster.Member> unreachable = state.getUnreachable();
        org.apache.pekko.cluster.Member oldest = singletonHolder(state).orElse(null);
        Map<Address, List<String>> byNode = new java.util.HashMap<>();
        List<String> notRunning = new ArrayList<>();
        for (String symbol : symbols) {
            String shard = shards.shardId(symbol);
            Address at = null;
            for (var region : stats.getRegions().entrySet()) {
                Object entities = region.getValue().getStats().get(shard);
                if (entities instanceof Integer n && n > 0) {
                    at = region.getKey();
                }
            }
            if (at == null) {
                notRunning.add(symbol);
            } else {
                byNode.computeIfAbsent(at, k -> new ArrayList<>()).add(symbol);
            }
        }
        List<Member> members = new ArrayList<>();
        for (org.apache.pekko.cluster.Member m : state.getMembers()) {
            members.add(new Member(m.address().toString(), m.status().toString(), !unreachable.contains(m),
                    m.equals(oldest), byNode.getOrDefault(m.address(), List.of())));
        }
        return new Status(cluster.selfMember().address().toString(), members, notRunning);
    }
}
