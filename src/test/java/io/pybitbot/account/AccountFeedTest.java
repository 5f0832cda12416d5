package io.pybitbot.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pybitbot.execution.ActorTestSupport;
import java.math.BigDecimal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AccountFeedTest {

    private static final ActorTestKit kit = ActorTestKit.create("AccountFeedTest", ActorTestSupport.config());

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private static AccountFeed.Stats stats(ActorRef<AccountFeed.Command> feed) {
        TestProbe<AccountFeed.Stats> p = kit.createTestProbe();
        feed.tell(new AccountFeed.GetStats(p.getRef()));
        return p.receiveMessage(ActorTestSupport.WAIT);
    }

    @Test
    void everySubscriberGetsEveryInjectedEventInOrder() {
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
        TestProbe<AccountEvent> a = kit.createTestProbe();
        TestProbe<AccountEvent> b = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(a.getRef()));
        feed.tell(new AccountFeed.Subscribe(b.getRef()));
        feed.tell(new AccountFeed.Subscribe(a.getRef())); // twice is once

        AccountEvent wallet = new AccountEvent.WalletUpdate(new BigDecimal("1000"), null, null, 1L);
        AccountEvent flat = AccountEvent.PositionUpdate.flat("BTCUSDT", 2L);
        feed.tell(new AccountFeed.Inject(wallet));
        feed.tell(new AccountFeed.Inject(flat));

        for (TestProbe<AccountEvent> p : java.util.List.of(a, b)) {
            p.expectMessage(wallet);
            p.expectMessage(flat);
        }
        AccountFeed.Stats s = stats(feed);
        assertEquals(2, s.subscribers());
        assertEquals(2, s.events());
        assertFalse(s.streaming(), "no socket without stream settings");
    }

    @Test
    void aStoppedSubscriberIsDropped() {
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
        TestProbe<AccountEvent> gone = kit.createTestProbe();
        TestProbe<AccountEvent> stays = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(gone.getRef()));
        feed.tell(new AccountFeed.Subscribe(stays.getRef()));
        gone.stop();
        TestProbe<AccountFeed.Stats> p = kit.createTestProbe();
        p.awaitAssert(ActorTestSupport.WAIT, () -> {
            assertEquals(1, stats(feed).subscribers());
            return null;
        });
        AccountEvent e = AccountEvent.PositionUpdate.flat("ETHUSDT", 3L);
        feed.tell(new AccountFeed.Inject(e));
        stays.expectMessage(e);
    }
}
