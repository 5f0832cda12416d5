package io.pybitbot.config;

import com.typesafe.config.Config;

import java.time.Duration;
import java.util.Objects;

/**
 * The typed view of the {@code pybit { ... }} block of the runtime (HOCON) configuration:
 * defaults in the packaged {@code reference.conf}, overridden by {@code application.conf}.
 *
 * @param systemName            name of the ActorSystem; all nodes of one cluster must share it
 * @param askTimeout            one question to the node's actors from outside them (the graceful stop)
 * @param shutdownTimeout       how long a graceful stop may take before the process exits
 * @param restRequestTimeout    timeout of one REST request to Bybit
 * @param recvWindow            Bybit {@code X-BAPI-RECV-WINDOW}
 * @param wsReconnectMinBackoff first WebSocket reconnect delay
 * @param wsReconnectMaxBackoff longest WebSocket reconnect delay
 * @param wsStallTimeout        a stream silent this long is treated as dead and reconnected
 * @param wsSymbolsPerConnection symbols whose kline topics share one public WebSocket connection
 */
public record RuntimeSettings(String systemName, Duration askTimeout, Duration shutdownTimeout,
                              Duration restRequestTimeout, Duration recvWindow, Duration wsReconnectMinBackoff,
                              Duration wsReconnectMaxBackoff, Duration wsStallTimeout, int wsSymbolsPerConnection) {

    public RuntimeSettings {
        Objects.requireNonNull(systemName, "systemName");
    }

    /** Reads {@code pybit.*}; every problem is reported against {@code file} with its HOCON path. */
    static RuntimeSettings read(Config c, String file, Problems problems) {
        String name = string(c, "pybit.actor-system-name", "pybit", file, problems);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            problems.add(file, "pybit.actor-system-name", "found \"" + name
                    + "\", expected letters, digits, '-' and '_' (an ActorSystem name)");
            name = "pybit";
        }
        Duration ask = positive(c, "pybit.ask-timeout", Duration.ofSeconds(5), file, problems);
        Duration shutdown = positive(c, "pybit.shutdown-timeout", Duration.ofSeconds(30), file, problems);
        Duration rest = positive(c, "pybit.rest.request-timeout", Duration.ofSeconds(10), file, problems);
        Duration recv = positive(c, "pybit.rest.recv-window", Duration.ofSeconds(5), file, problems);
        Duration min = positive(c, "pybit.websocket.reconnect-min-backoff", Duration.ofSeconds(1), file, problems);
        Duration max = positive(c, "pybit.websocket.reconnect-max-backoff", Duration.ofSeconds(30), file, problems);
        Duration stall = positive(c, "pybit.websocket.stall-timeout", Duration.ofSeconds(30), file, problems);
        if (min.compareTo(max) > 0) {
            problems.add(file, "pybit.websocket.reconnect-min-backoff", "found " + min + ", expected at most"
                    + " pybit.websocket.reconnect-max-backoff (" + max + ")");
        }
        checkCluster(c, name, file, problems);
        if (c.hasPath("pybit.cluster.nodes")) {
            try {
                if (c.getInt("pybit.cluster.nodes") < 1) {
                    problems.add(origin(c, "pybit.cluster.nodes", file), "pybit.cluster.nodes", "found "
                            + c.getInt("pybit.cluster.nodes") + ", expected how many nodes the cluster runs with (1, 2, 3 or more)");
                }
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(origin(c, "pybit.cluster.nodes", file), "pybit.cluster.nodes", "found "
                        + c.getValue("pybit.cluster.nodes").render() + ", expected a whole number of nodes such as 3");
            }
        }
        int perConnection = symbolsPerConnection(c, file, problems);
        return new RuntimeSettings(name, ask, shutdown, rest, recv, min, max, stall, perConnection);
    }

    private static final java.util.regex.Pattern SEED = java.util.regex.Pattern.compile(
            "pekko://([A-Za-z0-9][A-Za-z0-9_-]*)@(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})");

    /**
     * Seed nodes must be Pekko addresses of this system (a seed with another system name is never joined, and
     * the node would wait forever), and the cluster port a TCP port.
     */
    private static void checkCluster(Config c, String systemName, String file, Problems problems) {
        String seedsPath = "pekko.cluster.seed-nodes";
        if (c.hasPath(seedsPath)) {
            java.util.List<String> seeds;
            try {
                seeds = c.getStringList(seedsPath);
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(origin(c, seedsPath, file), seedsPath, "found " + c.getValue(seedsPath).render()
                        + ", expected a list of addresses such as [\"pekko://" + systemName + "@10.0.0.5:25520\"]");
                seeds = java.util.List.of();
            }
            for (int i = 0; i < seeds.size(); i++) {
                var m = SEED.matcher(seeds.get(i));
                String expected = ", expected pekko://" + systemName + "@host:port (the system name is"
                        + " pybit.actor-system-name, the port a node's cluster port)";
                if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
                    problems.add(origin(c, seedsPath, file), seedsPath + "[" + i + "]", "found \"" + seeds.get(i) + "\"" + expected);
                } else if (!m.group(1).equals(systemName)) {
                    problems.add(origin(c, seedsPath, file), seedsPath + "[" + i + "]", "found system name \""
                            + m.group(1) + "\" in \"" + seeds.get(i) + "\"" + expected);
                }
            }
        }
        String portPath = "pekko.remote.artery.canonical.port";
        if (c.hasPath(portPath)) {
            try {
                int port = c.getInt(portPath);
                if (port < 0 || port > 65535) {
                    problems.add(origin(c, portPath, file), portPath, "found " + port
                            + ", expected a TCP port in [0, 65535] (0 = any free port)");
                }
            } catch (com.typesafe.config.ConfigException e) {
                problems.add(origin(c, portPath, file), portPath, "found " + c.getValue(portPath).render()
                        + ", expected a TCP port in [0, 65535]");
            }
        }
    }

    /** Where a value was set: its file name, "system properties", or the fallback name. */
    private static String origin(Config c, String path, String fallback) {
        try {
            var o = c.getValue(path).origin();
            if (o.filename() != null) {
                return String.valueOf(java.nio.file.Path.of(o.filename()).getFileName());
            }
            if (o.resource() != null) {
                return o.resource();
            }
            return o.description() != null && o.description().contains("system properties") ? "system properties" : fallback;
        } catch (com.typesafe.config.ConfigException e) {
            return fallback;
        }
    }

    private static String string(Config c, String path, String dflt, String file, Problems problems) {
        try {
            return c.hasPath(path) ? c.getString(path) : dflt;
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(origin(c, path, file), path, "found a value of the wrong type, expected a string");
            return dflt;
        }
    }

    private static final String SYMBOLS_PER_CONNECTION = "pybit.websocket.symbols-per-connection";

    private static int symbolsPerConnection(Config c, String file, Problems problems) {
        if (!c.hasPath(SYMBOLS_PER_CONNECTION)) {
            return 50;
        }
        try {
            int n = c.getInt(SYMBOLS_PER_CONNECTION);
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (com.typesafe.config.ConfigException e) {
            // reported below
        }
        problems.add(origin(c, SYMBOLS_PER_CONNECTION, file), SYMBOLS_PER_CONNECTION, "found "
                + c.getValue(SYMBOLS_PER_CONNECTION).render() + ", expected a whole number of symbols from 1 to 500");
        return 50;
    }

    private static Duration positive(Config c, String path, Duration dflt, String file, Problems problems) {
        if (!c.hasPath(path)) {
            return dflt;
        }
        try {
            Duration d = c.getDuration(path);
            if (d.isNegative() || d.isZero()) {
                problems.add(origin(c, path, file), path, "found " + c.getValue(path).render() + ", expected a positive duration such as 5s");
                return dflt;
            }
            return d;
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(origin(c, path, file), path, "found " + c.getValue(path).render() + ", expected a duration such as 5s or 500ms");
            return dflt;
        }
    }
}
