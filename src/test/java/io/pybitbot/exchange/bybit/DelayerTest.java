package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DelayerTest {
    static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void cleanup() {
        testKit.shutdownTestKit();
    }

    /** A regression: the first version never completed, so every retry and rate-limit wait hung. */
    @Test
    void pekkoDelayerCompletesAfterTheDelay() throws Exception {
        var stage = Delayer.pekko(testKit.system()).after(Duration.ofMillis(50)).toCompletableFuture();
        stage.get(5, TimeUnit.SECONDS);
        assertTrue(stage.isDone() && !stage.isCompletedExceptionally());
    }
}
