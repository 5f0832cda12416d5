package io.pybitbot.cli;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.config.ExchangeTarget;
import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.DataException;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.download.DownloadException;
import io.pybitbot.download.KlineDownloader;
import io.pybitbot.download.KlinePager;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitErrors;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitRateLimits;
import io.pybitbot.exchange.bybit.Delayer;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code download}: fetches closed klines from Bybit's public REST API into {@code SYMBOL_INTERVAL.csv}
 * files, resumably (only what a file lacks is fetched) and verified (no gaps, no duplicates).
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download closed Bybit klines into DIR/SYMBOL_INTERVAL.csv (the backtest's candle format).",
                "A second run fetches only what the files lack: before their first candle, after their last, and gaps."})
public final class DownloadCommand implements Callable<Integer> {

    /** Bybit's largest page of funding settlements. */
    private static final int FUNDING_PAGE = 200;
    /** Pages fetched between two intermediate writes of a file (10,000 candles). */
    private static final int PAGES_PER_WRITE = 10;
    /** Generous: a page may wait out a rate-limit reset and three back-offs; also bounds an adapter call that never completes. */
    private static final long PAGE_TIMEOUT_SECONDS = 120;

    /**
     * Waits for rate-limit resets and back-offs on a JDK timer. (Delayer.pekko never completed in our
     * runs, which hung the adapter's first retry; see docs/README-download.md.)
     */
    private static final Delayer JDK_DELAYER = delay -> CompletableFuture.runAsync(() -> { },
            CompletableFuture.delayedExecutor(Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL", required = true,
            description = "USDT perpetuals to download, e.g. BTCUSDT,ETHUSDT.")
    List<String> symbols;

    @Option(names = "--interval", paramLabel = "CODE", required = true,
            description = "Bybit interval: 1, 3, 5, 15, 30, 60, 120, 240, 360, 720 or D.")
    String interval;

    @Option(names = "--from", paramLabel = "TIME", required = true,
            description = "First candle start: epoch ms, 2024-01-01 or 2024-01-01T12:00 (UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "End (exclusive), same formats as --from (default: now; the still-open candle is never written).")
    String to;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for the files (default: general.json system.data_dir, i.e. data/).")
    Path out;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "REST base URL of any Bybit-compatible server, e.g. http://127.0.0.1:8090 (default: BYBIT_BASE_URL, else mainnet).")
    String baseUrl;

    @Option(names = "--testnet", description = "Use Bybit testnet (api-testnet.bybit.com) instead of mainnet.")
    boolean testnet;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--funding", description = "Also fetch the symbols' funding settlements in the range into"
            + " SYMBOL_funding.csv next to the candles (merged with what the file holds), for backtests with funding.")
    boolean funding;

    private InstantSource clock = InstantSource.system();
    private PrintStream progressStream = System.err;
    private ActorSystem<?> sharedSystem;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Interval iv = parseInterval();
        long step = iv.millis();
        long openStart = Math.floorDiv(clock.millis(), step) * step;
        long fromMs = ceil(TimeArg.parseMillis("--from", from), step);
        long toMs = Math.min(to == null ? openStart : Math.floorDiv(TimeArg.parseMillis("--to", to), step) * step, openStart);
        if (fromMs >= toMs) {
            throw new ExitCodes.UsageException("--from " + from + " must be at least one closed " + iv.code()
                    + " candle before --to " + (to == null ? "(now)" : to)
                    + (to != null && toMs == openStart ? " (the candle now forming is never downloaded)" : ""));
        }
        List<String> wanted = parseSymbols();
        BybitHosts hosts;
        try {
            hosts = ExchangeHosts.of(resolveTarget());
        } catch (ConfigException e) {
            return config.reportProblems(e, stderr);
        }
        Path dir = out != null ? out : dataDirFromConfig();
        OutputDir.prepare(dir, out != null ? "--out" : "general.json $.system.data_dir");

        List<KlineDownloader.Plan> plans = new ArrayList<>();
        for (String symbol : wanted) {
            plans.add(KlineDownloader.plan(new KlineDownloader.Request(symbol, iv, fromMs, toMs,
                    dir.resolve(CandleCsv.fileName(symbol, iv)))));
        }
        long expected = plans.stream().mapToLong(KlineDownloader.Plan::expectedCandles).sum();
        stderr.println("downloading " + wanted + " @" + iv.code() + " from " + Instant.ofEpochMilli(fromMs) + " to "
                + Instant.ofEpochMilli(toMs) + " via " + hosts.rest() + " (" + BybitHosts.networkOf(hosts.rest()) + "): " + expected + " candles missing");
        stderr.flush();

