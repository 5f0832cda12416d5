package io.pybitbot.config;

import io.pybitbot.domain.Interval;

import java.util.List;
import java.util.Objects;

/**
 * {@code configs/general.json}: what to trade and how the node runs.
 *
 * @param mode       sim | paper | testnet | live
 * @param category   Bybit product category; only {@code linear} (USDT perpetuals)
 * @param symbols    the pairs traded, unique, e.g. BTCUSDT
 * @param timeframes candle intervals streamed for every symbol, unique
 */
public record GeneralConfig(TradingMode mode, String category, List<String> symbols, List<Interval> timeframes,
                            SystemSettings system) {

    public GeneralConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(category, "category");
        symbols = List.copyOf(symbols);
        timeframes = List.copyOf(timeframes);
        Objects.requireNonNull(system, "system");
    }

    /**
     * @param backfillCandles closed candles loaded over REST per symbol and timeframe before trading
     * @param dataDir         where candle caches and journals live (relative to the working directory)
     * @param logLevel        root log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF
     * @param maxSignalAgeFraction a signal decided on a candle that closed longer ago than this fraction of
     *                        the candle's interval is not traded (the market has moved on since)
     */
    public record SystemSettings(int backfillCandles, String dataDir, String logLevel, Status status,
                                 double maxSignalAgeFraction) {
        /** Default of {@code system.max_signal_age_fraction}: 10 % of the interval (6 s on 1 m, 30 s on 5 m). */
        public static final double DEFAULT_MAX_SIGNAL_AGE_FRACTION = 0.1;

        public SystemSettings {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logLevel, "logLevel");
            Objects.requireNonNull(status, "status");
            if (!(maxSignalAgeFraction > 0 && maxSignalAgeFraction <= 1)) {
                throw new IllegalArgumentException("maxSignalAgeFraction must be in (0, 1], got " + maxSignalAgeFraction);
            }
        }

        public SystemSettings(int backfillCandles, String dataDir, String logLevel, Status status) {
            this(backfillCandles, dataDir, logLevel, status, DEFAULT_MAX_SIGNAL_AGE_FRACTION);
        }
    }

    /** The local status/dashboard HTTP endpoint. */
    public record Status(String host, int port) {
        public Status {
            Objects.requireNonNull(host, "host");
        }
    }
}
