package io.pybitbot.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.node.ClusterStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cluster status}: what a running cluster looks like, asked of one of its nodes. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Look at a running cluster of nodes.",
        subcommands = {ClusterCommand.Status.class})
public final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (status)");
    }

    /**
     * Asks the first node that answers (from {@code --node}, else application.conf's seed nodes, else this
     * host's configured cluster port) for {@link ClusterStatus}. It talks to the node over Pekko remoting without
     * joining the cluster, so it changes nothing there (a joining member would count in the downing decisions).
     */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Members and their state, which node holds the singletons, which symbols each node runs.",
                    "Exit 0 when a node answered, 1 when none did, 2 on bad usage."})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigOptions config = new ConfigOptions();

        @Option(names = "--node", paramLabel = "HOST:PORT",
                description = "A node's cluster address to ask (repeatable; default: application.conf's seed nodes, "
                        + "else 127.0.0.1 and pekko.remote.artery.canonical.port).")
        List<String> nodes = new ArrayList<>();

        @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "The address the nodes answer this command at (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
                description = "How long to wait for each node (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            AppConfig cfg;
            try {
                cfg = config.load();
            } catch (ConfigException e) {
                return config.reportProblems(e, spec.commandLine().getErr());
            }
            if (timeoutSeconds < 1) {
                throw new ExitCodes.UsageException("--timeout: found " + timeoutSeconds + ", expected seconds >= 1");
            }
            String systemName = cfg.runtime().settings().systemName();
            List<String> targets = targets(cfg.pekko(), systemName);
            PrintWriter out = spec.commandLine().getOut();
            ActorSystem<Void> client = ActorSystem.create(Behaviors.empty(), "pybit-status", clientConfig(cfg.pekko()));
            try {
                Duration timeout = Duration.ofSeconds(timeoutSeconds);
                for (String target : targets) {
                    ClusterStatus.Status status = ask(client, target + "/user/" + ClusterStatus.NAME, timeout);
                    if (status != null) {
                        print(status, out);
                        out.flush();
                        return ExitCodes.OK;
                    }
                }
            } finally {
                client.terminate();
                client.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: no cluster node answered within " + timeoutSeconds + " s at " + String.join(", ",
                    targets.stream().map(t -> t.substring(t.indexOf('@') + 1)).toList())
                    + " (is a node running there? give its cluster port with --node HOST:PORT)");
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }

        /** {@code pekko://system@host:port} of every node to try, in order. */
        private List<String> targets(Config pekko, String systemName) {
            List<String> out = new ArrayList<>();
            for (String n : nodes) {
                out.add(ClusterJoin.address("--node", systemName, n));
            }
            if (out.isEmpty() && pekko.hasPath("pekko.cluster.seed-nodes")) {
                out.addAll(pekko.getStringList("pekko.cluster.seed-nodes"));
            }
            if (out.isEmpty()) {
                out.add("pekko://" + systemName + "@127.0.0.1:" + pekko.getInt("pekko.remote.artery.canonical.port"));
            }
            return out;
        }

        /** A remoting-only system on a free port: it can talk to the nodes without becoming a member. */
        private Config clientConfig(Config pekko) {
            return ConfigFactory.parseString("pekko.loglevel = ERROR\npekko.log-dead-letters = off\n"
                            + "pekko.remote.warn-about-direct-use = off\n")
                    .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("remote"))
                    .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(0))
                    .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                    .withFallback(pekko);
        }

        private static ClusterStatus.Status ask(ActorSystem<Void> client, String path, Duration timeout) {
            try {
                var classic = Adapter.toClassic(client).actorSelection(path).resolveOne(timeout)
                        .toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                ActorRef<ClusterStatus.Command> node = Adapter.toTyped(classic);
                return AskPattern.<ClusterStatus.Command, ClusterStatus.Status>ask(node, ClusterStatus.Get::new,
                        timeout, client.scheduler()).toCompletableFuture()
                        .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return null; // not there, not started, or too slow: the next one is tried
            }
        }

        static void print(ClusterStatus.Status s, PrintWriter out) {
            out.println("cluster seen from " + s.seenFrom() + ": " + s.members().size() + " member(s)");
            for (ClusterStatus.Member m : s.members()) {
                out.println(String.format("  %-34s %-8s %-11s %-10s symbols: %s", m.address(), m.status(),
                        m.reachable() ? "reachable" : "UNREACHABLE", m.singletons() ? "singletons" : "-",
                        m.symbols().isEmpty() ? "none" : String.join(", ", m.symbols())));
            }
            out.println("symbols not running on any node: "
                    + (s.symbolsNotRunning().isEmpty() ? "none" : String.join(", ", s.symbolsNotRunning())));
        }
    }
}
