package io.pybitbot.exchange.bybit;

import java.util.OptionalLong;
import java.util.Set;

/** Maps Bybit retCodes and HTTP outcomes to {@link BybitError}s (policy table in docs/README-bybit.md). */
public final class BybitErrors {

    public static final int OK = 0;
    public static final int TIMESTAMP_OUT_OF_WINDOW = 10002;
    public static final int RATE_LIMITED = 10006;
    public static final int DUPLICATE_ORDER_LINK_ID = 110072;

    /** "Nothing to change" replies: leverage (110043), position mode (110025), TP/SL (34040). */
    private static final Set<Integer> NOT_MODIFIED = Set.of(110043, 110025, 34040);
    private static final Set<Integer> ORDER_GONE = Set.of(110001, 110008, 110010);
    /** Server-side busy / restart / processing: safe to retry after a pause. */
    private static final Set<Integer> TRANSIENT = Set.of(10000, 10016, 10019, 10429, 429, 110079, 30034, 30035, 130035, 130150);

    private BybitErrors() {}

    public static boolean isNotModified(int retCode) {
        return NOT_MODIFIED.contains(retCode);
    }

    public static boolean isOrderGone(int retCode) {
        return ORDER_GONE.contains(retCode);
    }

    /** Classifies a non-zero, non-"not modified" retCode that came with HTTP 200. */
    public static BybitError fromRetCode(int retCode, String retMsg, OptionalLong limitResetAtMs) {
        String msg = retMsg == null ? "" : retMsg;
        switch (retCode) {
            case TIMESTAMP_OUT_OF_WINDOW:
                return new BybitError.ClockSkew(retCode, msg);
            case RATE_LIMITED:
                return new BybitError.RateLimited(retCode, msg, limitResetAtMs);
            case 10003:
                return new BybitError.AuthFailed(retCode, msg,
                        "API key invalid; check BYBIT_API_KEY and that it belongs to this environment (mainnet/testnet/demo)");
            case 10004:
                return new BybitError.AuthFailed(retCode, msg,
                        "signature rejected; check BYBIT_API_SECRET (a secret from another key or environment fails this way)");
            case 10005:
                return new BybitError.AuthFailed(retCode, msg, "API key lacks the permission for this endpoint (enable Contract trade/position)");
            case 10010:
                return new BybitError.AuthFailed(retCode, msg, "this IP is not in the API key's whitelist");
            case 10027:
                return new BybitError.AuthFailed(retCode, msg, "trading is banned for this account");
            default:
                if (TRANSIENT.contains(retCode)) {
                    return new BybitError.Transient(retCode, msg);
                }
                return new BybitError.Rejected(retCode, msg);
        }
    }

    /**
     * Classifies a non-2xx HTTP status. 5xx on a write is ambiguous: the order may have landed.
     *
     * @param bannedUntilMs when a 403 ban is assumed to end (now + configured back-off)
     */
    public static BybitError fromHttpStatus(int status, String body, boolean write, long bannedUntilMs) {
        String excerpt = BybitParseException.excerpt(body);
        if (status == 403) {
            return new BybitError.IpBanned(status, excerpt, bannedUntilMs);
        }
        if (status == 401) {
            return new BybitError.AuthFailed(status, "HTTP 401 unauthorised",
                    "check BYBIT_API_KEY / BYBIT_API_SECRET and the environment they belong to");
        }
        if (status >= 500) {
            return write ? new BybitError.Ambiguous("HTTP " + status) : new BybitError.Transient(status, "HTTP " + status);
        }
        if (status == 429) {
            return new BybitError.Transient(status, "HTTP 429 system protection");
        }
        return new BybitError.HttpFailure(status, excerpt);
    }

    /** A request that failed in transport (timeout, refused, reset): ambiguous for writes. */
    public static BybitError fromTransportFailure(Throwable failure, boolean write) {
        String cause = networkCause(failure);
        return write ? new BybitError.Ambiguous(cause) : new BybitError.Transient(-1, cause);
    }

    /** Marks the text of a transient error that never reached the exchange. */
    public static final String NETWORK = "network: ";

    /**
     * What went wrong on the way, in an operator's words ("network: connection refused", "network: host not found
     * (DNS)", "network: no answer in time"), not the transport's exception chain.
     */
    static String networkCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.net.UnknownHostException || m.contains("UnknownHost")
                    || m.contains("<unresolved>") && m.contains("nodename") || m.contains("Name or service not known")) {
                return NETWORK + "host not found (DNS)";
            }
            if (t instanceof java.net.ConnectException || m.contains("Connection refused")) {
                return NETWORK + "connection refused";
            }
            if (t instanceof java.net.NoRouteToHostException || m.contains("No route to host")) {
                return NETWORK + "no route to host";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return NETWORK + "TLS failed (" + BybitParseException.excerpt(m) + ")";
            }
            if (t instanceof java.util.concurrent.TimeoutException || m.contains("timed out") || m.contains("timeout")) {
                return NETWORK + "no answer in time";
            }
        }
        return NETWORK + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + BybitParseException.excerpt(failure.getMessage()));
    }
}