        if (expected > 0) {
            Reachability.require(hosts.rest(), "nothing fetched (check the network, or BYBIT_BASE_URL, --base-url)");
        }
        ActorSystem<?> system = sharedSystem != null ? sharedSystem
                : ActorSystem.create(Behaviors.empty(), "pybit-download");
        int failures = 0;
        boolean unreachable = false;
        try {
            BybitRestApi api = new BybitRestApi(system, hosts, Optional.empty(), clock, BybitRestApi.Config.defaults(),
                    JDK_DELAYER, BybitRateLimits.newLimiter());
            KlineDownloader downloader = new KlineDownloader(pager(api), PAGES_PER_WRITE);
            ProgressBar bar = new ProgressBar(progressStream, "download", expected, !quiet);
            long done = 0;
            List<String> lines = new ArrayList<>();
            for (KlineDownloader.Plan plan : plans) {
                long base = done;
                String symbol = plan.request().symbol();
                try {
                    KlineDownloader.Outcome o = downloader.execute(plan, n -> bar.update(base + n));
                    done += o.fetched();
                    lines.add(summary(o));
                    o.notes().forEach(n -> lines.add("  note: " + symbol + ": " + n));
                } catch (DownloadException e) {
                    failures++;
                    if (e.isUnreachable()) {
                        // the other symbols would wait out the same retries: stop here, say what was not fetched
                        bar.stop("could not reach the exchange");
                        lines.add("error: " + e.getMessage() + "; nothing fetched for "
                                + wanted.subList(wanted.indexOf(symbol), wanted.size())
                                + " (check the network, or BYBIT_BASE_URL)");
                        unreachable = true;
                        break;
                    }
                    lines.add("error: " + (e.getMessage().startsWith(symbol) ? "" : symbol + ": ") + e.getMessage());
                } catch (DataException e) {
                    failures++;
                    lines.add("error: " + (e.getMessage().startsWith(symbol) ? "" : symbol + ": ") + e.getMessage());
                }
            }
            if (!unreachable) {
                if (failures > 0) {
                    bar.stop(failures + " symbol(s) failed");
                } else {
                    bar.finish();
                }
            }
            if (funding && !unreachable) {
                for (String symbol : wanted) {
                    try {
                        lines.add(downloadFunding(api, symbol, fromMs, toMs, dir));
                    } catch (DownloadException | DataException e) {
                        failures++;
                        lines.add("error: " + (e.getMessage().startsWith(symbol) ? "" : symbol + ": ") + e.getMessage());
                    }
                }
            }
            for (String line : lines) {
                (line.startsWith("error:") ? stderr : stdout).println(line);
            }
        } finally {
            if (sharedSystem == null) {
                system.terminate();
            }
        }
        stdout.flush();
        stderr.flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    }

    /** Backward pages through the adapter, which waits out rate limits (10006, IP budget) and retries transients. */
    private static KlinePager pager(BybitRestApi api) {
        return (symbol, interval, endMs, limit) -> awaitPage(api, symbol,
                api.klines(symbol, interval, OptionalLong.empty(), OptionalLong.of(endMs), limit),
                "/v5/market/kline, end=" + endMs);
    }

    /**
     * One page's answer, or the download's error for it: unreachable (after the adapter's retries) stops every
     * symbol, anything else this one; {@code request} names the call in the message.
     */
    private static <T> T awaitPage(BybitRestApi api, String symbol, CompletionStage<BybitResult<T>> call,
                                   String request) {
        BybitResult<T> result;
        try {
            result = call.toCompletableFuture().get(PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(symbol + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DownloadException(symbol + ": no answer from " + api.hosts().rest() + " (" + e + ")", e);
        }
        if (result instanceof BybitResult.Ok<T> ok) {
            return ok.value();
        }
        BybitError error = ((BybitResult.Err<T>) result).error();
        if (error instanceof BybitError.Transient t && t.message().startsWith(BybitErrors.NETWORK)) {
            throw new DownloadException("could not reach " + api.hosts().rest() + " ("
                    + t.message().substring(BybitErrors.NETWORK.length()) + ", after retries)").unreachable();
        }
        throw new DownloadException(symbol + ": " + error.describe() + " (GET " + api.hosts().rest() + request + ")");
    }

    /** Pages back through [fromMs, toMs) and merges the settlements into the symbol's funding file. */
    private static String downloadFunding(BybitRestApi api, String symbol, long fromMs, long toMs, Path dir) {
        List<io.pybitbot.domain.FundingSettlement> got = new ArrayList<>();
        long end = toMs - 1;
        int requests = 0;
        while (end >= fromMs) {
            List<io.pybitbot.domain.FundingSettlement> answer = awaitPage(api, symbol,
                    api.fundingHistory(symbol, fromMs, end, FUNDING_PAGE), "/v5/market/funding/history, endTime=" + end);
            requests++;
            answer.stream().filter(f -> f.timeMs() >= fromMs && f.timeMs() < toMs).forEach(got::add);
            long oldest = answer.stream().mapToLong(io.pybitbot.domain.FundingSettlement::timeMs).min()
                    .orElse(Long.MIN_VALUE);
            if (answer.size() < FUNDING_PAGE || oldest == Long.MIN_VALUE || oldest - 1 >= end) {
                break; // the last page, or one that did not move back (a server ignoring endTime)
            }
            end = oldest - 1;
        }
        Path file = dir.resolve(io.pybitbot.data.FundingRates.fileName(symbol));
        io.pybitbot.data.FundingRates before = java.nio.file.Files.isRegularFile(file)
                ? io.pybitbot.data.FundingRates.read(file) : io.pybitbot.data.FundingRates.NONE;
        io.pybitbot.data.FundingRates after = before.merge(got, file.toString());
        after.write(file);
        return String.format("%s funding: fetched %d settlement(s), total %d -> %s (%d requests)", symbol, got.size(),
                after.size(), file, requests);
    }

    private static String summary(KlineDownloader.Outcome o) {
        return String.format("%s %s: fetched %d, already present %d, total %d, %s .. %s -> %s (%d requests)",
                o.request().symbol(), o.request().interval().code(), o.fetched(), o.alreadyPresent(), o.total(),
                Instant.ofEpochMilli(o.firstMs()), Instant.ofEpochMilli(o.lastMs()), o.request().file(), o.requests());
    }

    private Interval parseInterval() {
        Interval iv = Interval.fromCode(interval.strip()).orElseThrow(() -> new ExitCodes.UsageException(
                "--interval: unknown interval '" + interval + "', expected one of 1, 3, 5, 15, 30, 60, 120, 240, 360, 720, D"));
        if (iv == Interval.W1 || iv == Interval.MONTH) {
            // weekly and monthly bars are not multiples of their length since the epoch; the candle files need that
            throw new ExitCodes.UsageException("--interval " + iv.code()
                    + " is not supported for download; use D or shorter and resample");
        }
        return iv;
    }

    private List<String> parseSymbols() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : symbols) {
            String sym = s.strip();
            if (!sym.matches("[A-Z0-9]{2,30}")) {
                throw new ExitCodes.UsageException("--symbols: '" + s + "' is not a Bybit symbol (upper-case letters"
                        + " and digits, e.g. BTCUSDT)");
            }
            out.add(sym);
        }
        if (out.isEmpty()) {
            throw new ExitCodes.UsageException("--symbols: give at least one symbol, e.g. BTCUSDT");
        }
        return List.copyOf(out);
    }

    /**
     * {@code --base-url}, else {@code --testnet}, else the configuration's market-data target
     * ({@code BYBIT_BASE_URL} from the environment or .env, else mainnet), through the same resolution as
     * every other command.
     */
    private ExchangeTarget resolveTarget() {
        if (baseUrl != null && testnet) {
            throw new ExitCodes.UsageException("--base-url and --testnet exclude each other");
        }
        if (baseUrl != null) {
            try {
                return ExchangeTarget.custom(BybitHosts.custom(baseUrl).rest(), "--base-url");
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.UsageException("--base-url: " + e.getMessage());
            }
        }
        if (testnet) {
            return ExchangeTarget.of(ExchangeTarget.Network.TESTNET, "--testnet");
        }
        return config.loadEnv().marketDataTarget();
    }

    private Path dataDirFromConfig() {
        AppConfig cfg;
        try {
            cfg = config.load();
        } catch (ConfigException e) {
            throw new ExitCodes.UsageException("no --out given and the configuration cannot be read for"
                    + " system.data_dir: " + e.problems().get(0).render() + " (give --out DIR)");
        }
        return config.workingDir().resolve(cfg.general().system().dataDir());
    }

    private static long ceil(long ms, long step) {
        return Math.floorDiv(ms + step - 1, step) * step;
    }

    /** Test hooks: the clock that decides which candle is still open, the environment, where the bar draws. */
    void clock(InstantSource clock) {
        this.clock = clock;
    }

    void environment(Map<String, String> environment) {
        config.environment(environment, new java.util.Properties());
    }

    void progressStream(PrintStream ps) {
        this.progressStream = ps;
    }

    /** Runs on this actor system (and leaves it running) instead of starting its own. */
    void actorSystem(ActorSystem<?> system) {
        this.sharedSystem = system;
    }
}
