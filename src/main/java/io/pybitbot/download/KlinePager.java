package io.pybitbot.download;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.List;

/**
 * One backward page of klines: the newest {@code limit} candles whose start is at or before
 * {@code endMs}, oldest first. Bybit's {@code GET /v5/market/kline?end=...&limit=...} in production;
 * anything in tests.
 */
@FunctionalInterface
public interface KlinePager {

    /** @throws DownloadException naming the cause when the page cannot be fetched */
    List<Candle> page(String symbol, Interval interval, long endMs, int limit);
}
