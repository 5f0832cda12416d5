package io.pybitbot.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A Bybit V5 kline interval, named by the code Bybit uses on the wire ("1", "60", "D", ...). */
public enum Interval {
    M1("1", 60_000L),
    M3("3", 3 * 60_000L),
    M5("5", 5 * 60_000L),
    M15("15", 15 * 60_000L),
    M30("30", 30 * 60_000L),
    H1("60", 60 * 60_000L),
    H2("120", 120 * 60_000L),
    H4("240", 240 * 60_000L),
    H6("360", 360 * 60_000L),
    H12("720", 720 * 60_000L),
    D1("D", 24 * 60 * 60_000L),
    W1("W", 7 * 24 * 60 * 60_000L),
    /** A calendar month; its length varies, so {@link #millis()} is only nominal (30 days). */
    MONTH("M", 30L * 24 * 60 * 60_000L);

    private final String code;
    private final long millis;

    Interval(String code, long millis) {
        this.code = code;
        this.millis = millis;
    }

    /** The code Bybit uses in REST parameters and in {@code kline.{interval}.{symbol}} topics. */
    public String code() {
        return code;
    }

    /** Nominal length of one candle in milliseconds. */
    public long millis() {
        return millis;
    }

    /**
     * True when {@code startMs} is where a candle of this interval can start on Bybit: a multiple of the
     * length for minutes to days (UTC), a Monday 00:00 UTC for weeks, the 1st 00:00 UTC for months.
     */
    public boolean isAligned(long startMs) {
        if (this == MONTH) {
            java.time.ZonedDateTime t = java.time.Instant.ofEpochMilli(startMs).atZone(java.time.ZoneOffset.UTC);
            return t.getDayOfMonth() == 1 && t.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
        }
        long anchor = this == W1 ? 4 * 24 * 60 * 60_000L : 0L; // 1970-01-05 was a Monday
        return Math.floorMod(startMs - anchor, millis) == 0;
    }

    public static Optional<Interval> fromCode(String code) {
        for (Interval i : values()) {
            if (i.code.equals(code)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Parses a Bybit interval code, failing with a message that lists the valid codes. */
    public static Interval parse(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                "unknown interval '" + code + "', expected one of " + validCodes()));
    }

    public static String validCodes() {
        return Arrays.stream(values()).map(Interval::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
