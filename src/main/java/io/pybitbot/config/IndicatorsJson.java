package io.pybitbot.config;

import io.pybitbot.domain.Interval;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Reads and checks {@code indicators.json}. */
final class IndicatorsJson {

    static final String FILE = "indicators.json";
    private static final int MAX_PERIOD = 5_000;

    private IndicatorsJson() {
    }

    static IndicatorsConfig read(JsonObjectView root, Problems problems) {
        JsonObjectView tfs = root.object("timeframes");
        Map<Interval, IndicatorParams> byTf = new EnumMap<>(Interval.class);
        for (String code : tfs.keys()) {
            var interval = Interval.fromCode(code);
            if (interval.isEmpty()) {
                tfs.problem(code, "found timeframe key \"" + code + "\", expected a Bybit interval code, one of "
                        + Interval.validCodes());
                continue;
            }
            byTf.put(interval.get(), params(tfs.object(code)));
        }
        Optional<IndicatorParams> fallback = root.has("default") ? Optional.of(params(root.object("default")))
                : Optional.empty();
        root.object("default"); // mark as known even when absent
        root.finish();
        return new IndicatorsConfig(byTf, fallback);
    }

    private static IndicatorParams params(JsonObjectView o) {
        IndicatorParams d = IndicatorParams.defaults();
        int smaFast = period(o, "sma_fast", d.smaFast());
        int smaSlow = period(o, "sma_slow", d.smaSlow());
        int emaFast = period(o, "ema_fast", d.emaFast());
        int emaSlow = period(o, "ema_slow", d.emaSlow());
        int emaTrend = period(o, "ema_trend", d.emaTrend());
        fastBelowSlow(o, "sma_fast", smaFast, "sma_slow", smaSlow);
        fastBelowSlow(o, "ema_fast", emaFast, "ema_slow", emaSlow);

        JsonObjectView rsiO = o.object("rsi");
        int rsiPeriod = period(rsiO, "period", d.rsi().period());
        double overbought = rsiO.number("overbought", d.rsi().overbought(), new Range(0, false, 100, false), "RSI level");
        double oversold = rsiO.number("oversold", d.rsi().oversold(), new Range(0, false, 100, false), "RSI level");
        rsiO.finish();
        if (rsiO.ok("oversold") && rsiO.ok("overbought") && oversold >= overbought) {
            rsiO.problem("oversold", "found " + Range.fmt(oversold) + ", expected below overbought (" + Range.fmt(overbought) + ")");
        }

        JsonObjectView macdO = o.object("macd");
        int macdFast = period(macdO, "fast", d.macd().fast());
        int macdSlow = period(macdO, "slow", d.macd().slow());
        int macdSignal = period(macdO, "signal", d.macd().signal());
        macdO.finish();
        fastBelowSlow(macdO, "fast", macdFast, "slow", macdSlow);

        JsonObjectView bbO = o.object("bollinger");
        int bbPeriod = period(bbO, "period", d.bollinger().period());
        double stddev = bbO.number("stddev", d.bollinger().stddev(), new Range(0, false, 10, true), "standard deviations");
        bbO.finish();

        int atr = period(o, "atr", d.atr());
        int adx = period(o, "adx", d.adx());
        JsonObjectView stO = o.object("stochastic");
        int k = period(stO, "k", d.stochastic().k());
        int dd = period(stO, "d", d.stochastic().d());
        stO.finish();
        int vwap = period(o, "vwap", d.vwap());
        o.finish();
        return new IndicatorParams(smaFast, smaSlow, emaFast, emaSlow, emaTrend,
                new IndicatorParams.Rsi(rsiPeriod, overbought, oversold),
                new IndicatorParams.Macd(macdFast, macdSlow, macdSignal),
                new IndicatorParams.Bollinger(bbPeriod, stddev), atr, adx,
                new IndicatorParams.Stochastic(k, dd), vwap);
    }

    private static int period(JsonObjectView o, String key, int dflt) {
        return o.integer(key, dflt, 1, MAX_PERIOD, "candles");
    }

    private static void fastBelowSlow(JsonObjectView o, String fastKey, int fast, String slowKey, int slow) {
        if (o.ok(fastKey) && o.ok(slowKey) && fast >= slow) {
            o.problem(fastKey, "found " + fast + ", expected less than " + slowKey + " (" + slow + ")");
        }
    }
}
