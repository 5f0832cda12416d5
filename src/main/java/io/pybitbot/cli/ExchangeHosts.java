package io.pybitbot.cli;

import io.pybitbot.config.ExchangeTarget;
import io.pybitbot.config.TradingMode;
import io.pybitbot.exchange.bybit.BybitHosts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that turns the configuration's {@link ExchangeTarget} into Bybit hosts, and says in
 * words where a mode will trade: the start banner of {@code run} and the output of {@code config check}
 * are both made here, so they cannot disagree.
 */
final class ExchangeHosts {

    private ExchangeHosts() {
    }

    /** The REST and WebSocket hosts of a target; the built-in simulator has none until it runs. */
    static BybitHosts of(ExchangeTarget target) {
        return switch (target.network()) {
            case MAINNET -> BybitHosts.mainnet();
            case DEMO -> BybitHosts.demo();
            case TESTNET -> BybitHosts.testnet();
            case CUSTOM -> BybitHosts.custom(target.baseUrl().orElseThrow().toString());
            case BUILT_IN_SIMULATOR -> throw new IllegalStateException(
                    "the built-in simulator's hosts are known once it has bound a port");
        };
    }

    /**
     * What {@code mode} talks to: a headline, what chose it, then each REST and WebSocket host with
     * what it is (mainnet, demo, testnet, custom URL, or the local simulator).
     *
     * @param local the running built-in simulator (sim) or paper exchange (paper); null before it runs
     */
    static List<String> describe(TradingMode mode, ExchangeTarget target, BybitHosts local) {
        List<String> out = new ArrayList<>();
        if (mode == TradingMode.PAPER) {
            BybitHosts market = of(target);
            out.add("paper: public market data from " + place(market.rest())
                    + ", orders filled locally by the paper exchange: no keys, no real orders");
            out.add("  hosts chosen by " + target.chosenBy());
            out.add(line("market REST", market.rest()));
            out.add(line("public WS", market.publicLinearWs()));
            out.add(localLine("orders REST", local == null ? null : local.rest(), "local paper exchange"));
            out.add(localLine("private WS", local == null ? null : local.privateWs(), "local paper exchange"));
            return out;
        }
        if (target.network() == ExchangeTarget.Network.BUILT_IN_SIMULATOR) {
            out.add("sim: the built-in simulator on loopback, replaying candle data: no exchange, no real money");
            out.add("  hosts chosen by " + target.chosenBy() + " (set BYBIT_BASE_URL to use a standalone simulator)");
            out.add(localLine("REST", local == null ? null : local.rest(), "built-in simulator"));
            out.add(localLine("public WS", local == null ? null : local.publicLinearWs(), "built-in simulator"));
            out.add(localLine("private WS", local == null ? null : local.privateWs(), "built-in simulator"));
            return out;
        }
        BybitHosts hosts = of(target);
        out.add(headline(mode, hosts.rest()));
        out.add("  hosts chosen by " + target.chosenBy());
        out.add(line("REST", hosts.rest()));
        out.add(line("public WS", hosts.publicLinearWs()));
        out.add(line("private WS", hosts.privateWs()));
        return out;
    }

    private static String headline(TradingMode mode, URI rest) {
        String network = BybitHosts.networkOf(rest);
        return switch (network) {
            case "mainnet" -> mode == TradingMode.LIVE ? "LIVE on Bybit MAINNET: real orders, real money"
                    : "WARNING: mode " + mode.code() + " sends orders to Bybit MAINNET: real orders, real money";
            case "demo" -> mode.code() + " on Bybit DEMO trading: a demo account at mainnet prices, no real money";
            case "testnet" -> mode.code() + " on Bybit TESTNET: test money";
            default -> mode.code() + " against a custom URL " + rest + " (not a Bybit host; e.g. a standalone simulator)";
        };
    }

    private static String place(URI rest) {
        return switch (BybitHosts.networkOf(rest)) {
            case "mainnet" -> "Bybit MAINNET";
            case "demo" -> "Bybit DEMO";
            case "testnet" -> "Bybit TESTNET";
            default -> "a custom URL " + rest;
        };
    }

    private static String line(String what, URI uri) {
        return String.format("  %-12s %s (%s)", what, uri, BybitHosts.networkOf(uri));
    }

    private static String localLine(String what, URI uri, String name) {
        return uri == null ? String.format("  %-12s %s on a free loopback port, chosen at start", what, name)
                : String.format("  %-12s %s (%s)", what, uri, name);
    }
}
