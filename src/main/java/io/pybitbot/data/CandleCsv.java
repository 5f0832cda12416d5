package io.pybitbot.data;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The candle file format shared by {@code backtest}, {@code download} and the simulator.
 *
 * <pre>
 * start_ms,open,high,low,close,volume,turnover
 * 1678730400000,1673.58,1677.62,1672.44,1672.99,65.3033,109354.51
 * </pre>
 *
 * One closed candle per line, ascending by start time, UTF-8, {@code \n} line ends. Prices are written
 * in plain decimal notation (never exponent form). A file is named {@code SYMBOL_INTERVAL.csv}, e.g.
 * {@code BTCUSDT_5.csv}, so a directory of them is self-describing.
 */
public final class CandleCsv {

    public static final String HEADER = "start_ms,open,high,low,close,volume,turnover";
    private static final Pattern FILE_NAME = Pattern.compile("([A-Z0-9]+)_([0-9]+|D|W|M)\\.csv");

    private CandleCsv() {
    }

    /** The conventional file name of a series. */
    public static String fileName(String symbol, Interval interval) {
        return symbol + "_" + interval.code() + ".csv";
    }

    /** Parses {@code SYMBOL_INTERVAL.csv}, or empty if the name does not follow the convention. */
    public static Optional<SymbolInterval> parseFileName(String name) {
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Interval.fromCode(m.group(2)).map(i -> new SymbolInterval(m.group(1), i));
    }

    public record SymbolInterval(String symbol, Interval interval) {
    }

    public static CandleSeries read(Path file, String symbol, Interval interval) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, symbol, interval, file.toString());
        } catch (IOException e) {
            throw new DataException("cannot read candle file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file named by the convention, taking symbol and interval from its name. */
    public static CandleSeries read(Path file) {
        SymbolInterval si = parseFileName(file.getFileName().toString()).orElseThrow(() -> new DataException(
                file + ": candle file names must look like SYMBOL_INTERVAL.csv (e.g. BTCUSDT_5.csv)"));
        return read(file, si.symbol(), si.interval());
    }

    public static CandleSeries read(Reader reader, String symbol, Interval interval, String source) {
        List<Candle> out = new ArrayList<>();
        try (BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader)) {
            String line = br.readLine();
            int lineNo = 1;
            if (line == null) {
                throw new DataException(source + ": empty file, expected the header '" + HEADER + "'");
            }
            if (!line.strip().equals(HEADER)) {
                throw new DataException(source + ":1: expected the header '" + HEADER + "', found '" + truncate(line) + "'");
            }
            while ((line = br.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(parseLine(line, source, lineNo));
            }
        } catch (IOException e) {
            throw new DataException(source + ": read failed: " + e.getMessage(), e);
        }
        return new CandleSeries(symbol, interval, out, source).validate();
    }

    private static Candle parseLine(String line, String source, int lineNo) {
        String[] f = line.split(",", -1);
        if (f.length != 7) {
            throw new DataException(source + ":" + lineNo + ": expected 7 comma-separated fields (" + HEADER
                    + "), found " + f.length + ": '" + truncate(line) + "'");
        }
        long start;
        try {
            start = Long.parseLong(f[0].strip());
        } catch (NumberFormatException e) {
            throw new DataException(source + ":" + lineNo + ": start_ms must be an integer, found '" + truncate(f[0]) + "'");
        }
        double[] v = new double[6];
        String[] names = {"open", "high", "low", "close", "volume", "turnover"};
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = Double.parseDouble(f[i + 1].strip());
            } catch (NumberFormatException e) {
                throw new DataException(source + ":" + lineNo + ": " + names[i] + " must be a number, found '"
                        + truncate(f[i + 1]) + "'");
            }
            if (!Double.isFinite(v[i])) {
                throw new DataException(source + ":" + lineNo + ": " + names[i] + " must be finite, found '" + f[i + 1] + "'");
            }
        }
        try {
            return Candle.closed(start, v[0], v[1], v[2], v[3], v[4], v[5]);
        } catch (IllegalArgumentException e) {
            throw new DataException(source + ":" + lineNo + ": " + e.getMessage());
        }
    }

    public static void write(Path file, CandleSeries series) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(w, series.candles());
            }
            // rename last so a reader never sees a half-written file
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot write candle file " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Writer w, List<Candle> candles) throws IOException {
        w.write(HEADER);
        w.write('\n');
        StringBuilder sb = new StringBuilder(96);
        for (Candle c : candles) {
            sb.setLength(0);
            sb.append(c.startMs()).append(',').append(plain(c.open())).append(',').append(plain(c.high())).append(',')
                    .append(plain(c.low())).append(',').append(plain(c.close())).append(',').append(plain(c.volume()))
                    .append(',').append(plain(c.turnover())).append('\n');
            w.write(sb.toString());
        }
    }

    /** Shortest decimal that round-trips the double, never in exponent form. */
    static String plain(double d) {
        String s = Double.toString(d);
        if (s.indexOf('E') < 0) {
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    private static String truncate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
