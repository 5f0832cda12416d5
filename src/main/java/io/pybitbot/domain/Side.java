package io.pybitbot.domain;

/** Order side, spelled on the wire as Bybit does ("Buy" / "Sell"). */
public enum Side {
    BUY("Buy"),
    SELL("Sell");

    private final String wire;

    Side(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** +1 for a long (buy), -1 for a short (sell): the sign of PnL per unit of price move. */
    public int sign() {
        return this == BUY ? 1 : -1;
    }

    public static Side fromWire(String s) {
        if ("Buy".equals(s)) {
            return BUY;
        }
        if ("Sell".equals(s)) {
            return SELL;
        }
        throw new IllegalArgumentException("unknown side '" + s + "', expected Buy or Sell");
    }
}
