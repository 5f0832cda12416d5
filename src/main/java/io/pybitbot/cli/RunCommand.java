package io.pybitbot.cli;

import io.pybitbot.account.AccountFeed;
import io.pybitbot.backtest.BacktestReport;
import io.pybitbot.backtest.BacktestResult;
import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.config.ExchangeTarget;
import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.config.LogLevels;
import io.pybitbot.config.StrategyConfig;
import io.pybitbot.config.TradingMode;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitMarketData;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.exchange.bybit.ws.StreamCounters;
import io.pybitbot.execution.ExecutionSettings;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.node.Node;
import io.pybitbot.node.RunSummary;
import io.pybitbot.rest.RestClient;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.strategy.StrategyRegistry;
import io.pybitbot.symbol.SymbolActor;
import io.pybitbot.tpsl.TpSlActor;
import io.pybitbot.trading.TradingRules;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: starts a node with {@code configs/} and {@code .env}. In {@code sim} mode (the default) it
 * first starts the exchange simulator in-process on loopback, replaying the bundled real data, and
 * connects to it over real HTTP and WebSockets; a finite replay ends with a summary and exit 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start a trading node (mode from general.json: sim, paper, testnet or live).",
                "In sim mode it runs against the built-in simulator and ends with a summary when the replay ends."})
public final class RunCommand implements Callable<Integer> {

