package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BybitHostsTest {

    @Test
    void mainnetTestnetDemo() {
        assertEquals("https://api.bybit.com", BybitHosts.mainnet().rest().toString());
        assertEquals("wss://stream.bybit.com/v5/public/linear", BybitHosts.mainnet().publicLinearWs().toString());
        assertEquals("wss://stream.bybit.com/v5/private", BybitHosts.mainnet().privateWs().toString());
        assertEquals("https://api-testnet.bybit.com", BybitHosts.testnet().rest().toString());
        assertEquals("wss://stream-testnet.bybit.com/v5/public/linear", BybitHosts.testnet().publicLinearWs().toString());
        assertEquals("wss://stream-testnet.bybit.com/v5/private", BybitHosts.testnet().privateWs().toString());
        assertEquals("https://api-demo.bybit.com", BybitHosts.demo().rest().toString());
        // demo has no public stream of its own: market data comes from mainnet
        assertEquals("wss://stream.bybit.com/v5/public/linear", BybitHosts.demo().publicLinearWs().toString());
        assertEquals("wss://stream-demo.bybit.com/v5/private", BybitHosts.demo().privateWs().toString());
    }

    @Test
    void customBaseUrlDerivesWebSockets() {
        BybitHosts h = BybitHosts.custom("http://127.0.0.1:8090/");
        assertEquals("http://127.0.0.1:8090", h.rest().toString());
        assertEquals("ws://127.0.0.1:8090/v5/public/linear", h.publicLinearWs().toString());
        assertEquals("ws://127.0.0.1:8090/v5/private", h.privateWs().toString());
        assertEquals("http://127.0.0.1:8090/v5/market/time", h.restUrl("/v5/market/time"));
        BybitHosts s = BybitHosts.custom("https://sim.local/prefix");
        assertEquals("wss://sim.local/prefix/v5/private", s.privateWs().toString());
    }

    @Test
    void badBaseUrlsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BybitHosts.custom("ftp://x"));
        assertTrue(e.getMessage().contains("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> BybitHosts.custom("http://x/?a=1"));
    }

    @Test
    void networkOfNamesBybitsOwnHostsAndNothingElse() {
        assertEquals("mainnet", BybitHosts.networkOf(BybitHosts.mainnet().rest()));
        assertEquals("mainnet", BybitHosts.networkOf(BybitHosts.mainnet().privateWs()));
        assertEquals("mainnet", BybitHosts.networkOf(java.net.URI.create("https://api.bytick.com")));
        assertEquals("testnet", BybitHosts.networkOf(BybitHosts.testnet().publicLinearWs()));
        assertEquals("demo", BybitHosts.networkOf(BybitHosts.demo().rest()));
        assertEquals("demo", BybitHosts.networkOf(BybitHosts.demo().privateWs()));
        assertEquals("mainnet", BybitHosts.networkOf(BybitHosts.demo().publicLinearWs()));
        assertEquals("custom URL", BybitHosts.networkOf(java.net.URI.create("http://127.0.0.1:8090")));
        assertEquals("custom URL", BybitHosts.networkOf(java.net.URI.create("https://notbybit.com")));
    }
}
