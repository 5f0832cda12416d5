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
     */
    public record SystemSettings(int backfillCandles, String dataDir, String logLevel, Status status) {
        public SystemSettings {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logLevel, "logLevel");
            Objects.requireNonNull(status, "status");
        }
    }

    /** The local status/dashboard HTTP endpoint. */
    public record Status(String host, int port) {
        public Status {
            Objects.requireNonNull(host, "host");
        }
    }
}
