package io.pybitbot.exchange.bybit;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;

/**
 * Completes after a delay. Injected so that waits (rate-limit resets, back-offs) run on the actor
 * system's scheduler in production and instantly on a manual clock in tests.
 */
@FunctionalInterface
public interface Delayer {

    CompletionStage<Void> after(Duration delay);

    /** Uses the actor system's scheduler; never blocks a thread. */
    static Delayer pekko(ActorSystem<?> system) {
        return delay -> Patterns.after(delay, system.classicSystem().scheduler(), system.executionContext(),
                () -> java.util.concurrent.CompletableFuture.<Void>completedFuture(null));
    }
}
