package io.pybitbot.ledger;

import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Deterministic Bybit {@code orderLinkId}s: the same intent always gets the same id, so a repeated
 * signal, a retry or a restarted actor can never place a second order for it (Bybit refuses a reused
 * id with 110072).
 *
 * <p>Form: {@code <strategy>-<symbol>-<candle start, base 36>-<tag>}, e.g.
 * {@code strategy_b-BTCUSDT-loyw3v28-EB} (strategy_b, BTCUSDT, candle 1700000000000, Entry Buy). The tag
 * is the kind ({@code E} entry, {@code X} exit, {@code R} close before a reversal, {@code F} flatten)
 * and the order's side ({@code B}/{@code S}). Characters outside {@code [A-Za-z0-9_]} in the strategy
 * or symbol become {@code _}. When the whole would exceed Bybit's 36 characters, the strategy is cut and
 * followed by {@code _} and a 5-character base-36 CRC-32 of the full {@code <strategy>-<symbol>}, so two
 * long names that share a prefix still get different ids (for a very long symbol, the symbol is cut too).
 */
public final class OrderLinkIds {

    public static final int MAX_LENGTH = 36;
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,36}");

    /** Kind of order an id names. */
    public enum Kind {
        ENTRY('E'), EXIT('X'), REVERSAL_CLOSE('R'), FLATTEN('F');

        private final char code;

        Kind(char code) {
            this.code = code;
        }
    }

    // the base-36 candle start has 8 characters until 2059; the digest of cut names takes 5
    private static final int DIGEST_CHARS = 5;

    private OrderLinkIds() {}

    /** Id of the order a signal asks for: entry or exit, on the signal's candle. */
    public static String of(Signal signal) {
        if (signal.kind() == Signal.Kind.ENTRY) {
            return of(signal.strategy(), signal.symbol(), signal.candleStartMs(), Kind.ENTRY, signal.side());
        }
        // an exit sells a long (the signal's side is the position's side)
        return of(signal.strategy(), signal.symbol(), signal.candleStartMs(), Kind.EXIT, signal.side().opposite());
    }

    /** Id of the close that precedes the reversal asked for by {@code entry}. */
    public static String reversalClose(Signal entry) {
        return of(entry.strategy(), entry.symbol(), entry.candleStartMs(), Kind.REVERSAL_CLOSE, entry.side());
    }

    /**
     * @param orderSide side of the order itself (a close of a long is a SELL)
     */
    public static String of(String owner, String symbol, long timeMs, Kind kind, Side orderSide) {
        if (timeMs < 0) {
            throw new IllegalArgumentException("orderLinkId time must be >= 0 epoch ms, got " + timeMs + " for " + symbol);
        }
        String time = Long.toString(timeMs, 36);
        String tag = "" + kind.code + (orderSide == Side.BUY ? 'B' : 'S');
        String strategy = clean(owner);
        String sym = clean(symbol);
        String names = strategy + "-" + sym;
        int room = MAX_LENGTH - time.length() - tag.length() - 2;
        if (names.length() > room) {
            // cut the strategy first so the symbol stays readable; the digest keeps cut names apart
            int strategyRoom = room - sym.length() - 1 - DIGEST_CHARS - 1;
            names = strategyRoom >= 1
                    ? strategy.substring(0, Math.min(strategy.length(), strategyRoom)) + "_" + digest(names) + "-" + sym
                    : names.substring(0, room - DIGEST_CHARS - 1) + "_" + digest(names);
        }
        return names + "-" + time + "-" + tag;
    }

    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            b.append(ok ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    private static String digest(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        long mod = 1;
        for (int i = 0; i < DIGEST_CHARS; i++) {
            mod *= 36;
        }
        String d = Long.toString(crc.getValue() % mod, 36).toLowerCase(Locale.ROOT);
        return "0".repeat(DIGEST_CHARS - d.length()) + d;
    }
}
