package io.pybitbot.exchange.bybit;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Completes after a delay. Injected so that waits (rate-limit resets, back-offs) run on the actor
 * system's scheduler in production and instantly on a manual clock in tests.
 */
@FunctionalInterface
public interface Delayer {

    CompletionStage<Void> after(Duration delay);

    /** Uses the actor system's scheduler; never blocks a thread. */
    static Delayer pekko(ActorSystem<?> system) {
        return delay -> {
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            system.scheduler().scheduleOnce(delay, () -> done.complete(null), system.executionContext());
            return done;
        };
    }
}
