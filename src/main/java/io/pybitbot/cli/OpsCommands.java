package io.pybitbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}, {@code halt}, {@code resume}, {@code flatten}: a running node's status API from the shell. */
public final class OpsCommands {

    private OpsCommands() {}

    /** Loads the configuration (for the node's address and the token), runs the request, maps failures. */
    abstract static class OpsCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigOptions config = new ConfigOptions();

        @Option(names = "--url", paramLabel = "URL",
                description = "The node's status API (default: http://<general.json $.system.status host:port>).")
        String url;

        abstract void act(OpsClient client, PrintWriter out);

        @Override
        public final Integer call() {
            AppConfig cfg;
            try {
                cfg = config.load();
            } catch (ConfigException e) {
                return config.reportProblems(e, spec.commandLine().getErr());
            }
            PrintWriter out = spec.commandLine().getOut();
            try {
                act(OpsClient.of(cfg, url), out);
            } catch (OpsClient.Failure f) {
                spec.commandLine().getErr().println("error: " + f.getMessage());
                spec.commandLine().getErr().flush();
                return f.exitCode;
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "What a running node is doing: risk state, equity, positions, symbols, cluster members.")
    public static final class Status extends OpsCommand {
        @Option(names = "--json", description = "Print the API's JSON as it is.")
        boolean json;

        @Override
        void act(OpsClient client, PrintWriter out) {
            JsonNode s = client.get("/api/v1/status");
            if (json) {
                out.println(s.toPrettyString());
                return;
            }
            JsonNode risk = s.path("risk");
            out.printf("node %s (%s), %d cluster member(s)%n", s.path("node").asText(), s.path("mode").asText(),
                    s.path("cluster").path("members").size());
            out.printf("risk %s%s; equity %.2f, peak %.2f, day start %.2f, drawdown %.2f%%%n",
                    risk.path("state").asText(), risk.path("haltReason").asText().isEmpty() ? ""
                            : " (" + risk.path("haltReason").asText() + ")", risk.path("equity").asDouble(),
                    risk.path("peakEquity").asDouble(), risk.path("dayStartEquity").asDouble(),
                    risk.path("drawdownPct").asDouble());
            risk.path("haltedSymbols").fields().forEachRemaining(e ->
                    out.printf("  entries halted on %s: %s%n", e.getKey(), e.getValue().asText()));
            risk.path("pausedStrategies").fields().forEachRemaining(e ->
                    out.printf("  strategy %s %s%n", e.getKey(), e.getValue().asText()));
            out.printf("positions: %d%n", s.path("positions").size());
            for (JsonNode p : s.path("positions")) {
                out.printf("  %-10s %-4s %s @ %s, stop %s, target %s (%s)%n", p.path("symbol").asText(),
                        p.path("side").asText(), p.path("size").asText(), p.path("entryPrice").asText(),
                        p.path("stopLoss").asText("none"), p.path("takeProfit").asText("none"),
                        p.path("strategy").asText());
            }
            out.printf("open orders: %d; orders sent %d, denied %d, rejected %d%n", s.path("openOrders").size(),
                    s.path("execution").path("submitted").asInt(), s.path("execution").path("denied").asInt(),
                    s.path("execution").path("rejected").asInt());
            out.println("symbols:");
            for (JsonNode sym : s.path("symbols")) {
                out.printf("  %-10s %s%s%n", sym.path("symbol").asText(), sym.path("state").asText(),
                        sym.has("quarantine") ? ": " + sym.path("quarantine").asText() : "");
            }
        }
    }

    @Command(name = "halt", mixinStandardHelpOptions = true,
            description = {"Stop new entries on a running node (journaled; positions stay under their stops).",
                    "Needs STATUS_API_TOKEN (environment or .env), as the node has it."})
    public static final class Halt extends OpsCommand {
        @Option(names = "--why", paramLabel = "TEXT", description = "Why, for the log and the status.")
        String why = "";

        @Override
        void act(OpsClient client, PrintWriter out) {
            ObjectNode body = new ObjectMapper().createObjectNode().put("why", why);
            JsonNode r = client.post("/api/v1/halt", body);
            out.println("risk " + r.path("state").asText() + ": " + r.path("haltReason").asText());
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = {"Lift a halt on a running node (journaled; the drawdown peak restarts at current equity),",
                    "and every symbol halt (entries halted because a symbol's stops or closes kept failing);",
                    "with STRATEGY, resume only that paused strategy.",
                    "Needs STATUS_API_TOKEN (environment or .env), as the node has it."})
    public static final class Resume extends OpsCommand {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "STRATEGY",
                description = "resume this paused strategy (and nothing else)")
        String strategy;

        @Override
        void act(OpsClient client, PrintWriter out) {
            if (strategy != null) {
                JsonNode r = client.post("/api/v1/strategies/" + pathSegment(strategy) + "/resume",
                        new ObjectMapper().createObjectNode());
                out.println("strategy " + r.path("strategy").asText() + (r.path("paused").asBoolean()
                        ? " is still paused" : " resumed: new entries from it are allowed"));
                return;
            }
            JsonNode r = client.post("/api/v1/resume", new ObjectMapper().createObjectNode());
            out.println("risk " + r.path("state").asText() + (r.path("haltedSymbols").isEmpty() ? ""
                    : "; entries still halted on " + r.path("haltedSymbols")));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pause one strategy on a running node: no new entries from it (journaled, denial",
                    "STRATEGY_PAUSED); its open positions keep their stops and exits. `resume STRATEGY` undoes it.",
                    "Needs STATUS_API_TOKEN (environment or .env), as the node has it."})
    public static final class Pause extends OpsCommand {
        @picocli.CommandLine.Parameters(arity = "1", paramLabel = "STRATEGY",
                description = "the strategy's name in strategy.json, e.g. strategy_a")
        String strategy;

        @Override
        void act(OpsClient client, PrintWriter out) {
            JsonNode r = client.post("/api/v1/strategies/" + pathSegment(strategy) + "/pause", new ObjectMapper().createObjectNode());
            out.println("strategy " + r.path("strategy").asText() + (r.path("paused").asBoolean()
                    ? " paused: no new entries from it until `resume " + strategy + "`" : " is not paused"));
        }
    }

    @Command(name = "flatten", mixinStandardHelpOptions = true,
            description = {"Close every open position of a running node now, or only SYMBOL's (reduce-only market orders).",
                    "New entries continue unless you halt first. Needs STATUS_API_TOKEN, as the node has it."})
    public static final class Flatten extends OpsCommand {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SYMBOL",
                description = "only this symbol's position, e.g. BTCUSDT")
        String symbol;

        @Override
        void act(OpsClient client, PrintWriter out) {
            if (symbol == null) {
                client.post("/api/v1/flatten", new ObjectMapper().createObjectNode());
                out.println("flattening: every open position gets a reduce-only market close; `status` shows the result");
                return;
            }
            JsonNode r = client.post("/api/v1/flatten", new ObjectMapper().createObjectNode()
                    .put("symbol", symbol.toUpperCase(java.util.Locale.ROOT)));
            out.println("flattening " + r.path("symbol").asText() + ": " + r.path("detail").asText()
                    + "; `status` shows the result");
        }
    }

    /** A strategy name as one URL path segment, whatever it contains. */
    static String pathSegment(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
