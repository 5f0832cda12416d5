package io.pybitbot.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ledger's facts and its snapshot are what a journal stores: every fact type round-trips through CBOR
 * (the wire format of {@link CborSerializable}), and a new fact type fails here until it is added.
 */
class LedgerEventSerializationTest {

    private final ObjectMapper cbor = new CBORMapper();

    /** A run that records every kind of fact. */
    private LedgerHarness busyRun() {
        LedgerHarness h = new LedgerHarness();
        long t0 = LedgerHarness.T0;
        // an entry that waits for another on its way, decided when Risk does not answer the first
        var first = LedgerHarness.only(h.signal(Signal.entry("c", "ETHUSDT", Side.BUY, 2000, 1950, 2100, t0, "")),
                LedgerEffect.AskRisk.class);
        h.signal(Signal.entry("d", "ETHUSDT", Side.BUY, 2000, 1950, 2100, t0, ""));
        var second = LedgerHarness.only(h.record(h.ledger.onVerdict(first.signal(), first.orderLinkId(), null,
                "timeout")), LedgerEffect.AskRisk.class);
        h.record(h.ledger.onVerdict(second.signal(), second.orderLinkId(), null, "timeout"));
        var entry = h.enter(Signal.entry("a", "BTCUSDT", Side.SELL, 30000, 30600, 29000, t0, "x"), "0.2");
        h.placed(entry);
        h.orderUpdate(entry, "Filled", "0.2", null, "EC_NoError");
        h.account(LedgerHarness.fill("BTCUSDT", entry.clientOrderId(), Side.SELL, "30000", "0.2", "3", "0", "0", t0));
        h.account(LedgerHarness.open("BTCUSDT", Side.SELL, "0.2", "30000", "30600", t0 + 1));
        h.account(LedgerHarness.open("ETHUSDT", Side.BUY, "1.00", "2000.00", "1950.00", t0));
        h.account(LedgerHarness.fill("ETHUSDT", "e", Side.BUY, "2000", "1", "1", "0", "0", t0));
        h.signal(Signal.exit("b", "ETHUSDT", Side.BUY, 1, t0, "")); // unknown owner: closes it
        h.signal(Signal.entry("zz", "DOGEUSDT", Side.BUY, 1, 0.9, 1.2, t0, "")); // denied
        var reversalClose = LedgerHarness.only(h.signal(Signal.entry("a", "BTCUSDT", Side.BUY, 30000, 29000, 31000,
                t0 + 60_000, "")), LedgerEffect.Place.class).ticket();
        h.orderUpdate(reversalClose, "Deactivated", "0", io.pybitbot.domain.RejectReason.REDUCE_ONLY_NOT_SATISFIED,
                "EC_ReduceOnlyNoPosition");
        h.flatten("halt");
        h.account(LedgerHarness.fill("BTCUSDT", "", Side.BUY, "30600", "0.2", "3", "0.2", "-120", t0 + 120_000));
        h.account(LedgerHarness.open("BTCUSDT", Side.SELL, "0.2", "30000", "30500", t0 + 100_000)); // stale
        h.account(LedgerHarness.flat("BTCUSDT", t0 + 120_000));
        var ethClose = h.ledger.orders().values().stream().filter(o -> o.symbol().equals("ETHUSDT")).findFirst()
                .orElseThrow();
        h.record(h.ledger.onPlacement(ethClose.orderLinkId(), new io.pybitbot.domain.PlacementResult.Rejected(
                io.pybitbot.domain.RejectReason.REDUCE_ONLY_NOT_SATISFIED, "110017"), t0));
        return h;
    }

    @Test
    void everyFactRoundTripsThroughCbor() throws Exception {
        LedgerHarness h = busyRun();
        Set<Class<?>> seen = new HashSet<>();
        for (LedgerEvent e : h.facts) {
            byte[] bytes = cbor.writeValueAsBytes(e);
            assertEquals(e, cbor.readValue(bytes, e.getClass()), e.getClass().getSimpleName());
            seen.add(e.getClass());
        }
        Set<Class<?>> missing = new HashSet<>(List.of(LedgerEvent.class.getPermittedSubclasses()));
        missing.removeAll(seen);
        // the rest, one by one
        for (LedgerEvent e : List.<LedgerEvent>of(new LedgerEvent.LeverageSet("BTCUSDT"),
                new LedgerEvent.ReversalsCleared(), new LedgerEvent.ForgottenOwnersCleared(),
                new LedgerEvent.OrderFailed("id"), new LedgerEvent.OrderRejected("id", true, "x"),
                new LedgerEvent.OwnerRemembered("BTCUSDT", "a"), new LedgerEvent.ReconcileEnded(),
                new LedgerEvent.OwnerPending("BTCUSDT", "a"), new LedgerEvent.ReversalEnded("BTCUSDT"),
                new LedgerEvent.PositionAdopted("BTCUSDT", "a"), new LedgerEvent.SessionRestarted(), new LedgerEvent.OrderAdopted(new OrderView("id", "ETHUSDT", "",
                        OrderLinkIds.Kind.ENTRY, Side.BUY, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO,
                        java.math.BigDecimal.ZERO, "New", "o", java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, "adopted")),
                new LedgerEvent.EntryResentBare("id", "StopLoss:1 set for Buy position should be lower than base_price:0.9"),
                new LedgerEvent.EntryProtectionSent("id"), new LedgerEvent.EntryLookupStarted("ETHUSDT"),
                new LedgerEvent.EntryLookupEnded("ETHUSDT"), new LedgerEvent.LimitCandleCounted("id"),
                new LedgerEvent.LimitExpired("id", true), new LedgerEvent.LimitCancelFailed("id"))) {
            assertEquals(e, cbor.readValue(cbor.writeValueAsBytes(e), e.getClass()));
            missing.remove(e.getClass());
        }
        assertTrue(missing.isEmpty(), "fact types never serialized here: " + missing);
        assertTrue(LedgerEvent.class.getInterfaces()[0] == CborSerializable.class);
    }

    @Test
    void theSnapshotRoundTripsThroughCbor() throws Exception {
        LedgerSnapshot snapshot = busyRun().ledger.snapshot();
        assertEquals(snapshot, cbor.readValue(cbor.writeValueAsBytes(snapshot), LedgerSnapshot.class));
    }
}
