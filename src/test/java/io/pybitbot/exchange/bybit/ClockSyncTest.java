package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clock sync and signing against a local fake Bybit whose answers are delayed (real time, real sockets). */
class ClockSyncTest {

    /** One pooled connection, so a second request must wait for the first to finish. */
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "pekko.http.host-connection-pool.max-connections = 1").withFallback(ConfigFactory.load()));
    private static final ApiCredentials CREDS = new ApiCredentials("TESTKEY0001", "TESTSECRET0001");
    private static final long SKEW_MS = 5_000;

    private FakeBybitServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeBybitServer(testKit.system(), CREDS, InstantSource.system());
        server.setSkew(SKEW_MS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private BybitRestApi api(long recvWindowMs) {
        BybitRestApi.Config cfg = new BybitRestApi.Config(recvWindowMs, Duration.ofSeconds(10), 3, Duration.ofMinutes(10),
                Duration.ofMillis(100));
        return new BybitRestApi(testKit.system(), BybitHosts.custom(server.baseUrl()), Optional.of(CREDS),
                InstantSource.system(), cfg, Delayer.pekko(testKit.system()), BybitRateLimits.newLimiter());
    }

    private static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theSampleWithTheShortestRoundTripSetsTheOffset() throws Exception {
        // the first two answers are stamped on arrival and held back 1.6 s: alone, either would put the
        // offset about 800 ms too low (half the delay)
        server.script("/v5/market/time", new FakeBybitServer.RespondLate(Duration.ofMillis(1600)),
                new FakeBybitServer.RespondLate(Duration.ofMillis(1600)));
        BybitRestApi api = api(5000);
        long offset = await(api.syncClock()).orThrow();
        assertEquals(BybitRestApi.CLOCK_SAMPLES, server.seen("/v5/market/time").size());
        assertTrue(Math.abs(offset - SKEW_MS) < 300, "offset " + offset + " should be within 300 ms of " + SKEW_MS);
        assertEquals(offset, api.clockOffsetMs());
    }

    @Test
    void aRequestQueuedBehindASlowOneIsSignedWhenItIsSent() throws Exception {
        BybitRestApi api = api(1000);
        await(api.syncClock()).orThrow();
        int timeSamples = server.seen("/v5/market/time").size();
        server.script("/v5/position/list", new FakeBybitServer.RespondLate(Duration.ofMillis(2500)));
        var slow = api.positions(Optional.empty(), Optional.empty());
        var queued = api.walletBalance(Optional.of("USDT")); // waits 2.5 s for the only connection
        assertInstanceOf(BybitResult.Ok.class, await(slow));
        assertInstanceOf(BybitResult.Ok.class, await(queued));
        assertEquals(0, server.staleTimestamps(), "signed before waiting, it would be 2.5 s old: outside the 1 s window");
        assertEquals(1, server.seen("/v5/account/wallet-balance").size(), "no re-signed retry was needed");
        assertEquals(timeSamples, server.seen("/v5/market/time").size(), "no re-sync was needed");
    }

    @Test
    void aTimestampRejectionResyncsWithSeveralSamples() throws Exception {
        BybitRestApi api = api(5000); // offset 0: 5 s behind the server, at the edge of the window
        server.setSkew(30_000);
        assertInstanceOf(BybitResult.Ok.class, await(api.walletBalance(Optional.of("USDT"))));
        assertEquals(1, server.staleTimestamps());
        assertEquals(BybitRestApi.CLOCK_SAMPLES, server.seen("/v5/market/time").size());
        assertTrue(Math.abs(api.clockOffsetMs() - 30_000) < 300, "offset " + api.clockOffsetMs());
    }

    @Test
    void periodicResyncFollowsADriftingServer() throws Exception {
        BybitRestApi api = api(5000);
        await(api.syncClock()).orThrow();
        Runnable stop = api.resyncClockEvery(Duration.ofMillis(300));
        server.setSkew(12_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Math.abs(api.clockOffsetMs() - 12_000) > 300 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.run();
        assertTrue(Math.abs(api.clockOffsetMs() - 12_000) <= 300, "offset " + api.clockOffsetMs() + " followed the server");
    }
}
