package io.pybitbot.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A symbol's funding settlements: the times a perpetual's positions paid or received funding, and the rate (Bybit's
 * sign: positive, longs pay shorts). The file format, next to the candle files:
 *
 * <pre>
 * funding_time_ms,funding_rate
 * 1700006400000,0.0001
 * </pre>
 *
 * One settlement per line, ascending, named {@code SYMBOL_funding.csv}; the columns are Bybit's
 * {@code fundingRateTimestamp} and {@code fundingRate} from {@code /v5/market/funding/history}.
 */
public final class FundingRates {

    public static final String HEADER = "funding_time_ms,funding_rate";
    /** No settlements: a backtest without funding data. */
    public static final FundingRates NONE = new FundingRates(new long[0], new BigDecimal[0], "none");

    private final long[] timesMs;
    private final BigDecimal[] rates;
    private final String source;

    private FundingRates(long[] timesMs, BigDecimal[] rates, String source) {
        this.timesMs = timesMs;
        this.rates = rates;
        this.source = source;
    }

    public static String fileName(String symbol) {
        return symbol + "_funding.csv";
    }

    public static FundingRates of(List<Long> timesMs, List<BigDecimal> rates, String source) {
        if (timesMs.size() != rates.size()) {
            throw new IllegalArgumentException("times and rates differ in length");
        }
        long[] t = timesMs.stream().mapToLong(Long::longValue).toArray();
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                throw new DataException(source + ": funding times must ascend, " + t[i] + " follows " + t[i - 1]);
            }
        }
        return new FundingRates(t, rates.toArray(new BigDecimal[0]), source);
    }

    /** Reads {@code file}; every problem names the file and line. */
    public static FundingRates read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static FundingRates read(Reader reader, String source) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null || !header.strip().equals(HEADER)) {
            throw new DataException(source + ":1: expected the header '" + HEADER + "', found '"
                    + (header == null ? "" : header.strip()) + "'");
        }
        List<Long> times = new ArrayList<>();
        List<BigDecimal> rates = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.strip().split(",", -1);
            if (cols.length != 2) {
                throw new DataException(source + ":" + n + ": expected 2 columns (" + HEADER + "), found "
                        + cols.length);
            }
            try {
                long t = Long.parseLong(cols[0]);
                BigDecimal rate = new BigDecimal(cols[1]);
                if (rate.abs().compareTo(BigDecimal.ONE) >= 0) {
                    throw new DataException(source + ":" + n + ": funding rate " + cols[1]
                            + " is not a fraction (0.0001 is 0.01 %)");
                }
                if (!times.isEmpty() && t <= times.get(times.size() - 1)) {
                    throw new DataException(source + ":" + n + ": funding time " + t + " does not follow "
                            + times.get(times.size() - 1));
                }
                times.add(t);
                rates.add(rate);
            } catch (NumberFormatException e) {
                throw new DataException(source + ":" + n + ": not a number in '" + line.strip() + "'");
            }
        }
        return of(times, rates, source);
    }

    /** These settlements and {@code more}, one per time (a time in both keeps {@code more}'s rate), ascending. */
    public FundingRates merge(List<io.pybitbot.domain.FundingSettlement> more, String newSource) {
        java.util.TreeMap<Long, BigDecimal> all = new java.util.TreeMap<>();
        for (int i = 0; i < timesMs.length; i++) {
            all.put(timesMs[i], rates[i]);
        }
        more.forEach(f -> all.put(f.timeMs(), f.rate()));
        return of(List.copyOf(all.keySet()), List.copyOf(all.values()), newSource);
    }

    /** Writes the file format above (atomically: a temporary file, then a move). */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            StringBuilder sb = new StringBuilder(HEADER).append('\n');
            for (int i = 0; i < timesMs.length; i++) {
                sb.append(timesMs[i]).append(',').append(rates[i].toPlainString()).append('\n');
            }
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    public int size() {
        return timesMs.length;
    }

    public long timeMs(int i) {
        return timesMs[i];
    }

    public BigDecimal rate(int i) {
        return rates[i];
    }

    public String source() {
        return source;
    }

    /** Index of the first settlement at or after {@code timeMs} ({@link #size()} when none). */
    public int firstAtOrAfter(long timeMs) {
        int i = Arrays.binarySearch(timesMs, timeMs);
        return i >= 0 ? i : -i - 1;
    }
}