    /** For what the console already shows: the log file gets it too (logback.xml {@code pybit.file}). */
    private static final org.slf4j.Logger FILE_ONLY = org.slf4j.LoggerFactory.getLogger("pybit.file");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--speed", defaultValue = "10000",
            description = "sim: how fast the replay runs: a multiple of real time (e.g. 600), or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--data", defaultValue = "bundled",
            description = "sim: bundled, synthetic, or a directory of candle files (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--forever", description = "sim: keep running after the replay ends (stop with Ctrl-C).")
    boolean forever;

    @Option(names = "--lockstep", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"sim: at every candle close the replay waits until the node has acted on it, so orders fill "
                    + "where the backtester fills them and the result does not depend on how busy the machine is; "
                    + "--speed is then an upper bound (default: on).",
                    "--no-lockstep replays at --speed whatever the node's progress (a busy machine then trades later "
                    + "in virtual time). With --data DIR the lock-step replay keeps the files' own timestamps."})
    boolean lockstep;

    @Option(names = "--out", defaultValue = "run-out", description = "Where the summary files go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--exchange-url", paramLabel = "URL",
            description = {"Trade with the Bybit V5 compatible server at URL, e.g. a standalone simulator shared by",
                    "several nodes (`sim --port 8090`: http://127.0.0.1:8090); wins over BYBIT_BASE_URL."})
    String exchangeUrl;

    @Option(names = "--confirm-live", description = "Required in live mode: you accept that real orders are placed.")
    boolean confirmLive;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "Pekko remoting port of this node (default: application.conf, 25520; 0 = any free port).")
    Integer clusterPort;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Host name or IP other nodes reach this node at (default: application.conf, 127.0.0.1).")
    String clusterHost;

    @Option(names = "--seed-node", paramLabel = "HOST:PORT",
            description = {"Cluster port of a node to join; repeat for several (default: application.conf "
                    + "pekko.cluster.seed-nodes).", "Without seed nodes the node forms a cluster of its own."})
    List<String> seedNodes;

    @Option(names = "--cluster-nodes", paramLabel = "N",
            description = {"How many nodes this cluster runs with; picks the split-brain resolver: 1 or 3+ keep-majority,",
                    "2 keep-oldest with down-if-alone (default: application.conf pybit.cluster.nodes, 1)."})
    Integer clusterNodes;

    @Option(names = "--status-port", paramLabel = "PORT",
            description = "Port of the status API (default: general.json $.system.status.port; 0 = any free port).")
    Integer statusPort;

    /** The running status API (tests read its port). */
    volatile io.pybitbot.ops.StatusServer statusServer;

    /** Test hook: sees the simulator after the replay, before it stops. */
    java.util.function.Consumer<SimulatedExchange> afterReplay = sim -> { };

    /** Test hook: sees the node's actor system once it has started, in every mode (terminating it stops the run). */
    java.util.function.Consumer<ActorSystem<Node.Command>> onStart = system -> { };

    /** Test hook, paper mode: the exchange's clock (the wall clock; a test passes its stand-in's clock). */
    InstantSource paperClock = InstantSource.system();

    /** Test hook, paper mode: sees the paper exchange and the node's actor system (terminating it stops the run). */
    java.util.function.BiConsumer<SimulatedExchange, ActorSystem<Node.Command>> onPaperStart = (paper, system) -> { };

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AppConfig cfg;
        try {
            cfg = config.load();
        } catch (ConfigException e) {
            return config.reportProblems(e, spec.commandLine().getErr());
        }
        LogLevels.applyConfigured(cfg.general().system().logLevel());
        TradingMode mode = cfg.general().mode();
        if (mode == TradingMode.LIVE && !confirmLive) {
            throw new ExitCodes.UsageException("general.json: $.mode is \"live\": real orders with real money. "
                    + "Run again with --confirm-live to accept that.");
        }
        Speed simSpeed;
        try {
            simSpeed = Speed.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UsageException("--speed: " + e.getMessage());
        }
        if (mode == TradingMode.SIM && !data.equals("bundled") && !data.equals("synthetic")
                && !java.nio.file.Files.isDirectory(Path.of(data))) {
            throw new ExitCodes.UsageException("--data: '" + data
                    + "' is neither bundled, synthetic nor a directory of candle files (SYMBOL_INTERVAL.csv)");
        }
        if (simSpeed.mode() == Speed.Mode.MANUAL) {
            throw new ExitCodes.UsageException("--speed: use a multiple of real time or max (the replay waits for the node at every close anyway)");
        }
        if (mode == TradingMode.SIM && exchangeUrl == null
                && cfg.exchange().network() == ExchangeTarget.Network.BUILT_IN_SIMULATOR) {
            OutputDir.prepare(this.out, "--out"); // the replay's summary goes there: fail now, not after the replay
        }
        // a replay faster than real time compresses the bot's reaction time by its speed: a candle's age in
        // virtual time says nothing about staleness there, so the signal age limit applies only at 1x
        acceleratedReplay = lockstep || simSpeed.mode() == Speed.Mode.MAX || simSpeed.factor() != 1;
        com.typesafe.config.Config pekko = ClusterJoin.apply(cfg.pekko(), cfg.runtime().settings().systemName(),
                seedNodes, clusterPort, clusterHost, clusterNodes);
        ExchangeTarget target = cfg.exchange();
        if (exchangeUrl != null) {
            String[] problem = new String[1];
            java.net.URI url = io.pybitbot.config.EnvSettings.parseBaseUrl(exchangeUrl, problem)
                    .orElseThrow(() -> new ExitCodes.UsageException("--exchange-url: " + problem[0]));
            target = ExchangeTarget.custom(url, "--exchange-url");
        }
        // where orders go is said before anything is sent; local simulators are named once they have a port
        boolean localExchange = mode == TradingMode.PAPER || target.network() == ExchangeTarget.Network.BUILT_IN_SIMULATOR;
        if (!localExchange) {
            banner(out, ExchangeHosts.describe(mode, target, null));
        }
        // a built-in simulator starts a fresh account on every run, so its journal starts empty too; an external
        // exchange (testnet, live, a standalone simulator) is journaled to the configured database
        io.pybitbot.config.JournalConfig journalConfig = localExchange
                ? io.pybitbot.config.JournalConfig.inMemory("pybit-" + mode.code() + "-" + java.util.UUID.randomUUID())
                : cfg.journal();
        refuseUnsharedMultiNode(pekko, mode, localExchange, journalConfig);
        io.pybitbot.journal.Journal journal = io.pybitbot.journal.Journal.open(journalConfig);
        pekko = journal.pekkoConfig().withFallback(pekko);
        if (!journalConfig.inMemoryOnly()) {
            out.println("journal: " + journalConfig.where());
        }
        boolean selfJoin = ClusterJoin.selfJoin(pekko);
        AtomicReference<Wiring> wiring = new AtomicReference<>();
        ActorSystem<Node.Command> system = startSystem(selfJoin, cfg.runtime().settings().systemName(), pekko);
        banner(out, List.of(ClusterJoin.describe(pekko,
                org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address().toString())));
        StopSignals signals = StopSignals.install(out);
        try {
            // first, so a port in use stops the run before it connects to anything
            statusServer = startStatusServer(system, cfg, out);
            // blocking set-up (bind the simulator, load instruments) happens here, not inside an actor
            if (mode == TradingMode.PAPER) {
                out.println("paper: reading instruments and live market data from " + ExchangeHosts.of(target).rest()
                        + "; orders are filled by a local paper exchange (no keys, no real orders)");
                out.flush();
            }
            if (target.network() != ExchangeTarget.Network.BUILT_IN_SIMULATOR) {
                Reachability.require(ExchangeHosts.of(target).rest(),
                        "check the network, or the host (BYBIT_BASE_URL, --exchange-url)");
            }
            Wiring w = wire(system, cfg, mode, target);
            wiring.set(w);
            system.tell(new Node.Start(w.parts()));
            if (localExchange) {
                banner(out, ExchangeHosts.describe(mode, target, w.localHosts()));
            }
            out.println("pybit-bot " + mode.code() + " node started: " + cfg.general().symbols() + ", strategies "
                    + cfg.strategies().enabled().keySet() + (w.sim() != null ? ", simulator at " + w.sim().restBaseUrl() : ""));
            out.flush();
            if (w.paper() != null) {
                onPaperStart.accept(w.paper(), system);
            }
            onStart.accept(system);
            if (w.sim() == null) {
                java.util.concurrent.CompletableFuture.anyOf(system.getWhenTerminated().toCompletableFuture(),
                        signals.requested()).get();
                if (signals.asked().isPresent()) {
                    gracefulStop(system, w, cfg, signals.asked().get());
                    return ExitCodes.OK;
                }
                return downed(system) ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
            }
            // the simulator starts paused: it replays once every symbol is warm, so no candle is missed
            io.pybitbot.node.EquitySampler sampler = new io.pybitbot.node.EquitySampler();
            w.sim().core().observeCloses(sampler);
            try {
                new io.pybitbot.node.ReplayDriver(system, w.sim(), cfg).run(
                        simSpeed.mode() == Speed.Mode.MAX ? Double.POSITIVE_INFINITY : simSpeed.factor(), lockstep,
                        () -> signals.asked().isPresent());
            } catch (io.pybitbot.node.ReplayDriver.Stuck e) {
                throw new ExitCodes.RuntimeProblem(e.getMessage() + io.pybitbot.config.LogLevels.logFile()
                        .map(log -> "; what the node did is in " + log).orElse(""));
            }
            if (signals.asked().isEmpty()) {
                Thread.sleep(2000); // the last orders and fills settle
            }
            if (forever && signals.asked().isEmpty()) {
                out.println("replay finished; the node keeps running (Ctrl-C to stop)");
                out.flush();
                java.util.concurrent.CompletableFuture.anyOf(system.getWhenTerminated().toCompletableFuture(),
                        signals.requested()).get();
                if (signals.asked().isEmpty()) {
                    return ExitCodes.OK;
                }
            }
            signals.asked().ifPresent(why -> gracefulStop(system, w, cfg, why));
            afterReplay.accept(w.sim());
            BacktestResult summary = summarize(system, w, cfg, sampler);
            BacktestReport.printTable(summary, out);
            if (!lockstep) {
                out.println("note: --no-lockstep replays at a fixed speed, following this machine's timing, so two runs"
                        + " can differ by a trade or two; without it the replay waits for the node at each close"
                        + " (see docs/commands.md)");
            }
            BacktestReport.writeFiles(summary, this.out);
            Path files = this.out.toAbsolutePath().normalize();
            out.println("files: " + files.resolve("summary.json") + ", trades.csv, equity.csv, report.html");
            io.pybitbot.config.LogLevels.logFile().ifPresent(log -> out.println("log: " + log));
            out.println("report: " + files.resolve("report.html"));
            out.flush();
            return ExitCodes.OK;
        } finally {
            signals.close();
            boolean graceful = signals.asked().isPresent();
            if (graceful) {
                org.slf4j.LoggerFactory.getLogger(RunCommand.class).info(
                        "graceful stop: leaving the cluster and stopping the actor system");
            }
            if (statusServer != null) {
                statusServer.stop();
            }
            Wiring w = wiring.get();
            if (w != null && w.sim() != null) {
                w.sim().stop();
            }
            if (w != null && w.paper() != null && !system.getWhenTerminated().toCompletableFuture().isDone()) {
                w.paper().stop(); // once the system is down, its server binding is gone with it
            }
            if (!system.getWhenTerminated().toCompletableFuture().isDone()) { // a stopped paper node is done
                try {
                    org.apache.pekko.http.javadsl.Http.get(system).shutdownAllConnectionPools().toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // a pool still waiting on an unreachable host: the system's shutdown ends it; never mask the cause
                    org.slf4j.LoggerFactory.getLogger(RunCommand.class).debug("connection pools still closing at stop");
                }
            }
            system.terminate(); // coordinated shutdown: the node leaves the cluster first
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (graceful) {
                org.slf4j.LoggerFactory.getLogger(RunCommand.class).info("graceful stop: done");
                out.println("stopped");
                out.flush();
            }
        }
    }

    private io.pybitbot.ops.StatusServer startStatusServer(ActorSystem<Node.Command> system, AppConfig cfg,
                                                          PrintWriter out) {
        io.pybitbot.config.GeneralConfig.Status where = cfg.general().system().status();
        int port = statusPort != null ? statusPort : where.port();
        if (port < 0 || port > 65_535) {
            throw new ExitCodes.UsageException("--status-port: found " + port + ", expected 0 to 65535");
        }
        try {
            io.pybitbot.ops.StatusServer server = io.pybitbot.ops.StatusServer.start(system,
                    new io.pybitbot.ops.StatusServer.Settings(where.host(), port, cfg.env().statusToken(),
                            cfg.general().mode().code(), cfg.general().symbols(),
                            List.copyOf(cfg.strategies().enabled().keySet()), cfg.runtime().settings().askTimeout(),
                            cfg.env().alerts()),
                    InstantSource.system(), () -> io.pybitbot.exchange.bybit.RejectedRows.shared().snapshot().byKind());
            out.println("status API: " + server.url() + "/api/v1/status" + (server.controls()
                    ? " (controls on: bearer STATUS_API_TOKEN)" : " (read-only: STATUS_API_TOKEN unset)"));
            out.println("alerts: " + cfg.env().alerts().describe());
            out.flush();
            return server;
        } catch (io.pybitbot.ops.StatusServer.StartException e) {
            throw new ExitCodes.UsageException(e.getMessage());
        }
    }

    /** {@code pybit.rest.recv-window} and {@code pybit.rest.request-timeout} on every REST call. */
    private static BybitRestApi restApi(ActorSystem<?> system, BybitHosts hosts, Optional<ApiCredentials> credentials,
                                        InstantSource clock, AppConfig cfg) {
        var rt = cfg.runtime().settings();
        return BybitRestApi.create(system, hosts, credentials, clock, rt.recvWindow().toMillis(), rt.restRequestTimeout());
    }

    /** SIGINT/SIGTERM: no new entries, orders on their way answered, then execution.json $.on_stop. */
    private static void gracefulStop(ActorSystem<Node.Command> system, Wiring w, AppConfig cfg, String why) {
        new io.pybitbot.node.GracefulStop(system, w.tradingApi(), cfg.general().symbols(), cfg.execution().onStop(),
                cfg.runtime().settings().shutdownTimeout(), cfg.runtime().settings().askTimeout()).run(why);
    }

    /**
     * With candle files, replay from their own timestamps: the candle after {@code history} candles of
     * {@code historyInterval} in the earliest
     * series starts the replay, so a backtest of the same files lines up candle for candle.
     */
    private static Long ownReplayStart(String data, List<String> symbols, int history, Interval historyInterval) {
        if (data.equals("bundled") || data.equals("synthetic")) {
            return null;
        }
        long start = Long.MAX_VALUE;
        try (var files = java.nio.file.Files.list(Path.of(data))) {
            for (Path f : files.toList()) {
                var si = io.pybitbot.data.CandleCsv.parseFileName(f.getFileName().toString());
                if (si.isPresent() && symbols.contains(si.get().symbol())) {
                    var series = io.pybitbot.data.CandleCsv.read(f);
                    int own = io.pybitbot.sim.market.MarketFeed.historyCandles(series.interval(), history, historyInterval);
                    if (series.size() > own) {
                        start = Math.min(start, series.get(own).startMs());
                    }
                }
            }
        } catch (java.io.IOException ex) {
            throw new io.pybitbot.data.DataException("--data " + data + ": " + ex.getMessage(), ex);
        }
        return start == Long.MAX_VALUE ? null : start;
    }

    /**
     * Several nodes trade one account only through one exchange and one journal: a built-in simulator or paper
     * exchange belongs to its node, and an H2 file (or in-memory) journal to its process.
     */
    private static void refuseUnsharedMultiNode(com.typesafe.config.Config pekko, TradingMode mode, boolean localExchange,
                                                io.pybitbot.config.JournalConfig journal) {
        boolean multiNode = !ClusterJoin.selfJoin(pekko) || pekko.getInt("pybit.cluster.nodes") > 1;
        if (!multiNode) {
            return;
        }
        if (localExchange) {
            throw new ExitCodes.UsageException("several nodes need one exchange: in mode " + mode.code() + " each node"
                    + " would trade with its own in-process " + (mode == TradingMode.PAPER ? "paper exchange" : "simulator")
                    + "; point every node at one standalone `sim` (BYBIT_BASE_URL or --exchange-url), or run one node");
        }
        if (journal.h2File().isPresent() || journal.inMemoryOnly()) {
            throw new ExitCodes.UsageException("several nodes need one shared journal: " + journal.where()
                    + " is an H2 database only this process can open; set PYBIT_JOURNAL_URL to PostgreSQL"
                    + " (e.g. jdbc:postgresql://localhost:5432/pybit) on every node, or run one node");
        }
    }

    /** The split-brain resolver downed this node: say so, so the operator knows to restart it. */
    private boolean downed(ActorSystem<?> system) {
        if (!downedBySplitBrainResolver(system)) {
            return false;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("this node was downed by the cluster's split-brain resolver (it lost contact with the other"
                + " nodes and was on the side that stops); its singletons and symbols run elsewhere if a majority"
                + " (or, with 2 nodes, the oldest) survived. Restart it to rejoin.");
        err.flush();
        return true;
    }

    /** The coordinated shutdown ran because the cluster downed this node (not a Ctrl-C, not a leave). */
    static boolean downedBySplitBrainResolver(ActorSystem<?> system) {
        var reason = org.apache.pekko.actor.CoordinatedShutdown.get(system).getShutdownReason();
        return reason.isPresent() && reason.get() == org.apache.pekko.actor.CoordinatedShutdown.clusterDowningReason();
    }

    /** A port in use or a host this machine does not have is the user's to fix: one line, exit 2. */
    private static ActorSystem<Node.Command> startSystem(boolean selfJoin, String name, com.typesafe.config.Config pekko) {
        try {
            return ActorSystem.create(Node.create(selfJoin), name, pekko);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException || t instanceof java.net.UnknownHostException) {
                    throw new ExitCodes.UsageException("cannot bind the cluster port "
                            + pekko.getString("pekko.remote.artery.canonical.hostname") + ":"
                            + pekko.getInt("pekko.remote.artery.canonical.port") + " (" + io.pybitbot.net.BindProblem.describe(t)
                            + "); choose another with --cluster-port (0 = any free port) or --cluster-host");
                }
            }
            throw e;
        }
    }

    private static void banner(PrintWriter out, List<String> lines) {
        lines.forEach(out::println);
        out.flush();
        lines.forEach(l -> FILE_ONLY.info("{}", l.strip()));
    }

    /** What the node was built from, kept for the summary. */
    /** @param tradingApi the signed API orders go through (what a graceful stop cancels and flattens with) */
    record Wiring(Node.Parts parts, BybitRestApi api, BybitRestApi tradingApi, SimulatedExchange sim,
                  SimulatedExchange paper) {

        /** The in-process exchange this node trades with (built-in simulator or paper exchange), else null. */
        BybitHosts localHosts() {
            SimulatedExchange local = sim != null ? sim : paper;
            return local == null ? null : BybitHosts.custom(local.restBaseUrl());
        }
    }

    private boolean acceleratedReplay;

    /** general.json's signal age limit, or none in an accelerated replay of the built-in simulator. */
    private double maxSignalAge(AppConfig cfg, boolean builtInSimulator) {
        return builtInSimulator && acceleratedReplay ? Double.POSITIVE_INFINITY
                : cfg.general().system().maxSignalAgeFraction();
    }

    /** The configured keys; without them the simulator's defaults (testnet and live are refused without keys earlier). */
    private static ApiCredentials keysOrSimDefaults(AppConfig cfg) {
        var keys = cfg.credentials();
        return keys.hasKeys()
                ? new ApiCredentials(keys.apiKey().orElseThrow().reveal(), keys.apiSecret().orElseThrow().reveal())
                : new ApiCredentials(SimSettings.DEFAULT_API_KEY, SimSettings.DEFAULT_API_SECRET);
    }

    /** How often a standalone simulator's clock is read again (its replay may run at any rate). */
    private static final Duration SIM_CLOCK_READING = Duration.ofSeconds(1);

    /**
     * Two readings of the simulator's clock half a second apart give its rate before anything trades; one a second
     * after that keeps the followed clock anchored. A reading that fails is skipped (the clock runs on at its rate).
     */
    private static void follow(ActorSystem<?> system, io.pybitbot.exchange.bybit.BybitRestApi api,
                               io.pybitbot.exchange.bybit.ServerClock clock) {
        for (int i = 0; i < 2; i++) {
            readClock(api, clock).toCompletableFuture().join();
            if (i == 0) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        system.scheduler().scheduleWithFixedDelay(SIM_CLOCK_READING, SIM_CLOCK_READING, () -> readClock(api, clock),
                system.executionContext());
    }

    private static java.util.concurrent.CompletionStage<?> readClock(io.pybitbot.exchange.bybit.BybitRestApi api,
                                                                     io.pybitbot.exchange.bybit.ServerClock clock) {
        long sent = System.currentTimeMillis();
        return api.serverTime().thenAccept(r -> {
            if (r instanceof io.pybitbot.exchange.bybit.BybitResult.Ok<io.pybitbot.exchange.bybit.dto.MarketDtos.ServerTime> ok) {
                clock.reading(sent, System.currentTimeMillis(), ok.value().epochMillis());
            }
        });
    }

    private Wiring wire(ActorSystem<?> system, AppConfig cfg, TradingMode mode, ExchangeTarget target) {
        if (mode == TradingMode.PAPER) {
            return wirePaper(system, cfg, target);
        }
        TradingRules rules = TradingRules.from(cfg.execution());
        SimulatedExchange sim = null;
        BybitHosts hosts;
        Optional<ApiCredentials> credentials;
        InstantSource clock;       // exchange time: market data, candle times, the actors' clocks
        InstantSource signClock;   // time for request signatures and WS auth (recv-window checks)
        io.pybitbot.exchange.bybit.ServerClock followed = null;
        if (target.network() == ExchangeTarget.Network.BUILT_IN_SIMULATOR) {
            ExecutionConfig e = cfg.execution();
            // history for every strategy's backfill at its own timeframe, however fine the data: counted in the
            // coarsest timeframe, the simulator keeps enough candles of finer data before the replay starts
            int history = cfg.general().system().backfillCandles() + 10;
            Interval coarsest = cfg.strategies().enabled().values().stream().map(StrategyConfig::timeframe)
                    .max(java.util.Comparator.comparingLong(Interval::millis)).orElse(null);
            SimSettings base = SimSettings.defaults().withPort(0).withData(data, cfg.general().symbols());
            SimSettings settings = new SimSettings(base.host(), 0, base.apiKey(), base.apiSecret(), base.symbols(),
                    base.data(), base.syntheticInterval(), base.syntheticCandles(), base.seed(),
                    Speed.MANUAL, base.interimUpdates(), history, coarsest,
                    lockstep ? ownReplayStart(data, cfg.general().symbols(), history, coarsest) : null,
                    BigDecimal.valueOf(e.initialEquityUsdt()),
                    BigDecimal.valueOf(e.leverage()), rules.fills().settings(), base.enforceRateLimits(),
                    base.ipLimitPer5s(), base.faults());
            sim = SimulatedExchange.start(settings, system);
            SimulatedExchange running = sim;
            // market data and the actors follow the replay's virtual clock; signatures use the wall clock,
            // which the simulator accepts (the virtual one races ahead of any recv window)
            clock = () -> Instant.ofEpochMilli(running.virtualNowMs());
            signClock = InstantSource.system();
            hosts = BybitHosts.custom(sim.restBaseUrl());
            credentials = Optional.of(new ApiCredentials(settings.apiKey(), settings.apiSecret()));
        } else if (mode == TradingMode.SIM) {
            // a standalone simulator: its replay's clock is followed from its /v5/market/time (fed below)
            followed = new io.pybitbot.exchange.bybit.ServerClock(System::currentTimeMillis);
            clock = followed;
            signClock = InstantSource.system();
            hosts = ExchangeHosts.of(target);
            credentials = Optional.of(keysOrSimDefaults(cfg));
        } else {
            clock = InstantSource.system();
            signClock = clock;
            hosts = ExchangeHosts.of(target);
            credentials = Optional.of(keysOrSimDefaults(cfg));
        }
        BybitRestApi api = restApi(system, hosts, credentials, signClock, cfg);
        // a simulator (built-in or standalone) accepts signatures by the wall clock; its /v5/market/time is the
        // replay's clock, which runs ahead at any speed above 1, so only a real exchange's clock is synced
        if (mode != TradingMode.SIM) {
            api.syncClock().toCompletableFuture().join();
            api.resyncClockEvery(CLOCK_RESYNC); // drift is caught before it costs 10002 rejections
        } else if (followed != null) {
            follow(system, api, followed);
        }
        Map<String, InstrumentSpec> instruments = instruments(api, cfg.general().symbols());
        BybitSigner signer = new BybitSigner(credentials.orElseThrow());
        StrategyRegistry registry = StrategyRegistry.load();
        BybitMarketData market = new BybitMarketData(system, api, clock, signClock, streamSettings(cfg),
                new StreamCounters(), cfg.runtime().settings().wsSymbolsPerConnection());
        // a standalone simulator replaying faster than real time compresses reaction times like the built-in one
        double signalAge = maxSignalAge(cfg, sim != null || (followed != null && followed.rate() > 1.5));
        ExecutionSettings exec = ExecutionSettings.from(cfg.execution());
        TpSlActor.Settings tpslSettings = TpSlActor.Settings.from(cfg.execution().tpslManager());
        int atrPeriod = cfg.strategies().enabled().values().stream()
                .map(s -> cfg.indicators().forTimeframe(s.timeframe()).atr()).findFirst().orElse(14);
        Node.Parts parts = new Node.Parts(
                RestClient.create(api, signClock, RestClient.Settings.defaults()),
                rest -> AccountFeed.create(new AccountFeed.StreamSettings(hosts.privateWs(), signer, signClock,
                        api::clockOffsetMs, Duration.ofSeconds(10), streamSettings(cfg)), rest, plausibility(cfg)),
                s -> RiskActor.create(rules.risk(), s.accountFeed(), clock),
                s -> OrderExecution.create(s.risk(), s.rest(), s.accountFeed(), instruments, exec, clock),
                s -> TpSlActor.create(rules.tpsl(), tpslSettings, s.rest(), s.accountFeed(), s.risk(), instruments, clock),
                cfg.general().symbols(),
                outputs -> new SymbolActor.Settings(market, symbol -> slots(cfg, registry, symbol),
                        cfg.general().system().backfillCandles(), atrPeriod, outputs, Duration.ofSeconds(1),
                        Duration.ofSeconds(30), signalAge, true));
        return new Wiring(parts, api, api, sim, null);
    }

    private static final Duration CLOCK_RESYNC = Duration.ofMinutes(5);

    /** The bounds beyond which the account feed confirms a stream event over REST (execution.json $.risk). */
    static io.pybitbot.account.Plausibility plausibility(AppConfig cfg) {
        var r = cfg.execution().risk();
        return new io.pybitbot.account.Plausibility(r.maxEquityJumpPct(), r.maxPositionJumpFactor());
    }

    /** WebSocket settings from {@code pybit.websocket.*} (application.conf over reference.conf). */
    static BybitPublicStream.Settings streamSettings(AppConfig cfg) {
        var rs = cfg.runtime().settings();
        return BybitPublicStream.Settings.of(rs.wsStallTimeout(), rs.wsReconnectMinBackoff(), rs.wsReconnectMaxBackoff());
    }

    /**
     * Paper mode: market data from Bybit's public API (no keys), orders to an in-process simulator whose matching
     * engine is fed the same public kline stream, so fills follow the simulator's (and backtester's) fill model.
     */
    private Wiring wirePaper(ActorSystem<?> system, AppConfig cfg, ExchangeTarget target) {
        TradingRules rules = TradingRules.from(cfg.execution());
        InstantSource clock = paperClock;          // the market's time
        InstantSource signClock = InstantSource.system(); // signatures and WS auth against the paper exchange
        BybitHosts publicHosts = ExchangeHosts.of(target);
        BybitRestApi publicApi = restApi(system, publicHosts, Optional.empty(), clock, cfg);
        Map<String, InstrumentSpec> instruments = instruments(publicApi, cfg.general().symbols());

        ExecutionConfig e = cfg.execution();
        SimSettings settings = SimSettings.defaults().withPort(0).withData("live", cfg.general().symbols())
                .withAccount(BigDecimal.valueOf(e.initialEquityUsdt()), BigDecimal.valueOf(e.leverage()),
                        rules.fills().settings());
        SimulatedExchange paper = SimulatedExchange.startLive(settings, List.copyOf(instruments.values()), system,
                signClock, clock);
        try {
            BybitHosts paperHosts = BybitHosts.custom(paper.restBaseUrl());
            ApiCredentials paperKeys = new ApiCredentials(settings.apiKey(), settings.apiSecret());
            BybitRestApi privateApi = restApi(system, paperHosts, Optional.of(paperKeys), signClock, cfg);
            BybitMarketData market = new BybitMarketData(system, publicApi, clock, clock,
                    streamSettings(cfg), new StreamCounters(), cfg.runtime().settings().wsSymbolsPerConnection());
            // the paper exchange reads the market on connections of its own: a reader that falls behind holds its
            // shared connection back, and the paper fills must never hold back the strategies' candles (or be held)
            feedPaperExchange(system, cfg, new BybitMarketData(system, publicApi, clock, clock, streamSettings(cfg),
                    new StreamCounters(), cfg.runtime().settings().wsSymbolsPerConnection()), paper);
            BybitSigner signer = new BybitSigner(paperKeys);
            StrategyRegistry registry = StrategyRegistry.load();
            ExecutionSettings exec = ExecutionSettings.from(cfg.execution());
            TpSlActor.Settings tpslSettings = TpSlActor.Settings.from(cfg.execution().tpslManager());
            int atrPeriod = cfg.strategies().enabled().values().stream()
                    .map(s -> cfg.indicators().forTimeframe(s.timeframe()).atr()).findFirst().orElse(14);
            Node.Parts parts = new Node.Parts(
                    RestClient.create(privateApi, signClock, RestClient.Settings.defaults()),
                    rest -> AccountFeed.create(new AccountFeed.StreamSettings(paperHosts.privateWs(), signer, signClock,
                            privateApi::clockOffsetMs, Duration.ofSeconds(10), streamSettings(cfg)),
                            rest, plausibility(cfg)),
                    s -> RiskActor.create(rules.risk(), s.accountFeed(), clock),
                    s -> OrderExecution.create(s.risk(), s.rest(), s.accountFeed(), instruments, exec, clock),
                    s -> TpSlActor.create(rules.tpsl(), tpslSettings, s.rest(), s.accountFeed(), s.risk(), instruments, clock),
                    cfg.general().symbols(),
                    outputs -> new SymbolActor.Settings(market, symbol -> slots(cfg, registry, symbol),
                            cfg.general().system().backfillCandles(), atrPeriod, outputs, Duration.ofSeconds(1),
                            Duration.ofSeconds(30), maxSignalAge(cfg, false), true));
            return new Wiring(parts, publicApi, privateApi, null, paper);
        } catch (RuntimeException ex) {
            paper.stop();
            throw ex;
        }
    }

    /**
     * Streams each symbol's finest configured interval from the public API into the paper exchange. The streams
     * reconnect by themselves and end with the actor system.
     */
    private static void feedPaperExchange(ActorSystem<?> system, AppConfig cfg, BybitMarketData market,
                                          SimulatedExchange paper) {
        List<io.pybitbot.domain.Interval> intervals = new ArrayList<>(cfg.general().timeframes());
        cfg.strategies().enabled().values().forEach(s -> intervals.add(s.timeframe()));
        io.pybitbot.domain.Interval finest = intervals.stream()
                .min(java.util.Comparator.comparingLong(io.pybitbot.domain.Interval::millis))
                .orElse(io.pybitbot.domain.Interval.M1);
        for (String symbol : cfg.general().symbols()) {
            market.stream(symbol, List.of(finest))
                    .runForeach(event -> {
                        if (event instanceof io.pybitbot.symbol.MarketData.Event.Klines k && k.interval() == finest) {
                            k.candles().forEach(c -> paper.feed(symbol, k.interval(), c));
                        }
                    }, system);
        }
    }

    private static List<SymbolActor.Slot> slots(AppConfig cfg, StrategyRegistry registry, String symbol) {
        List<SymbolActor.Slot> out = new ArrayList<>();
        for (StrategyConfig s : cfg.strategies().enabled().values()) {
            if (s.symbols().contains(symbol)) {
                out.add(new SymbolActor.Slot(s.name(), s.timeframe(), registry.create(cfg, s, symbol)));
            }
        }
        return out;
    }

    private static Map<String, InstrumentSpec> instruments(BybitRestApi api, List<String> symbols) {
        var answer = api.allInstruments().toCompletableFuture().join();
        if (answer instanceof io.pybitbot.exchange.bybit.BybitResult.Err<?> err) {
            throw new ExitCodes.RuntimeProblem("could not read the instruments from " + api.hosts().rest() + " ("
                    + err.error().describe() + "); check the network, or the host (BYBIT_BASE_URL, --exchange-url)");
        }
        List<InstrumentInfo> all = answer.orThrow();
        Map<String, InstrumentSpec> out = new LinkedHashMap<>();
        for (InstrumentInfo i : all) {
            if (symbols.contains(i.symbol())) {
                out.put(i.symbol(), i.toSpec());
            }
        }
        List<String> missing = symbols.stream().filter(s -> !out.containsKey(s)).toList();
        if (!missing.isEmpty()) {
            throw new ExitCodes.UsageException("general.json: $.symbols: the exchange does not list " + missing
                    + " as linear perpetuals");
        }
        return out;
    }

    private static BacktestResult summarize(ActorSystem<Node.Command> system, Wiring w, AppConfig cfg,
                                            io.pybitbot.node.EquitySampler sampler) {
        List<ExecutionInfo> fills = new ArrayList<>();
        for (String symbol : cfg.general().symbols()) {
            Optional<String> cursor = Optional.empty();
            do {
                ExecutionsPage page = w.api().executions(Optional.of(symbol), OptionalLong.empty(), cursor, 100)
                        .toCompletableFuture().join().orThrow();
                fills.addAll(page.list());
                cursor = Optional.ofNullable(page.nextPageCursor()).filter(c -> !c.isEmpty());
            } while (cursor.isPresent());
        }
        // what the node itself counted: the denials of its ledger, the closed candles its symbols traded on
        Map<String, Integer> denials = Map.of();
        long candles = 0;
        try {
            Node.Refs refs = org.apache.pekko.actor.typed.javadsl.AskPattern.<Node.Command, Node.Refs>ask(system,
                    Node.GetRefs::new, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture()
                    .get(15, java.util.concurrent.TimeUnit.SECONDS);
            denials = org.apache.pekko.actor.typed.javadsl.AskPattern.<OrderExecution.Command, OrderExecution.State>ask(
                    refs.orderExecution(), OrderExecution.GetState::new, Duration.ofSeconds(10), system.scheduler())
                    .toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS).denialsByReason();
            var sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system);
            for (String symbol : cfg.general().symbols()) {
                candles += sharding.entityRefFor(SymbolActor.ENTITY_KEY, symbol)
                        .<SymbolActor.Snapshot>ask(SymbolActor.GetSnapshot::new, Duration.ofSeconds(10))
                        .toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS).liveCandles();
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RunCommand.class).warn("summary: the node's own counts are not"
                    + " available ({}); denials and candles are left out", e.toString());
        }
        return RunSummary.from("sim run of " + cfg.strategies().enabled().keySet() + " on " + cfg.general().symbols(),
                BigDecimal.valueOf(cfg.execution().initialEquityUsdt()), fills,
                id -> id.contains("-") ? id.substring(0, id.indexOf('-')) : null, prices(w), denials, candles, sampler)
                .withIndicators(indicators(cfg, prices(w)));
    }

    /**
     * The strategies' indicators over the candles the simulator replayed, for the run report's charts: recomputed by
     * fresh instances of the same strategies (see {@link io.pybitbot.backtest.IndicatorRecorder#replay}).
     */
    private static Map<String, Map<String, io.pybitbot.backtest.IndicatorLine>> indicators(
            AppConfig cfg, Map<String, io.pybitbot.data.CandleSeries> prices) {
        StrategyRegistry registry = StrategyRegistry.load();
        Map<String, Map<String, io.pybitbot.backtest.IndicatorLine>> out = new java.util.TreeMap<>();
        prices.forEach((symbol, series) -> out.put(symbol, io.pybitbot.backtest.IndicatorRecorder.replay(series,
                slots(cfg, registry, symbol).stream().map(s -> new io.pybitbot.backtest.BacktestEngine.StrategySlot(
                        s.name(), s.timeframe(), s.strategy())).toList())));
        return out;
    }

    /** The candles the simulator replayed, for the run report's charts. */
    private static Map<String, io.pybitbot.data.CandleSeries> prices(Wiring w) {
        Map<String, io.pybitbot.data.CandleSeries> out = new java.util.TreeMap<>();
        w.sim().core().series().forEach(s -> out.put(s.symbol(), s));
        return out;
    }
}
