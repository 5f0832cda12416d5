package io.pybitbot.risk;

import io.pybitbot.CborSerializable;
import java.math.BigDecimal;
import java.util.Objects;

/** The answer to "may I enter, and how big?". */
public sealed interface Verdict permits Verdict.Approved, Verdict.Denied {

    /**
     * @param qty      on the instrument's qty grid
     * @param leverage to set on the exchange: min(configured leverage, instrument max leverage)
     * @param notional qty * entry price, USDT
     */
    record Approved(BigDecimal qty, BigDecimal leverage, BigDecimal notional) implements Verdict, CborSerializable {
        public Approved {
            Objects.requireNonNull(qty, "qty");
            Objects.requireNonNull(leverage, "leverage");
            Objects.requireNonNull(notional, "notional");
        }
    }

    record Denied(DenyReason reason, String message) implements Verdict, CborSerializable {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
        }
    }

    default boolean approved() {
        return this instanceof Approved;
    }
}
