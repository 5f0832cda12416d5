package io.pybitbot.exchange.bybit;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
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

    /** Hosts by environment name: {@code mainnet}, {@code testnet}, {@code demo}, or an http(s) URL. */
    public static BybitHosts named(String environment) {
        Objects.requireNonNull(environment, "environment");
        String env = environment.trim().toLowerCase(Locale.ROOT);
        switch (env) {
            case "mainnet": case "live": return mainnet();
            case "testnet": return testnet();
            case "demo": return demo();
            default:
                if (env.startsWith("http://") || env.startsWith("https://")) {
                    return custom(environment.trim());
                }
                throw new IllegalArgumentException("unknown Bybit environment '" + environment
                        + "', expected mainnet, testnet, demo or an http(s):// base URL");
        }
    }

    /**
     * Resolves hosts from variables (environment merged with .env): {@code BYBIT_BASE_URL} wins if set
     * (simulator), then {@code BYBIT_DEMO=true}, then {@code BYBIT_TESTNET} (default true: a fresh
     * checkout never talks to mainnet by accident).
     */
    public static BybitHosts fromVariables(Map<String, String> vars) {
        String base = vars.get("BYBIT_BASE_URL");
        if (base != null && !base.isBlank()) {
            return custom(base.trim());
        }
        if (parseFlag(vars, "BYBIT_DEMO", false)) {
            return demo();
        }
        return parseFlag(vars, "BYBIT_TESTNET", true) ? testnet() : mainnet();
    }

    private static boolean parseFlag(Map<String, String> vars, String name, boolean dflt) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": return true;
            case "false": case "0": case "no": return false;
            default: throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
        }
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
