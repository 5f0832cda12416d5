package io.pybitbot.fill;

import java.util.Objects;

/** What a limit order did during one candle. {@link #fill} is set only for {@link Status#FILLED}. */
public record LimitOutcome(Status status, Fill fill) {

    public enum Status {
        FILLED,
        /** Still on the book; evaluate again on the next candle. */
        RESTING,
        /** IOC/FOK with nothing to take on arrival. */
        CANCELLED,
        /** PostOnly that would have taken liquidity on arrival. */
        REJECTED
    }

    public static final LimitOutcome RESTING = new LimitOutcome(Status.RESTING, null);
    public static final LimitOutcome CANCELLED = new LimitOutcome(Status.CANCELLED, null);
    public static final LimitOutcome REJECTED = new LimitOutcome(Status.REJECTED, null);

    public LimitOutcome {
        Objects.requireNonNull(status, "status");
        if ((status == Status.FILLED) != (fill != null)) {
            throw new IllegalArgumentException("a fill goes with FILLED and only with FILLED, got " + status);
        }
    }

    public static LimitOutcome filled(Fill fill) {
        return new LimitOutcome(Status.FILLED, Objects.requireNonNull(fill, "fill"));
    }
}
