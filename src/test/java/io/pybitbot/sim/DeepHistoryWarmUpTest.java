package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitMarketData;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.exchange.bybit.ws.StreamCounters;
import io.pybitbot.strategy.Strategy;
import io.pybitbot.symbol.SymbolActor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A 5-minute strategy on 1-minute source data warms on the full {@code backfill_candles}: the simulator keeps enough
 * one-minute history before the replay for 300 closed five-minute candles, and the bot's own adapter and
 * SymbolActor load all of them.
 */
class DeepHistoryWarmUpTest {

    static final ActorTestKit testKit = ActorTestKit.create("DeepHistoryWarmUpTest");
    static final int BACKFILL = 300;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Needs the whole backfill before it may signal; counts nothing itself (the actor counts what it feeds). */
    static Strategy needing(int candles) {
        return new Strategy() {
            @Override
            public int warmupCandles() {
                return candles;
            }

            @Override
            public Signal onCandle(Candle closed) {
                return null;
            }
        };
    }

    SymbolActor.Snapshot warmUpAgainst(SimSettings settings) {
        SimulatedExchange sim = SimulatedExchange.start(settings.withPort(0).withSpeed(Speed.MANUAL)
                .withData("synthetic", List.of("BTCUSDT")).withSynthetic("1", 3_000, 5), testKit.system());
        try {
            sim.step(1);
            InstantSource exchangeClock = () -> Instant.ofEpochMilli(sim.virtualNowMs());
            BybitRestApi api = BybitRestApi.create(testKit.system(), BybitHosts.custom(sim.restBaseUrl()),
                    Optional.of(new ApiCredentials(sim.apiKey(), SimSettings.DEFAULT_API_SECRET)),
                    InstantSource.system());
            BybitMarketData market = new BybitMarketData(testKit.system(), api, exchangeClock, InstantSource.system(),
                    BybitPublicStream.Settings.defaults(), new StreamCounters());
            SymbolActor.Outputs none = new SymbolActor.Outputs() {
                @Override
                public void signal(Signal signal) {
                }

                @Override
                public void candleClosed(String symbol, Candle candle, double atr) {
                }
            };
            ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("BTCUSDT", new SymbolActor.Settings(
                    market, symbol -> List.of(new SymbolActor.Slot("five_minute", Interval.M5, needing(BACKFILL))),
                    BACKFILL, 14, none, Duration.ofMillis(100), Duration.ofSeconds(1))));
            TestProbe<SymbolActor.Snapshot> probe = testKit.createTestProbe();
            SymbolActor.Snapshot[] last = new SymbolActor.Snapshot[1];
            probe.awaitAssert(Duration.ofSeconds(20), () -> {
                actor.tell(new SymbolActor.GetSnapshot(probe.getRef()));
                last[0] = probe.receiveMessage();
                assertTrue(last[0].live(), last[0]::toString);
                return null;
            });
            testKit.stop(actor);
            return last[0];
        } finally {
            sim.stop();
        }
    }

    @Test
    void fiveMinuteStrategyOnOneMinuteDataWarmsOnTheFullBackfill() {
        // what `run` gives the simulator: backfill + 10 candles, counted in the coarsest strategy timeframe
        SymbolActor.Snapshot s = warmUpAgainst(SimSettings.defaults().withHistory(BACKFILL + 10, Interval.M5));
        assertTrue(s.warm(), s::toString);
        assertEquals(new SymbolActor.WarmUp("five_minute", "5", BACKFILL, BACKFILL), s.warmUp().get(0));
    }

    @Test
    void historyCountedInTheDataIntervalIsTooShortAndTheSymbolSaysSo() {
        // the old behaviour: 310 one-minute candles are only 62 five-minute ones
        SymbolActor.Snapshot s = warmUpAgainst(SimSettings.defaults().withHistory(BACKFILL + 10, null));
        assertFalse(s.warm(), s::toString);
        assertEquals(62, s.warmUp().get(0).seen(), s::toString);
    }
}
