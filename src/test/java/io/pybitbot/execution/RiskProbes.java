package io.pybitbot.execution;

import io.pybitbot.risk.actor.RiskActor;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/**
 * OrderExecution tells Risk of a position it saw closed before a reversal's entry (so Risk is never behind on it);
 * tests that are about other messages skip those updates. {@link OrderExecutionTest} checks them.
 */
final class RiskProbes {
    private RiskProbes() {
    }

    static <T extends RiskActor.Command> T expect(TestProbe<RiskActor.Command> risk, Class<T> type, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            RiskActor.Command m = risk.receiveMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (type.isInstance(m)) {
                return type.cast(m);
            }
            if (!(m instanceof RiskActor.Account) && !(m instanceof RiskActor.PositionClosed)) {
                throw new AssertionError("Expected " + type.getSimpleName() + ", found " + m);
            }
        }
    }

    static <T extends RiskActor.Command> T expect(TestProbe<RiskActor.Command> risk, Class<T> type) {
        return expect(risk, type, Duration.ofSeconds(3));
    }
}
