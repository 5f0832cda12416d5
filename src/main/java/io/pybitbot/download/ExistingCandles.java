package io.pybitbot.download;

import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.DataException;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a candle file that a resume should extend. Unlike {@link CandleCsv#read(Path)} it accepts
 * gaps, duplicates and disorder (a file edited by hand, or cut short), because those are exactly what
 * the download repairs; every line must still be a valid candle in the {@link CandleCsv} format.
 */
public final class ExistingCandles {

    private ExistingCandles() {
    }

    /** Candles by start time; empty if the file does not exist. */
    public static TreeMap<Long, Candle> read(Path file, String symbol, Interval interval) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new DataException("cannot read candle file " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(CandleCsv.HEADER)) {
            // not ours: refuse rather than overwrite it
            throw new DataException(file + ":1: expected the header '" + CandleCsv.HEADER
                    + "'; not a candle file, refusing to overwrite it");
        }
        TreeMap<Long, String> byStart = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int comma = line.indexOf(',');
            try {
                byStart.put(Long.parseLong(line.substring(0, comma < 0 ? line.length() : comma).strip()), line);
            } catch (NumberFormatException e) {
                throw new DataException(file + ":" + (i + 1) + ": start_ms must be an integer, found '"
                        + line.substring(0, Math.min(line.length(), 40)) + "'");
            }
        }
        // the shared parser checks every field; it wants a gap-free run, so hand it one run at a time
        TreeMap<Long, Candle> out = new TreeMap<>();
        StringBuilder run = new StringBuilder();
        long prev = Long.MIN_VALUE;
        for (Map.Entry<Long, String> e : byStart.entrySet()) {
            if (run.length() > 0 && e.getKey() - prev != interval.millis()) {
                parseRun(run, file, symbol, interval, out);
            }
            run.append(e.getValue()).append('\n');
            prev = e.getKey();
        }
        if (run.length() > 0) {
            parseRun(run, file, symbol, interval, out);
        }
        return out;
    }

    private static void parseRun(StringBuilder run, Path file, String symbol, Interval interval,
                                 TreeMap<Long, Candle> out) {
        String text = CandleCsv.HEADER + "\n" + run;
        run.setLength(0);
        for (Candle c : CandleCsv.read(new StringReader(text), symbol, interval, file.toString()).candles()) {
            out.put(c.startMs(), c);
        }
    }
}
