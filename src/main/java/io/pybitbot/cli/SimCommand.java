package io.pybitbot.cli;

import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.sim.FaultSettings;
import io.pybitbot.sim.SimConfig;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pybit-bot sim}: runs the simulated Bybit V5 exchange on loopback until stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs a simulated Bybit V5 exchange (REST + WebSockets) on one local port until Ctrl-C.",
                "API key/secret: --api-key/--api-secret, else SIM_API_KEY/SIM_API_SECRET, else --config, else the local"
                        + " defaults "
                        + SimSettings.DEFAULT_API_KEY + " / " + SimSettings.DEFAULT_API_SECRET + "."})
public final class SimCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "Port; 0 = any free port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--symbols", split = ",", description = "Symbols to simulate, e.g. BTCUSDT,ETHUSDT "
            + "(default: all the data source has; synthetic: BTCUSDT,ETHUSDT).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--data", defaultValue = "bundled",
            description = "bundled | synthetic | a directory of SYMBOL_INTERVAL.csv files (default ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--speed", defaultValue = "1",
            description = "1 = real time, 60 = 60x, max = as fast as consumers keep up (default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--interim-updates", defaultValue = "3",
            description = "confirm=false kline updates per candle of the shortest interval (default ${DEFAULT-VALUE}).")
    int interimUpdates;

    @Option(names = "--warmup-candles", defaultValue = "200",
            description = "Closed candles served as history before replay starts, counted in --warmup-interval "
                    + "(default ${DEFAULT-VALUE}).")
    int warmupCandles;

    @Option(names = "--warmup-interval", paramLabel = "CODE",
            description = "Interval the history is counted in, e.g. 5 or 60: a series of finer data gets enough of its"
                    + " own candles for that many of these (default: each series' own interval).")
    String warmupInterval;

    @Option(names = "--synthetic-interval", defaultValue = "1", description = "Interval of synthetic data (default ${DEFAULT-VALUE}).")
    String syntheticInterval;

    @Option(names = "--synthetic-candles", defaultValue = "20000", description = "Candles per synthetic series (default ${DEFAULT-VALUE}).")
    int syntheticCandles;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of synthetic data and ids (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--balance", defaultValue = "10000", description = "Starting USDT balance (default ${DEFAULT-VALUE}).")
    BigDecimal balance;

    @Option(names = "--leverage", defaultValue = "10", description = "Default leverage per symbol (default ${DEFAULT-VALUE}).")
    BigDecimal leverage;

    @Option(names = "--slippage-bps", defaultValue = "2", description = "Taker slippage in basis points (default ${DEFAULT-VALUE}).")
    double slippageBps;

    @Option(names = "--taker-fee", defaultValue = "0.00055", description = "Taker fee fraction (default ${DEFAULT-VALUE}).")
    BigDecimal takerFee;

    @Option(names = "--maker-fee", defaultValue = "0.0002", description = "Maker fee fraction (default ${DEFAULT-VALUE}).")
    BigDecimal makerFee;

    @Option(names = "--api-key", description = "API key of the simulated account.")
    String apiKey;

    @Option(names = "--api-secret", description = "API secret of the simulated account (never printed).")
    String apiSecret;

    @Option(names = "--no-rate-limits", description = "Disable the per-UID (10006) and per-IP (403) limits.")
    boolean noRateLimits;

    @Option(names = "--ip-limit", defaultValue = "600", description = "Requests per 5 s per IP before HTTP 403 (default ${DEFAULT-VALUE}).")
    int ipLimit;

    @Option(names = "--fault-drop-ws-every", defaultValue = "0", description = "Close all WebSockets every N seconds; 0 = never.")
    double dropWsEverySeconds;

    @Option(names = "--fault-stall-streams", description = "Keep WebSockets open but send nothing.")
    boolean stallStreams;

    @Option(names = "--fault-rest-delay-ms", defaultValue = "0", description = "Delay every REST answer by this many ms.")
    long restDelayMs;

    @Option(names = "--fault-error-rate", defaultValue = "0", description = "Fraction of REST requests answered HTTP 503.")
    double errorRate;

    @Option(names = "--fault-rate-limit-rate", defaultValue = "0", description = "Fraction of private requests answered 10006.")
    double rateLimitRate;

    @Option(names = "--fault-lose-order-rate", defaultValue = "0",
            description = "Fraction of accepted order creates whose response is lost (HTTP 504).")
    double loseOrderRate;

    @Option(names = "--fault-clock-skew-ms", defaultValue = "0", description = "Skew the server clock by this many ms.")
    long clockSkewMs;

    @Option(names = "--fault-seed", defaultValue = "1", description = "Seed of the random fault choices.")
    long faultSeed;

    @Option(names = "--config", description = "Simulator config file (JSON, see docs/README-sim.md); flags override it.")
    java.nio.file.Path config;

    private boolean given(String option) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        return pr != null && pr.hasMatchedOption(option);
    }

    /**
     * Settings: a flag given on the command line wins, then (for the keys) SIM_API_KEY / SIM_API_SECRET, then the
     * {@code --config} file, then {@link SimSettings#defaults()}. Bad values become usage errors naming the option.
     */
    public SimSettings settings(Map<String, String> env) {
        try {
            SimSettings b = config != null ? SimConfig.read(config) : SimSettings.defaults();
            Speed sp = given("--speed") ? Speed.parse(speed) : b.speed();
            if (sp.mode() == Speed.Mode.MANUAL) {
                throw new IllegalArgumentException("--speed manual is for embedding; use a number or max");
            }
            String key = given("--api-key") ? apiKey : env.getOrDefault("SIM_API_KEY", b.apiKey());
            String secret = given("--api-secret") ? apiSecret : env.getOrDefault("SIM_API_SECRET", b.apiSecret());
            FaultSettings bf = b.faults();
            FaultSettings faults = new FaultSettings(
                    given("--fault-drop-ws-every") ? Duration.ofMillis((long) (dropWsEverySeconds * 1000))
                            : bf.dropWsEvery(),
                    given("--fault-stall-streams") ? stallStreams : bf.stallStreams(),
                    given("--fault-rest-delay-ms") ? Duration.ofMillis(restDelayMs) : bf.restDelay(),
                    given("--fault-error-rate") ? errorRate : bf.serverErrorRate(),
                    given("--fault-rate-limit-rate") ? rateLimitRate : bf.rateLimitRate(),
                    given("--fault-lose-order-rate") ? loseOrderRate : bf.loseOrderResponseRate(),
                    given("--fault-clock-skew-ms") ? Duration.ofMillis(clockSkewMs) : bf.clockSkew(),
                    given("--fault-seed") ? faultSeed : bf.seed());
            List<String> syms = given("--symbols")
                    ? symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList()
                    : b.symbols();
            FillSettings fills = new FillSettings(given("--slippage-bps") ? slippageBps : b.fills().slippageBps(),
                    new FeeSchedule(given("--taker-fee") ? takerFee : b.fills().fees().takerRate(),
                            given("--maker-fee") ? makerFee : b.fills().fees().makerRate()));
            return new SimSettings(given("--host") ? host : b.host(), given("--port") ? port : b.port(), key, secret,
                    syms, given("--data") ? data : b.data(),
                    given("--synthetic-interval") ? syntheticInterval : b.syntheticInterval(),
                    given("--synthetic-candles") ? syntheticCandles : b.syntheticCandles(),
                    given("--seed") ? seed : b.seed(), sp,
                    given("--interim-updates") ? interimUpdates : b.interimUpdates(),
                    given("--warmup-candles") ? warmupCandles : b.warmupCandles(),
                    given("--warmup-interval") ? interval("--warmup-interval", warmupInterval) : b.warmupInterval(), null,
                    given("--balance") ? balance : b.initialBalance(),
                    given("--leverage") ? leverage : b.defaultLeverage(), fills,
                    given("--no-rate-limits") ? !noRateLimits : b.enforceRateLimits(),
                    given("--ip-limit") ? ipLimit : b.ipLimitPer5s(), faults);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        SimSettings s = settings(io.pybitbot.config.Variables.processEnvironment());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pybit-sim");
        SimulatedExchange sim;
        try {
            sim = SimulatedExchange.start(s, system);
        } catch (RuntimeException e) {
            system.terminate();
            throw new ExitCodes.UsageException("simulator did not start: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Simulated Bybit V5 exchange (" + s.speed() + ", symbols " + sim.core().symbols() + ")");
        out.println("  REST base URL : " + sim.restBaseUrl());
        out.println("  public WS     : " + sim.publicWsUrl());
        out.println("  private WS    : " + sim.privateWsUrl());
        out.println("  API key       : " + sim.apiKey() + "   (secret: the one configured; default "
                + (s.apiSecret().equals(SimSettings.DEFAULT_API_SECRET) ? SimSettings.DEFAULT_API_SECRET : "overridden")
                + ")");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.stop();
            system.terminate();
            stopped.countDown();
        }, "sim-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    private static io.pybitbot.domain.Interval interval(String flag, String code) {
        return io.pybitbot.domain.Interval.fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                flag + ": '" + code + "' is not a Bybit interval, expected one of "
                        + io.pybitbot.domain.Interval.validCodes()));
    }
}
