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
        Config out = pekko;
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
        Matcher m = HOST_PORT.matcher(seed.strip());
        if (!m.matches()) {
            throw new ExitCodes.UsageException("--seed-node: found \"" + seed
                    + "\", expected host:port of a node's cluster port, e.g. 127.0.0.1:25520");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new ExitCodes.UsageException("--seed-node: found port " + port + " in \"" + seed
                    + "\", expected a TCP port in [1, 65535]");
        }
        return "pekko://" + systemName + "@" + m.group(1) + ":" + port;
    }

    /** No seed nodes configured: the node forms a cluster of its own. */
    static boolean selfJoin(Config pekko) {
        return !pekko.hasPath("pekko.cluster.seed-nodes") || pekko.getList("pekko.cluster.seed-nodes").isEmpty();
    }

    /** One line for the banner: how this node joins, with its address once bound. */
    static String describe(Config pekko, String self) {
        return selfJoin(pekko) ? "cluster: this node (" + self + ") forms a cluster of its own (no seed nodes)"
                : "cluster: this node (" + self + ") joins via seed nodes " + pekko.getStringList("pekko.cluster.seed-nodes");
    }
}
