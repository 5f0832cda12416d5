package io.pybitbot.sim.engine;

/**
 * A request the simulated exchange refuses, carrying Bybit's {@code retCode} and a {@code retMsg} that names
 * the offending field. Thrown by {@link MatchingEngine}; the REST layer turns it into an error envelope.
 */
public final class SimRejection extends RuntimeException {

    public static final int PARAMS = 10001;
    public static final int ORDER_NOT_FOUND = 110001;
    public static final int AVAILABLE_BALANCE = 110007;
    public static final int REDUCE_ONLY = 110017;
    public static final int LEVERAGE_NOT_MODIFIED = 110043;
    public static final int DUPLICATE_LINK_ID = 110072;
    public static final int MIN_NOTIONAL = 110094;
    public static final int NOT_MODIFIED = 34040;

    private final int retCode;

    public SimRejection(int retCode, String retMsg) {
        super(retMsg, null, false, false);
        this.retCode = retCode;
    }

    public int retCode() {
        return retCode;
    }

    public String retMsg() {
        return getMessage();
    }

    public static SimRejection params(String msg) {
        return new SimRejection(PARAMS, "params error: " + msg);
    }
}
