package io.pybitbot.domain;

import java.util.Objects;

/** The venue's answer to placing an {@link OrderTicket}, in the trading core's words. */
public sealed interface PlacementResult {

    /** The venue took the order. */
    record Accepted(String orderId) implements PlacementResult {
        public Accepted {
            orderId = orderId == null ? "" : orderId;
        }
    }

    /** The venue refused it; {@code detail} is its own words, for logs. */
    record Rejected(RejectReason reason, String detail) implements PlacementResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }

    /** No definite answer (timeout, dropped connection): the order may or may not exist. */
    record Unknown(String detail) implements PlacementResult {
        public Unknown {
            detail = detail == null ? "" : detail;
        }
    }
}
