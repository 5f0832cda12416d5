package io.pybitbot.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sample(String risk, String positions, String symbols, String members) throws Exception {
        return sample(risk, positions, symbols, members, "a");
    }

    private static JsonNode sample(String risk, String positions, String symbols, String members, String singletons)
            throws Exception {
        return JSON.readTree("{\"risk\":" + risk + ",\"positions\":[" + positions + "],\"symbols\":[" + symbols
                + "],\"cluster\":{\"singletons\":\"" + singletons + "\",\"members\":[" + members + "]}}");
    }

    static final String ACTIVE = "{\"state\":\"ACTIVE\",\"haltReason\":\"\"}";
    static final String HALTED = "{\"state\":\"HALTED\",\"haltReason\":\"MAX_DRAWDOWN_HALT: drawdown 21.00%\"}";
    static final String BTC_LONG = "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"size\":0.1,\"entryPrice\":30000,"
            + "\"stopLoss\":29500,\"strategy\":\"strategy_a\",\"protected\":true}";
    static final String BTC_BARE = "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"size\":0.1,\"entryPrice\":30000,"
            + "\"stopLoss\":null,\"strategy\":\"strategy_a\",\"protected\":false}";
    static final String LIVE = "{\"symbol\":\"ETHUSDT\",\"state\":\"live\"}";
    static final String QUARANTINED = "{\"symbol\":\"ETHUSDT\",\"state\":\"quarantined\",\"quarantine\":\"negative price\"}";
    static final String A = "{\"address\":\"a\",\"reachable\":true}";
    static final String B = "{\"address\":\"b\",\"reachable\":true}";
    static final String B_GONE = "{\"address\":\"b\",\"reachable\":false}";

    private static List<String> kinds(List<AlertRules.Alert> alerts) {
        return alerts.stream().map(AlertRules.Alert::kind).toList();
    }

    @Test
    void theFirstSampleOnlySetsTheBaseline() throws Exception {
        AlertRules r = new AlertRules(10_000);
        assertEquals(List.of(), r.next(sample(HALTED, BTC_LONG, QUARANTINED, A), 0));
    }

    @Test
    void haltsResumesEntriesAndExits() throws Exception {
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, "", LIVE, A), 0);
        List<AlertRules.Alert> entry = r.next(sample(ACTIVE, BTC_LONG, LIVE, A), 2_000);
        assertEquals(List.of("entry"), kinds(entry));
        assertTrue(entry.get(0).text().contains("entry filled: BUY 0.1 BTCUSDT @ 30000, stop 29500 (strategy_a)"),
                entry.get(0).text());
        List<AlertRules.Alert> halt = r.next(sample(HALTED, "", LIVE, A), 4_000);
        assertEquals(List.of("halt", "exit"), kinds(halt));
        assertTrue(halt.get(0).text().startsWith("RISK HALTED: MAX_DRAWDOWN_HALT"), halt.get(0).text());
        assertEquals(List.of("resume"), kinds(r.next(sample(ACTIVE, "", LIVE, A), 6_000)));
        assertEquals(List.of(), r.next(sample(ACTIVE, "", LIVE, A), 8_000), "nothing changed, nothing said");
    }

    @Test
    void aSymbolWhoseProtectionKeepsFailingIsAnAlertOnce() throws Exception {
        String xrpHalted = "{\"state\":\"ACTIVE\",\"haltReason\":\"\",\"haltedSymbols\":{\"XRPUSDT\":"
                + "\"3 failed protective actions in 60 s, the last a stop placement: 10001\"}}";
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, "", LIVE, A), 0);
        List<AlertRules.Alert> halted = r.next(sample(xrpHalted, "", LIVE, A), 2_000);
        assertEquals(List.of("symbol-halt"), kinds(halted));
        assertEquals("XRPUSDT", halted.get(0).key());
        assertTrue(halted.get(0).text().startsWith("ENTRIES HALTED on XRPUSDT: 3 failed protective actions"),
                halted.get(0).text());
        assertEquals(List.of(), r.next(sample(xrpHalted, "", LIVE, A), 4_000), "said once");
        r.next(sample(ACTIVE, "", LIVE, A), 6_000);
        assertEquals(List.of("symbol-halt"), kinds(r.next(sample(xrpHalted, "", LIVE, A), 8_000)), "halted again");
    }

    @Test
    void invalidExchangeDataIsAnAlertPerKindWhenItGrows() throws Exception {
        AlertRules r = new AlertRules(10_000);
        r.next(withInvalid(sample(ACTIVE, "", LIVE, A), "{}"), 0);
        List<AlertRules.Alert> first = r.next(withInvalid(sample(ACTIVE, "", LIVE, A), "{\"kline\":1,\"position\":2}"),
                2_000);
        assertEquals(List.of("invalid-data", "invalid-data"), kinds(first));
        assertEquals(List.of("kline", "position"), first.stream().map(AlertRules.Alert::key).toList());
        assertTrue(first.get(1).text().startsWith("the exchange sent 2 invalid position row(s), dropped (2 so far)"),
                first.get(1).text());
        assertEquals(List.of(), r.next(withInvalid(sample(ACTIVE, "", LIVE, A), "{\"kline\":1,\"position\":2}"),
                4_000), "no new rows, nothing said");
        List<AlertRules.Alert> more = r.next(withInvalid(sample(ACTIVE, "", LIVE, A), "{\"kline\":1,\"position\":5}"),
                6_000);
        assertEquals(List.of("position"), more.stream().map(AlertRules.Alert::key).toList());
        assertTrue(more.get(0).text().startsWith("the exchange sent 3 invalid position row(s)"), more.get(0).text());
    }

    private static JsonNode withInvalid(JsonNode sample, String byKind) throws Exception {
        ((com.fasterxml.jackson.databind.node.ObjectNode) sample).putObject("invalidData").set("byKind", JSON.readTree(byKind));
        return sample;
    }

    @Test
    void aPositionWithoutAStopIsAnAlertOnceItHasLastedTooLong() throws Exception {
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, BTC_LONG, LIVE, A), 0);
        assertEquals(List.of(), r.next(sample(ACTIVE, BTC_BARE, LIVE, A), 1_000), "a moment between fill and stop");
        assertEquals(List.of(), r.next(sample(ACTIVE, BTC_BARE, LIVE, A), 9_000));
        List<AlertRules.Alert> late = r.next(sample(ACTIVE, BTC_BARE, LIVE, A), 11_000);
        assertEquals(List.of("unprotected"), kinds(late));
        assertTrue(late.get(0).text().contains("no exchange-side stop-loss for 10 s"), late.get(0).text());
        assertEquals(List.of(), r.next(sample(ACTIVE, BTC_BARE, LIVE, A), 13_000), "said once");
        r.next(sample(ACTIVE, BTC_LONG, LIVE, A), 15_000);
        r.next(sample(ACTIVE, BTC_BARE, LIVE, A), 16_000);
        assertEquals(List.of("unprotected"), kinds(r.next(sample(ACTIVE, BTC_BARE, LIVE, A), 27_000)),
                "a stop lost again is a new alert");
    }

    @Test
    void aQuarantinedSymbolAndAMemberGone() throws Exception {
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, "", LIVE, A + "," + B), 0);
        List<AlertRules.Alert> q = r.next(sample(ACTIVE, "", QUARANTINED, A + "," + B_GONE), 2_000);
        assertEquals(List.of("quarantine", "member-unreachable"), kinds(q));
        assertTrue(q.get(0).text().contains("ETHUSDT quarantined (no trading): negative price"), q.get(0).text());
        assertEquals(List.of("quarantine-lifted", "member-left"), kinds(r.next(sample(ACTIVE, "", LIVE, A), 4_000)));
    }

    @Test
    void aReconciliationDifferenceIsAnAlert() throws Exception {
        AlertRules r = new AlertRules(10_000);
        r.next(withExecution(sample(ACTIVE, "", LIVE, A), 0, ""), 0);
        List<AlertRules.Alert> d = r.next(withExecution(sample(ACTIVE, "", LIVE, A), 1,
                "BTCUSDT: the ledger held SELL 0.2, the exchange holds nothing"), 2_000);
        assertEquals(List.of("reconcile-difference"), kinds(d));
        assertEquals("RECONCILIATION DIFFERENCE: BTCUSDT: the ledger held SELL 0.2, the exchange holds nothing; the"
                + " exchange's view applied", d.get(0).text());
        assertEquals(List.of(), r.next(withExecution(sample(ACTIVE, "", LIVE, A), 1, "x"), 4_000));
    }

    private static JsonNode withExecution(JsonNode sample, int differences, String last) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) sample).putObject("execution")
                .put("reconcileDifferences", differences).put("lastReconcileDifference", last);
        return sample;
    }

    @Test
    void pausingAndResumingAStrategyAreAlerts() throws Exception {
        String paused = "{\"state\":\"ACTIVE\",\"haltReason\":\"\",\"pausedStrategies\":{\"strategy_a\":"
                + "\"paused by status API at 2026-12-03T07:00:00Z\"}}";
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, "", LIVE, A), 0);
        List<AlertRules.Alert> p = r.next(sample(paused, "", LIVE, A), 2_000);
        assertEquals(List.of("strategy-paused"), kinds(p));
        assertEquals("strategy strategy_a paused by status API at 2026-12-03T07:00:00Z: no new entries from it until"
                + " it is resumed", p.get(0).text());
        assertEquals(List.of(), r.next(sample(paused, "", LIVE, A), 4_000));
        assertEquals(List.of("strategy-resumed"), kinds(r.next(sample(ACTIVE, "", LIVE, A), 6_000)));
    }

    @Test
    void aStalledStreamIsAnAlertEachTimeItStalls() throws Exception {
        String ok = "{\"symbol\":\"ETHUSDT\",\"state\":\"live\",\"stream\":{\"stalls\":0}}";
        String once = "{\"symbol\":\"ETHUSDT\",\"state\":\"live\",\"stream\":{\"stalls\":1}}";
        String twice = "{\"symbol\":\"ETHUSDT\",\"state\":\"live\",\"stream\":{\"stalls\":2}}";
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, "", ok, A), 0);
        List<AlertRules.Alert> stalled = r.next(sample(ACTIVE, "", once, A), 2_000);
        assertEquals(List.of("stream-stalled"), kinds(stalled));
        assertTrue(stalled.get(0).text().startsWith("ETHUSDT kline stream went silent past the stall timeout"),
                stalled.get(0).text());
        assertEquals(List.of(), r.next(sample(ACTIVE, "", once, A), 4_000));
        assertEquals(List.of("stream-stalled"), kinds(r.next(sample(ACTIVE, "", twice, A), 6_000)));
    }

    @Test
    void theSingletonsMovingToAnotherNodeIsAnAlert() throws Exception {
        AlertRules r = new AlertRules(10_000);
        r.next(sample(ACTIVE, "", LIVE, A + "," + B, "a"), 0);
        List<AlertRules.Alert> moved = r.next(sample(ACTIVE, "", LIVE, B, "b"), 2_000);
        assertEquals(List.of("member-left", "singletons-moved"), kinds(moved));
        assertTrue(moved.get(1).text().endsWith("moved from a to b"), moved.get(1).text());
        assertEquals(List.of(), r.next(sample(ACTIVE, "", LIVE, B, "b"), 4_000));
    }
}
