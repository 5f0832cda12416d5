package io.pybitbot.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** Starts actor systems on a real journal database, one after another, as restarts of a node would. */
final class JournalFixture {

    static final Config BASE = ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.actor.serialization-bindings { "io.pybitbot.CborSerializable" = jackson-cbor }
            pekko.loglevel = WARNING
            """);

    private JournalFixture() {
    }

    static ActorTestKit system(Journal journal, String name) {
        return ActorTestKit.create(name, journal.pekkoConfig().withFallback(BASE).withFallback(ConfigFactory.load()));
    }

    /** Adds {@code n} in a fresh actor system on the journal and returns the counter's total. */
    static long addInFreshSystem(Journal journal, String id, long n) {
        ActorTestKit kit = system(journal, "journal-" + Math.abs(id.hashCode()));
        try {
            ActorRef<JournalCounter.Cmd> counter = kit.spawn(JournalCounter.create(id));
            TestProbe<Long> probe = kit.createTestProbe();
            counter.tell(new JournalCounter.Add(n, probe.getRef()));
            return probe.receiveMessage(Duration.ofSeconds(20));
        } finally {
            kit.shutdownTestKit();
        }
    }
}
