package io.pybitbot.exchange.bybit;

import java.util.OptionalLong;

/**
 * Why a Bybit call did not succeed, classified by what the caller should do. See
 * {@link BybitErrors} for the mapping from retCodes and HTTP statuses.
 */
@com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME,
        property = "kind")
@com.fasterxml.jackson.annotation.JsonSubTypes({
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.ClockSkew.class, name = "ClockSkew"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.RateLimited.class, name = "RateLimited"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.AuthFailed.class, name = "AuthFailed"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.IpBanned.class, name = "IpBanned"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.Transient.class, name = "Transient"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.Ambiguous.class, name = "Ambiguous"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.Rejected.class, name = "Rejected"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.HttpFailure.class, name = "HttpFailure"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.InvalidRequest.class, name = "InvalidRequest"),
        @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = BybitError.Malformed.class, name = "Malformed")})
public sealed interface BybitError {

    /** What the client (or its caller) should do about the error. */
    enum Handling {
        /** Configuration problem (bad key, signature, permission, IP whitelist): stop and tell the user. */
        FATAL,
        /** The request itself is wrong or refused for a business reason: do not retry unchanged. */
        REJECTED,
        /** 10002: re-sync the clock offset, re-sign with a fresh timestamp, retry. */
        RESYNC_CLOCK,
        /** 10006: wait until the limit resets, then retry. */
        WAIT_FOR_RESET,
        /** Exchange overloaded or restarting: retry after a backoff. */
        BACK_OFF,
        /** HTTP 403: stop all REST from this client for minutes. */
        IP_BANNED,
        /** A write whose outcome is unknown: query before any retry. */
        AMBIGUOUS
    }

    Handling handling();

    /** One line for logs and users; never contains credentials. */
    String describe();

    default boolean retryable() {
        return handling() != Handling.FATAL && handling() != Handling.REJECTED;
    }

    /** 10002: request timestamp outside the server's window. */
    record ClockSkew(int retCode, String retMsg) implements BybitError {
        public Handling handling() { return Handling.RESYNC_CLOCK; }
        public String describe() { return "Bybit " + retCode + " timestamp outside recv window: " + retMsg; }
    }

    /** 10006 (per-UID limit); {@code resetAtMs} from X-Bapi-Limit-Reset-Timestamp when present. */
    record RateLimited(int retCode, String retMsg, OptionalLong resetAtMs) implements BybitError {
        public Handling handling() { return Handling.WAIT_FOR_RESET; }
        public String describe() {
            return "Bybit " + retCode + " rate limited (" + retMsg + ")"
                    + (resetAtMs.isPresent() ? ", resets at " + resetAtMs.getAsLong() : "");
        }
    }

    /** 10003 / 10004 / 10005 / 10010 / 10027, or HTTP 401. */
    record AuthFailed(int code, String retMsg, String advice) implements BybitError {
        public Handling handling() { return Handling.FATAL; }
        public String describe() { return "Bybit " + code + " " + retMsg + ": " + advice; }
    }

    /** HTTP 403: IP rate limit ("access too frequent") or a blocked region. */
    record IpBanned(int httpStatus, String bodyExcerpt, long bannedUntilMs) implements BybitError {
        public Handling handling() { return Handling.IP_BANNED; }
        public String describe() {
            return "Bybit HTTP " + httpStatus + " (IP limit or blocked region), REST paused until " + bannedUntilMs
                    + ": " + bodyExcerpt;
        }
    }

    /** Server busy, restarting or a read that timed out: retry after a backoff. */
    record Transient(int code, String message) implements BybitError {
        public Handling handling() { return Handling.BACK_OFF; }
        public String describe() {
            // -1: the call never got an answer from the exchange (network, queue, timeout): the message says it all
            return code == -1 ? message : "Bybit transient error " + code + ": " + message;
        }
    }

    /** A write that may or may not have landed (timeout, 5xx, dropped connection, unreadable reply). */
    record Ambiguous(String cause) implements BybitError {
        public Handling handling() { return Handling.AMBIGUOUS; }
        public String describe() { return "outcome unknown: " + cause; }
    }

    /** A business rejection (insufficient balance, bad qty, reduce-only violated, unknown order, ...). */
    record Rejected(int retCode, String retMsg) implements BybitError {
        public Handling handling() { return Handling.REJECTED; }
        public String describe() { return "Bybit rejected (" + retCode + "): " + retMsg; }

        /** 110001 / 110008 / 110010: the order is already gone; a cancel may treat this as done. */
        public boolean orderAlreadyGone() {
            return BybitErrors.isOrderGone(retCode);
        }

        /** 110072: the orderLinkId was used before, i.e. an earlier attempt landed. */
        public boolean duplicateOrderLinkId() {
            return retCode == BybitErrors.DUPLICATE_ORDER_LINK_ID;
        }
    }

    /** Non-2xx HTTP status other than 401/403/429/5xx (e.g. 404 wrong path). */
    record HttpFailure(int status, String bodyExcerpt) implements BybitError {
        public Handling handling() { return Handling.REJECTED; }
        public String describe() { return "Bybit HTTP " + status + ": " + bodyExcerpt; }
    }

    /** Refused before sending: the request is invalid (names what and where), or the client is saturated. */
    record InvalidRequest(String reason) implements BybitError {
        public Handling handling() { return Handling.REJECTED; }
        public String describe() { return "request not sent: " + reason; }
    }

    /** A reply we could not read (reads only; for writes this becomes {@link Ambiguous}). */
    record Malformed(String reason) implements BybitError {
        public Handling handling() { return Handling.BACK_OFF; }
        public String describe() { return "unreadable Bybit reply: " + reason; }
    }
}
