package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.node.Node;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.symbol.SymbolActor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import picocli.CommandLine;

/** What the in-process {@code run} tests share: a command line with captured output, configs, waits on the node. */
final class RunHarness {

    private RunHarness() {}

    /** {@code run} as picocli executes it for a user, its output and errors captured. */
    record Cli(CommandLine cl, StringWriter out, StringWriter err) {
        static Cli of(RunCommand run) {
            CommandLine cl = io.pybitbot.Main.asUserSeesIt(new CommandLine(run));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return new Cli(cl, out, err);
        }
    }

    /**
     * The repository's configs copied under {@code dir/configs} with {@code mode} set and, when {@code dataDir} is
     * not null, {@code data_dir} moved there (so no run inherits another's journal).
     */
    static Path configs(Path dir, String mode, Path dataDir) throws Exception {
        Path configs = dir.resolve("configs");
        Files.createDirectories(configs);
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        Path general = configs.resolve("general.json");
        String json = Files.readString(general);
        assertTrue(json.contains("\"mode\": \"sim\""), json);
        json = json.replace("\"mode\": \"sim\"", "\"mode\": \"" + mode + "\"");
        if (dataDir != null) {
            assertTrue(json.contains("\"data_dir\": \"data\""), json);
            json = json.replace("\"data_dir\": \"data\"",
                    "\"data_dir\": \"" + dataDir.toString().replace("\\", "/") + "\"");
        }
        Files.writeString(general, json);
        return configs;
    }

    /** The node's actors, once its singletons and sharding are up (at most 30 s). */
    static Node.Refs refs(ActorSystem<Node.Command> system) throws Exception {
        return AskPattern.<Node.Command, Node.Refs>ask(system, Node.GetRefs::new, Duration.ofSeconds(30),
                system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static RiskActor.Status riskStatus(ActorSystem<Node.Command> system, Node.Refs refs) throws Exception {
        return AskPattern.<RiskActor.Command, RiskActor.Status>ask(refs.risk(), RiskActor.GetStatus::new,
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Risk's equity once it equals {@code expected} (at most {@code within}), else the last one seen. */
    static double awaitEquity(ActorSystem<Node.Command> system, double expected, Duration within) throws Exception {
        Node.Refs refs = refs(system);
        long deadline = System.nanoTime() + within.toNanos();
        double seen;
        do {
            seen = riskStatus(system, refs).equity();
            if (Math.abs(seen - expected) < 1e-6) {
                return seen;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return seen;
    }

    /** Waits (at most 30 s) until every symbol actor has loaded its history and listens to the stream. */
    static void awaitWarm(ActorSystem<Node.Command> system, List<String> symbols) throws Exception {
        refs(system);
        ClusterSharding sharding = ClusterSharding.get(system);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String symbol : symbols) {
            while (true) {
                SymbolActor.Snapshot s = sharding.entityRefFor(SymbolActor.ENTITY_KEY, symbol)
                        .<SymbolActor.Snapshot>ask(SymbolActor.GetSnapshot::new, Duration.ofSeconds(10))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                if (s.live()) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, symbol + " never got warm");
                Thread.sleep(50);
            }
        }
    }
}
