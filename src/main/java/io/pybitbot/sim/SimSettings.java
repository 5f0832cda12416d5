package io.pybitbot.sim;

import io.pybitbot.domain.Interval;
import io.pybitbot.fill.FillSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Everything the simulated exchange needs. {@link #defaults()} gives a local setup that works out of the box.
 *
 * @param host            bind address (loopback by default; the simulator has no TLS)
 * @param port            TCP port; 0 picks a free one (tests)
 * @param apiKey          API key of the simulated account
 * @param apiSecret       its secret (never printed)
 * @param symbols         simulated symbols; empty = every symbol the data source has
 * @param data            {@code bundled}, {@code synthetic}, or a directory of candle CSV files written by
 *                        {@code download} (names as {@link io.pybitbot.data.CandleCsv#fileName})
 * @param syntheticInterval interval code of synthetic candles (e.g. {@code 1})
 * @param syntheticCandles  candles per synthetic series
 * @param seed            seed of synthetic data and of ids
 * @param speed           how fast virtual time runs
 * @param interimUpdates  kline updates with {@code confirm=false} per candle of the shortest interval
 * @param warmupCandles   closed candles of history before replay starts, counted in {@code warmupInterval}
 * @param warmupInterval  the interval the history is counted in (a client's coarsest warm-up timeframe): a series
 *                        of a finer interval gets as many of its own candles as make {@code warmupCandles} of it;
 *                        null = each series' own interval
 * @param replayStartMs   virtual time at which replay starts; null = the wall clock at start-up
 * @param initialBalance  USDT in the wallet at start
 * @param defaultLeverage leverage of every symbol until set-leverage changes it
 * @param fills           slippage and fees (the backtester's {@code execution.json} values)
 * @param enforceRateLimits per-UID (10006) and per-IP (HTTP 403) limits on or off
 * @param ipLimitPer5s    requests per IP per 5 s before HTTP 403 (Bybit: 600)
 * @param faults          fault injection (off by default)
 */
public record SimSettings(String host, int port, String apiKey, String apiSecret, List<String> symbols, String data,
                          String syntheticInterval, int syntheticCandles, long seed, Speed speed, int interimUpdates,
                          int warmupCandles, Interval warmupInterval, Long replayStartMs, BigDecimal initialBalance,
                          BigDecimal defaultLeverage, FillSettings fills, boolean enforceRateLimits, int ipLimitPer5s,
                          FaultSettings faults) {

    public static final String DEFAULT_API_KEY = "sim-api-key";
    public static final String DEFAULT_API_SECRET = "sim-api-secret";
    public static final int DEFAULT_PORT = 8090;

    public SimSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        symbols = List.copyOf(symbols);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(speed, "speed");
        Objects.requireNonNull(initialBalance, "initialBalance");
        Objects.requireNonNull(defaultLeverage, "defaultLeverage");
        Objects.requireNonNull(fills, "fills");
        Objects.requireNonNull(faults, "faults");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (apiKey.isBlank() || apiSecret.isBlank()) {
            throw new IllegalArgumentException("apiKey and apiSecret of the simulated account must not be blank");
        }
        if (interimUpdates < 1 || interimUpdates > 1000) {
            throw new IllegalArgumentException("interimUpdates must be in [1, 1000], got " + interimUpdates);
        }
        if (warmupCandles < 0) {
            throw new IllegalArgumentException("warmupCandles must be >= 0, got " + warmupCandles);
        }
        if (syntheticCandles < 2) {
            throw new IllegalArgumentException("syntheticCandles must be >= 2, got " + syntheticCandles);
        }
        if (initialBalance.signum() <= 0) {
            throw new IllegalArgumentException("initialBalance must be > 0, got " + initialBalance.toPlainString());
        }
        if (defaultLeverage.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("defaultLeverage must be >= 1, got " + defaultLeverage.toPlainString());
        }
        if (ipLimitPer5s < 1) {
            throw new IllegalArgumentException("ipLimitPer5s must be >= 1, got " + ipLimitPer5s);
        }
    }

    public static SimSettings defaults() {
        return new SimSettings("127.0.0.1", DEFAULT_PORT, DEFAULT_API_KEY, DEFAULT_API_SECRET, List.of(), "bundled",
                "1", 20_000, 42, Speed.REAL_TIME, 3, 200, null, null, new BigDecimal("10000"), BigDecimal.TEN,
                FillSettings.bybitDefaults(2.0), true, 600, FaultSettings.NONE);
    }

    public SimSettings withPort(int p) {
        return new SimSettings(host, p, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, faults);
    }

    public SimSettings withData(String d, List<String> syms) {
        return new SimSettings(host, port, apiKey, apiSecret, syms, d, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, faults);
    }

    public SimSettings withSynthetic(String interval, int candles, long s) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, interval, candles, s, speed,
                interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, faults);
    }

    public SimSettings withSpeed(Speed sp) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                sp, interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, faults);
    }

    public SimSettings withTimeline(int interim, int warmup, Long startMs) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interim, warmup, warmupInterval, startMs, initialBalance, defaultLeverage, fills, enforceRateLimits,
                ipLimitPer5s, faults);
    }

    /** History before replay: {@code candles} closed candles of {@code interval} (null = each series' own). */
    public SimSettings withHistory(int candles, Interval interval) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, candles, interval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, faults);
    }

    public SimSettings withKeys(String key, String secret) {
        return new SimSettings(host, port, key, secret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, faults);
    }

    public SimSettings withAccount(BigDecimal balance, BigDecimal leverage, FillSettings f) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, warmupCandles, warmupInterval, replayStartMs, balance, leverage, f, enforceRateLimits,
                ipLimitPer5s, faults);
    }

    public SimSettings withRateLimits(boolean on, int ipPer5s) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills, on,
                ipPer5s, faults);
    }

    public SimSettings withFaults(FaultSettings f) {
        return new SimSettings(host, port, apiKey, apiSecret, symbols, data, syntheticInterval, syntheticCandles, seed,
                speed, interimUpdates, warmupCandles, warmupInterval, replayStartMs, initialBalance, defaultLeverage, fills,
                enforceRateLimits, ipLimitPer5s, f);
    }

    @Override
    public String toString() {
        return "SimSettings[" + host + ":" + port + ", key=" + apiKey + ", symbols=" + symbols + ", data=" + data
                + ", speed=" + speed + ", faults=" + faults + "]";
    }
}
