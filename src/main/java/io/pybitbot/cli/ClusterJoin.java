package io.pybitbot.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code run} forms or joins a cluster: {@code --seed-node host:port} (repeatable), {@code --cluster-port}
 * and {@code --cluster-host} on top of {@code application.conf} ({@code pekko.cluster.seed-nodes},
 * {@code pekko.remote.artery.canonical.*}). Without seed nodes a node joins itself (a one-node cluster).
 */
final class ClusterJoin {

    /** A host name, IPv4 address or bracketed IPv6 address, then a port. */
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");
    private static final Pattern HOST = Pattern.compile("\\[?[0-9A-Fa-f:.]+]?|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private ClusterJoin() {
    }

    /**
     * The Pekko configuration with the flags applied; flags win over application.conf.
     *
     * @throws ExitCodes.UsageException naming the flag and the bad value
     */
    static Config apply(Config pekko, String systemName, List<String> seedNodes, Integer port, String host) {
        return apply(pekko, systemName, seedNodes, port, host, null);
    }

    /**
     * As {@link #apply(Config, String, List, Integer, String)}, with the downing strategy chosen for {@code nodes}
     * ({@code --cluster-nodes}; null = {@code pybit.cluster.nodes}, default 1): see {@link #downing}.
     */
    static Config apply(Config pekko, String systemName, List<String> seedNodes, Integer port, String host,
                        Integer nodes) {
        Config out = pekko;
        int n = nodes != null ? nodes : pekko.hasPath("pybit.cluster.nodes") ? pekko.getInt("pybit.cluster.nodes") : 1;
        if (n < 1) {
            throw new ExitCodes.UsageException("--cluster-nodes: found " + n
                    + ", expected how many nodes this cluster runs with (1, 2, 3 or more)");
        }
        out = out.withValue("pybit.cluster.nodes", ConfigValueFactory.fromAnyRef(n));
        for (var e : downing(n).entrySet()) {
            out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new ExitCodes.UsageException("--cluster-port: found " + port
                        + ", expected a TCP port in [0, 65535] (0 = any free port)");
            }
            out = out.withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
        }
        if (host != null) {
            if (!HOST.matcher(host).matches()) {
                throw new ExitCodes.UsageException("--cluster-host: found \"" + host
                        + "\", expected the host name or IP address other nodes reach this one at, e.g. 10.0.0.5");
            }
            out = out.withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        if (seedNodes != null && !seedNodes.isEmpty()) {
            List<String> addresses = new ArrayList<>();
            for (String s : seedNodes) {
                addresses.add(address(systemName, s));
            }
            out = out.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(addresses));
        }
        return out;
    }

    /** {@code host:port} to the Pekko address {@code pekko://system@host:port}. */
    static String address(String systemName, String seed) {
        return address("--seed-node", systemName, seed);
    }

    /** As {@link #address(String, String)}, naming {@code flag} in the error. */
    static String address(String flag, String systemName, String seed) {
        Matcher m = HOST_PORT.matcher(seed.strip());
        if (!m.matches()) {
            throw new ExitCodes.UsageException(flag + ": found \"" + seed
                    + "\", expected host:port of a node's cluster port, e.g. 127.0.0.1:25520");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new ExitCodes.UsageException(flag + ": found port " + port + " in \"" + seed
                    + "\", expected a TCP port in [1, 65535]");
        }
        return "pekko://" + systemName + "@" + m.group(1) + ":" + port;
    }

    /**
     * The split-brain resolver for a cluster meant to run {@code nodes} nodes, so that losing a node or a
     * partition leaves at most one side trading:
     * <ul>
     * <li>1: {@code keep-majority} (a lone node is always the majority; nothing is ever downed);</li>
     * <li>2: {@code keep-oldest} with {@code down-if-alone}: the oldest node (which holds the singletons) is
     * kept; with two nodes neither side can tell a crash from a partition, and two sides trading one
     * account would place every order twice;</li>
     * <li>3 or more: {@code keep-majority}: the side with more than half the nodes goes on.</li>
     * </ul>
     */
    static java.util.Map<String, Object> downing(int nodes) {
        String sbr = "pekko.cluster.split-brain-resolver.";
        return nodes == 2
                ? java.util.Map.of(sbr + "active-strategy", "keep-oldest", sbr + "keep-oldest.down-if-alone", true)
                : java.util.Map.of(sbr + "active-strategy", "keep-majority");
    }

    /** No seed nodes configured: the node forms a cluster of its own. */
    static boolean selfJoin(Config pekko) {
        return !pekko.hasPath("pekko.cluster.seed-nodes") || pekko.getList("pekko.cluster.seed-nodes").isEmpty();
    }

    /** One line for the banner: how this node joins, with its address once bound. */
    static String describe(Config pekko, String self) {
        String sbr = pekko.getString("pekko.cluster.split-brain-resolver.active-strategy");
        return describeJoin(pekko, self) + "; " + pekko.getInt("pybit.cluster.nodes") + "-node cluster, downing "
                + sbr + (sbr.equals("keep-oldest") ? " (down-if-alone)" : "") + " after "
                + pekko.getString("pekko.cluster.split-brain-resolver.stable-after") + " of stable unreachability";
    }

    private static String describeJoin(Config pekko, String self) {
        return selfJoin(pekko) ? "cluster: this node (" + self + ") forms a cluster of its own (no seed nodes)"
                : "cluster: this node (" + self + ") joins via seed nodes " + pekko.getStringList("pekko.cluster.seed-nodes");
    }
}
