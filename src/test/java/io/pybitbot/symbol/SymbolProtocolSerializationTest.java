package io.pybitbot.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.CborSerializable;
import io.pybitbot.execution.ActorTestSupport;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The sharded SymbolActor's public messages cross nodes: each survives a CBOR round trip. */
class SymbolProtocolSerializationTest {
    static final ActorTestKit kit = ActorTestKit.create("SymbolProtocolSerializationTest", ActorTestSupport.config());

    @AfterAll
    static void cleanup() {
        kit.shutdownTestKit();
    }

    @Test
    void everyCrossNodeMessageRoundTrips() {
        TestProbe<SymbolActor.Snapshot> probe = kit.createTestProbe();
        List<CborSerializable> messages = List.of(
                SymbolActor.Start.INSTANCE,
                SymbolActor.Poll.INSTANCE,
                new SymbolActor.GetSnapshot(probe.getRef()),
                new SymbolActor.Snapshot("BTCUSDT", true, Map.of("5", 1_700_000_000_000L), 42, 3,
                        List.of("strategy_a", "strategy_b"), true,
                        List.of(new SymbolActor.WarmUp("strategy_a", "5", 62, 101),
                                new SymbolActor.WarmUp("strategy_b", "5", 62, 51))),
                new SymbolActor.Snapshot("ETHUSDT", true, Map.of("5", 1_700_000_000_000L), 42, 3, List.of("strategy_a"),
                        false, List.of(), "negative low", 1, new SymbolActor.StreamHealth(3, 1, 1_700_000_300_000L, 850)));
        for (CborSerializable m : messages) {
            Object back = kit.serializationTestKit().verifySerialization(m, false);
            assertEquals(m, back);
        }
    }
}
