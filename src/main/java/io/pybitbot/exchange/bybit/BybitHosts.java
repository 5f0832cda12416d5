package io.pybitbot.exchange.bybit;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where to reach Bybit: REST base, public linear WebSocket and private WebSocket.
 *
 * <p>Demo trading serves only the private stream; its public market data comes from mainnet, so
 * {@link #demo()} points the public stream at mainnet (sending public topics to the demo host fails
 * with "Params Error").
 */
public record BybitHosts(String name, URI rest, URI publicLinearWs, URI privateWs) {

    public static final String MAINNET_REST = "https://api.bybit.com";
    public static final String TESTNET_REST = "https://api-testnet.bybit.com";
    public static final String DEMO_REST = "https://api-demo.bybit.com";
    public static final String MAINNET_WS = "wss://stream.bybit.com";
    public static final String TESTNET_WS = "wss://stream-testnet.bybit.com";
    public static final String DEMO_WS = "wss://stream-demo.bybit.com";
    static final String PUBLIC_LINEAR_PATH = "/v5/public/linear";
    static final String PRIVATE_PATH = "/v5/private";

    public BybitHosts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(publicLinearWs, "publicLinearWs");
        Objects.requireNonNull(privateWs, "privateWs");
    }

    public static BybitHosts mainnet() {
        return new BybitHosts("mainnet", URI.create(MAINNET_REST),
                URI.create(MAINNET_WS + PUBLIC_LINEAR_PATH), URI.create(MAINNET_WS + PRIVATE_PATH));
    }

    public static BybitHosts testnet() {
        return new BybitHosts("testnet", URI.create(TESTNET_REST),
                URI.create(TESTNET_WS + PUBLIC_LINEAR_PATH), URI.create(TESTNET_WS + PRIVATE_PATH));
    }

    public static BybitHosts demo() {
        return new BybitHosts("demo", URI.create(DEMO_REST),
                URI.create(MAINNET_WS + PUBLIC_LINEAR_PATH), URI.create(DEMO_WS + PRIVATE_PATH));
    }

    /**
     * Any base URL, e.g. the local simulator {@code http://127.0.0.1:8090}. WebSockets are derived
     * from it: http becomes ws, https becomes wss, with the usual V5 paths.
     */
    public static BybitHosts custom(String baseUrl) {
        URI base = parseBase(baseUrl);
        String wsScheme = base.getScheme().equals("https") ? "wss" : "ws";
        String authority = base.getRawAuthority();
        String prefix = stripTrailingSlash(base.getRawPath() == null ? "" : base.getRawPath());
        return new BybitHosts("custom", URI.create(base.getScheme() + "://" + authority + prefix),
                URI.create(wsScheme + "://" + authority + prefix + PUBLIC_LINEAR_PATH),
                URI.create(wsScheme + "://" + authority + prefix + PRIVATE_PATH));
    }

    /**
     * What a URL points at, by its host: {@code mainnet}, {@code demo}, {@code testnet} for Bybit's own
     * hosts, else {@code custom URL}. Lets a banner say plainly when a "custom" URL is in fact mainnet.
     */
    public static String networkOf(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!(host.equals("bybit.com") || host.endsWith(".bybit.com") || host.equals("bytick.com")
                || host.endsWith(".bytick.com"))) {
            return "custom URL";
        }
        if (host.contains("testnet")) {
            return "testnet";
        }
        return host.contains("demo") ? "demo" : "mainnet";
    }

    private static URI parseBase(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Bybit base URL '" + baseUrl + "' is not a valid URI", e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("Bybit base URL '" + baseUrl
                    + "' must look like http(s)://host[:port][/prefix]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Bybit base URL '" + baseUrl + "' must not carry a query or fragment");
        }
        return uri;
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Full REST URL for a V5 path such as {@code /v5/market/time}. */
    public String restUrl(String path) {
        return rest.toString() + path;
    }
}
