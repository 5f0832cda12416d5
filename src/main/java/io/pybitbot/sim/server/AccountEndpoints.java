package io.pybitbot.sim.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.sim.engine.SimRejection;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The account-description endpoints general-purpose clients (ccxt, SDKs) call before trading, answered as Bybit
 * answers them for a one-way-mode Unified Trading Account (UTA 2.0) on USDT perpetuals:
 * {@code /v5/user/query-api}, {@code /v5/account/info}, {@code /v5/account/fee-rate} and
 * {@code /v5/asset/coin/query-info}. Nothing here changes state.
 */
final class AccountEndpoints {

    /** The simulated account's user id (one account per simulator). */
    static final long USER_ID = 100_000_001L;
    /** Bybit's {@code unifiedMarginStatus} for a UTA 2.0 account. */
    static final int UTA_2 = 5;

    private AccountEndpoints() {
    }

    /** {@code GET /v5/user/query-api}: the key's own record (trade permissions on contracts, no IP binding). */
    static ObjectNode apiKeyInfo(String apiKey, long createdMs) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", "1");
        n.put("note", "simulator");
        n.put("apiKey", apiKey);
        n.put("readOnly", 0);
        n.put("secret", "");
        ObjectNode perms = n.putObject("permissions");
        perms.putArray("ContractTrade").add("Order").add("Position");
        for (String none : new String[] {"Spot", "Wallet", "Options", "Derivatives", "CopyTrading", "BlockTrade",
                "Exchange", "NFT", "Affiliate"}) {
            perms.putArray(none);
        }
        n.putArray("ips").add("*");
        n.put("type", 1);
        n.put("deadlineDay", -2); // Bybit: no expiry for a key bound to no IP is reported as -2
        n.put("expiredAt", "");
        n.put("createdAt", java.time.Instant.ofEpochMilli(createdMs).toString());
        n.put("unified", 0);
        n.put("uta", 1);
        n.put("userID", USER_ID);
        n.put("inviterID", 0);
        n.put("vipLevel", "No VIP");
        n.put("mktMakerLevel", "0");
        n.put("affiliateID", 0);
        n.put("rsaPublicKey", "");
        n.put("isMaster", true);
        n.put("parentUid", "0");
        n.put("kycLevel", "LEVEL_DEFAULT");
        n.put("kycRegion", "");
        return n;
    }

    /** {@code GET /v5/account/info}: cross margin (REGULAR_MARGIN), UTA 2.0, no disconnect protection. */
    static ObjectNode accountInfo(long updatedMs) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("unifiedMarginStatus", UTA_2);
        n.put("marginMode", "REGULAR_MARGIN");
        n.put("isMasterTrader", false);
        n.put("spotHedgingStatus", "OFF");
        n.put("updatedTime", Long.toString(updatedMs));
        n.put("dcpStatus", "OFF");
        n.put("timeWindow", 10);
        n.put("smpGroup", 0);
        return n;
    }

    /** {@code GET /v5/account/fee-rate}: the fill model's taker and maker rates for each (or one) symbol. */
    static ObjectNode feeRate(Map<String, String> p, Collection<InstrumentSpec> specs, FeeSchedule fees) {
        String category = p.getOrDefault("category", "spot");
        if (!category.equals("linear")) {
            throw new SimRejection(10001, "Illegal category: the simulator serves category=linear only");
        }
        String symbol = p.get("symbol");
        String baseCoin = p.get("baseCoin");
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("category", "linear");
        ArrayNode list = n.putArray("list");
        boolean found = false;
        for (InstrumentSpec s : specs) {
            if ((symbol == null || s.symbol().equals(symbol)) && (baseCoin == null || baseCoin(s).equals(baseCoin))) {
                ObjectNode row = list.addObject();
                row.put("symbol", s.symbol());
                row.put("baseCoin", "");
                row.put("takerFeeRate", plain(fees.takerRate()));
                row.put("makerFeeRate", plain(fees.makerRate()));
                found = true;
            }
        }
        if (symbol != null && !found) {
            throw new SimRejection(10001, "params error: symbol " + symbol + " is not listed");
        }
        return n;
    }

    /**
     * {@code GET /v5/asset/coin/query-info}: the coins of the listed contracts (settle coin USDT and each base
     * coin). The simulator has no deposit or withdrawal, so no chain is offered.
     */
    static ObjectNode coins(Map<String, String> p, Collection<InstrumentSpec> specs) {
        Set<String> coins = new LinkedHashSet<>();
        coins.add("USDT");
        specs.forEach(s -> coins.add(baseCoin(s)));
        String only = p.get("coin");
        ObjectNode n = Wire.JSON.createObjectNode();
        ArrayNode rows = n.putArray("rows");
        for (String c : coins) {
            if (only == null || only.equals(c)) {
                ObjectNode row = rows.addObject();
                row.put("name", c);
                row.put("coin", c);
                row.put("remainAmount", "0");
                row.putArray("chains");
            }
        }
        return n;
    }

    static String baseCoin(InstrumentSpec s) {
        return s.symbol().endsWith("USDT") ? s.symbol().substring(0, s.symbol().length() - 4) : s.symbol();
    }

    private static String plain(BigDecimal rate) {
        return rate.stripTrailingZeros().toPlainString();
    }
}
