package io.pybitbot.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * Fault injection, all off by default. Random choices come from one generator seeded with {@code seed}, so a
 * run with the same requests in the same order injects the same faults.
 *
 * @param dropWsEvery        close every WebSocket connection this often; ZERO = never
 * @param stallStreams       keep WebSocket connections open but send nothing on them (no data, no pongs)
 * @param restDelay          delay before every REST answer; ZERO = none
 * @param serverErrorRate    fraction [0,1] of REST requests answered with HTTP 503
 * @param rateLimitRate      fraction [0,1] of private REST requests answered with retCode 10006
 * @param loseOrderResponseRate fraction [0,1] of accepted order creates whose response is lost (HTTP 504, no
 *                           body) although the order was placed
 * @param clockSkew          added to the server's clock (REST time, recv-window check, WS auth)
 */
public record FaultSettings(Duration dropWsEvery, boolean stallStreams, Duration restDelay, double serverErrorRate,
                            double rateLimitRate, double loseOrderResponseRate, Duration clockSkew, long seed) {

    public static final FaultSettings NONE = new FaultSettings(Duration.ZERO, false, Duration.ZERO, 0, 0, 0,
            Duration.ZERO, 1);

    public FaultSettings {
        Objects.requireNonNull(dropWsEvery, "dropWsEvery");
        Objects.requireNonNull(restDelay, "restDelay");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (dropWsEvery.isNegative() || restDelay.isNegative()) {
            throw new IllegalArgumentException("fault durations must be >= 0, got drop-ws-every " + dropWsEvery
                    + " and rest-delay " + restDelay);
        }
        fraction(serverErrorRate, "server-error-rate");
        fraction(rateLimitRate, "rate-limit-rate");
        fraction(loseOrderResponseRate, "lose-order-response-rate");
    }

    private static void fraction(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction in [0, 1], got " + v);
        }
    }

    public FaultSettings withDropWsEvery(Duration d) {
        return new FaultSettings(d, stallStreams, restDelay, serverErrorRate, rateLimitRate, loseOrderResponseRate,
                clockSkew, seed);
    }

    public FaultSettings withStallStreams(boolean on) {
        return new FaultSettings(dropWsEvery, on, restDelay, serverErrorRate, rateLimitRate, loseOrderResponseRate,
                clockSkew, seed);
    }

    public FaultSettings withRestDelay(Duration d) {
        return new FaultSettings(dropWsEvery, stallStreams, d, serverErrorRate, rateLimitRate, loseOrderResponseRate,
                clockSkew, seed);
    }

    public FaultSettings withServerErrorRate(double r) {
        return new FaultSettings(dropWsEvery, stallStreams, restDelay, r, rateLimitRate, loseOrderResponseRate,
                clockSkew, seed);
    }

    public FaultSettings withRateLimitRate(double r) {
        return new FaultSettings(dropWsEvery, stallStreams, restDelay, serverErrorRate, r, loseOrderResponseRate,
                clockSkew, seed);
    }

    public FaultSettings withLoseOrderResponseRate(double r) {
        return new FaultSettings(dropWsEvery, stallStreams, restDelay, serverErrorRate, rateLimitRate, r, clockSkew,
                seed);
    }

    public FaultSettings withClockSkew(Duration d) {
        return new FaultSettings(dropWsEvery, stallStreams, restDelay, serverErrorRate, rateLimitRate,
                loseOrderResponseRate, d, seed);
    }

    public FaultSettings withSeed(long s) {
        return new FaultSettings(dropWsEvery, stallStreams, restDelay, serverErrorRate, rateLimitRate,
                loseOrderResponseRate, clockSkew, s);
    }
}
