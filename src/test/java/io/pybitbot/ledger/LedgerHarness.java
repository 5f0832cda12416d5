package io.pybitbot.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.PlacementResult;
import io.pybitbot.domain.RejectReason;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives an {@link ExecutionLedger} as its actor would, with no actor: keeps every fact it records (to
 * check that replaying them rebuilds the same state) and the last decision's effects.
 */
final class LedgerHarness {

    static final long T0 = 1_700_000_000_000L;
    static final long MIN = 60_000L;
    static final InstrumentSpec BTC = new InstrumentSpec("BTCUSDT", new BigDecimal("0.10"), new BigDecimal("0.001"),
            new BigDecimal("0.001"), new BigDecimal("100"), new BigDecimal("5"), new BigDecimal("100"));
    static final InstrumentSpec ETH = new InstrumentSpec("ETHUSDT", new BigDecimal("0.01"), new BigDecimal("0.01"),
            new BigDecimal("0.01"), new BigDecimal("1000"), new BigDecimal("5"), new BigDecimal("50"));
    static final LedgerSettings SETTINGS = new LedgerSettings(new BigDecimal("5"), 0, 0, 10_000);
    static final Map<String, InstrumentSpec> SPECS = Map.of("BTCUSDT", BTC, "ETHUSDT", ETH);

    private static final java.util.concurrent.atomic.AtomicLong FILL_IDS = new java.util.concurrent.atomic.AtomicLong();

    final ExecutionLedger ledger;
    final List<LedgerEvent> facts = new ArrayList<>();
    Decision last;
    long now = T0;

    LedgerHarness() {
        this(SETTINGS);
    }

    LedgerHarness(LedgerSettings settings) {
        ledger = new ExecutionLedger(settings, SPECS);
        // the start-up read finds nothing open
        LedgerEffect.ReadPositions read = only(record(ledger.start()), LedgerEffect.ReadPositions.class);
        LedgerEffect.ReadOpenOrders orders = only(record(ledger.onPositionsRead(PositionsRead.ok(List.of(), read), now)),
                LedgerEffect.ReadOpenOrders.class);
        assertEquals("", orders.cursor());
        record(ledger.onOpenOrdersRead(List.of(), "", ""));
    }

    Decision record(Decision d) {
        facts.addAll(d.events());
        last = d;
        return d;
    }

    /** A fresh ledger fed every recorded fact reaches the same state. */
    void assertReplayRebuildsState(LedgerSettings settings) {
        ExecutionLedger replayed = new ExecutionLedger(settings, SPECS);
        facts.forEach(replayed::apply);
        assertEquals(ledger.snapshot(), replayed.snapshot(), "replaying " + facts.size() + " facts");
        assertEquals(ledger.snapshot(), ExecutionLedger.restore(settings, SPECS, ledger.snapshot()).snapshot(),
                "a journal snapshot restores the same state");
    }

    static <T extends LedgerEffect> T only(Decision d, Class<T> type) {
        List<T> found = d.effects(type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + d.effects());
        return found.get(0);
    }

    <T extends LedgerEffect> List<T> effects(Class<T> type) {
        return last.effects(type);
    }

    // ------------------------------------------------------------------ inputs

    Decision signal(Signal s) {
        return record(ledger.onSignal(s));
    }

    /** Submits the entry and approves it: returns the order ticket (leverage answered when asked). */
    OrderTicket enter(Signal entry, String qty) {
        LedgerEffect.AskRisk ask = only(signal(entry), LedgerEffect.AskRisk.class);
        return approve(ask, qty);
    }

    OrderTicket approve(LedgerEffect.AskRisk ask, String qty) {
        Decision d = record(ledger.onVerdict(ask.signal(), ask.orderLinkId(),
                new Verdict.Approved(new BigDecimal(qty), new BigDecimal("5"), new BigDecimal("5000")), ""));
        List<LedgerEffect.SetLeverage> lev = d.effects(LedgerEffect.SetLeverage.class);
        if (!lev.isEmpty()) {
            d = record(ledger.onLeverage(lev.get(0), true, "ok"));
        }
        return only(d, LedgerEffect.Place.class).ticket();
    }

    Decision placed(OrderTicket t) {
        return record(ledger.onPlacement(t.clientOrderId(), new PlacementResult.Accepted("oid-" + t.clientOrderId()), now));
    }

    Decision refused(OrderTicket t, RejectReason reason) {
        return record(ledger.onPlacement(t.clientOrderId(), new PlacementResult.Rejected(reason, "refused"), now));
    }

    Decision unknown(OrderTicket t) {
        return record(ledger.onPlacement(t.clientOrderId(), new PlacementResult.Unknown("read timed out"), now));
    }

    Decision account(AccountEvent e) {
        return record(ledger.onAccount(e, now));
    }

    Decision orderUpdate(OrderTicket t, String status, String cumQty, RejectReason endReason, String rejectText) {
        return record(ledger.onOrderUpdate(new AccountEvent.OrderUpdate(t.symbol(), "oid", t.clientOrderId(), t.side(),
                status, t.qty(), new BigDecimal(cumQty), BigDecimal.ZERO, t.reduceOnly(), "", rejectText, now), endReason));
    }

    Decision positionsRead(LedgerEffect.ReadPositions asked, AccountEvent.PositionUpdate... open) {
        return record(ledger.onPositionsRead(PositionsRead.ok(List.of(open), asked), now));
    }

    Decision flatten(String why) {
        return record(ledger.flattenAll(why, now));
    }

    // ------------------------------------------------------------------ account events

    static AccountEvent.Execution fill(String symbol, String linkId, Side side, String price, String qty, String fee,
                                       String closedSize, String execPnl, long timeMs) {
        return new AccountEvent.Execution(symbol, "x-" + FILL_IDS.incrementAndGet(), "oid", linkId, side,
                new BigDecimal(price), new BigDecimal(qty), new BigDecimal(fee), new BigDecimal(closedSize),
                new BigDecimal(execPnl), timeMs);
    }

    static AccountEvent.PositionUpdate open(String symbol, Side side, String size, String entry, String stop, long timeMs) {
        return new AccountEvent.PositionUpdate(symbol, side, new BigDecimal(size), new BigDecimal(entry),
                new BigDecimal(entry), new BigDecimal(stop), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, timeMs);
    }

    static AccountEvent.PositionUpdate flat(String symbol, long timeMs) {
        return AccountEvent.PositionUpdate.flat(symbol, timeMs);
    }

    static AccountEvent.PositionUpdate flatWithRealised(String symbol, String curRealisedPnl, long timeMs) {
        return new AccountEvent.PositionUpdate(symbol, null, BigDecimal.ZERO, null, null, null, null, null, null,
                new BigDecimal(curRealisedPnl), timeMs);
    }

    // ------------------------------------------------------------------ views

    PositionView position(String symbol) {
        return ledger.position(symbol).orElse(null);
    }

    OrderView order(String linkId) {
        return ledger.orders().get(linkId);
    }
}
