package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.pybitbot.symbol.CandleProgress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;


/**
 * The candles each symbol acted on, as the journal holds them ({@link CandleProgress}: one event per candle, written
 * by whichever node ran the symbol), read straight from the database the nodes share.
 */
final class CandleJournal {

    /** One journaled candle: by which incarnation of the symbol's actor ({@code writer}) and when it was written. */
    record Acted(String interval, long startMs, String writer, long writtenMs) {
    }

    private CandleJournal() {
    }

    /** Per symbol, oldest first. */
    static Map<String, List<Acted>> read(Connection c) throws Exception {
        CBORMapper cbor = new CBORMapper();
        Map<String, List<Acted>> out = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT persistence_id, writer, "
                + "write_timestamp, event_payload FROM event_journal WHERE persistence_id LIKE 'candles-%' "
                + "ORDER BY persistence_id, sequence_number")) {
            while (rs.next()) {
                var p = cbor.readValue(rs.getBytes(4), CandleProgress.Processed.class);
                out.computeIfAbsent(rs.getString(1).substring("candles-".length()), k -> new ArrayList<>())
                        .add(new Acted(p.interval(), p.startMs(), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }

    /** What is wrong with one symbol's record: a candle skipped or acted on twice, per interval; "" when nothing. */
    static String holes(List<Acted> acted, long intervalMs) {
        Map<String, Long> last = new TreeMap<>();
        StringBuilder b = new StringBuilder();
        for (Acted a : acted) {
            Long prev = last.put(a.interval(), a.startMs());
            if (prev != null && a.startMs() != prev + intervalMs) {
                b.append(a.startMs() <= prev ? "repeated " : "skipped to ").append(a.startMs()).append(" after ")
                        .append(prev).append(" (writer ").append(a.writer()).append("); ");
            }
        }
        return b.toString();
    }

    /** The incarnations that wrote, in order. */
    static List<String> writers(List<Acted> acted) {
        Set<String> w = new LinkedHashSet<>();
        acted.forEach(a -> w.add(a.writer()));
        return List.copyOf(w);
    }

    /**
     * For a symbol written by more than one owner, one line per handover: the last candle of the one, the first of
     * the next, and the wall time between their writes.
     */
    static List<String> handovers(String symbol, List<Acted> acted) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < acted.size(); i++) {
            Acted before = acted.get(i - 1);
            Acted after = acted.get(i);
            if (!before.writer().equals(after.writer())) {
                out.add(String.format("%s: last candle of the old owner %d, first of the new %d, written %.1f s apart",
                        symbol, before.startMs(), after.startMs(), (after.writtenMs() - before.writtenMs()) / 1e3));
            }
        }
        return out;
    }

    /** Every symbol's journaled candles: none skipped, none twice, across every change of owner; the handovers. */
    static List<String> assertNoCandleMissedOrRepeated(ClusterRig rig, List<String> symbols) throws Exception {
        Map<String, List<Acted>> acted;
        try (var c = rig.journalConnection()) {
            acted = read(c);
        }
        List<String> handovers = new ArrayList<>();
        for (String symbol : symbols) {
            List<Acted> a = acted.getOrDefault(symbol, List.of());
            assertTrue(a.size() >= 2, symbol + " acted on too few candles: " + a);
            assertEquals("", holes(a, 300_000), symbol + ": " + a);
            handovers.addAll(handovers(symbol, a));
        }
        return handovers;
    }
}
