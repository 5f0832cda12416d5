package io.pybitbot.node;

import io.pybitbot.domain.Side;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.sim.engine.SimExecution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the simulator itself recorded, read the way a crash test compares it with what a node said. */
final class SimRecords {

    /** One round trip: a position opened on {@code symbol} and went flat again. */
    record Trade(String symbol, Side side, BigDecimal size) {
        Trade {
            size = size.stripTrailingZeros();
        }

        @Override
        public String toString() {
            return side + " " + size.toPlainString() + " " + symbol;
        }
    }

    private SimRecords() {
    }

    /** Every trade the simulator closed, per symbol in the order closed: from its executions, oldest first. */
    static Map<String, List<Trade>> closedTrades(SimulatedExchange sim) {
        List<SimExecution> newestFirst = sim.core().engine().executions(x -> true);
        Map<String, BigDecimal> signedSize = new HashMap<>();
        Map<String, BigDecimal> largest = new HashMap<>();
        Map<String, List<Trade>> trades = new TreeMap<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            SimExecution x = newestFirst.get(i);
            BigDecimal before = signedSize.getOrDefault(x.symbol(), BigDecimal.ZERO);
            BigDecimal after = before.add(x.side() == Side.BUY ? x.execQty() : x.execQty().negate());
            signedSize.put(x.symbol(), after);
            boolean ended = before.signum() != 0 && before.signum() != after.signum(); // flat, or flipped
            if (ended) {
                trades.computeIfAbsent(x.symbol(), k -> new ArrayList<>()).add(new Trade(x.symbol(),
                        before.signum() > 0 ? Side.BUY : Side.SELL, largest.remove(x.symbol())));
            }
            if (after.signum() != 0) {
                largest.merge(x.symbol(), after.abs(), BigDecimal::max);
            }
        }
        return trades;
    }

    private static final Pattern CLOSED = Pattern.compile("Position closed: (BUY|SELL) ([0-9.]+) ([A-Z0-9]+) net");

    /** The trades a node's log says closed ("Position closed: BUY 0.5 ETHUSDT net ..."), per symbol in order. */
    static Map<String, List<Trade>> closedTrades(String log) {
        Map<String, List<Trade>> trades = new TreeMap<>();
        Matcher m = CLOSED.matcher(log);
        while (m.find()) {
            trades.computeIfAbsent(m.group(3), k -> new ArrayList<>())
                    .add(new Trade(m.group(3), Side.valueOf(m.group(1)), new BigDecimal(m.group(2))));
        }
        return trades;
    }

    static int count(Map<String, List<Trade>> trades) {
        return trades.values().stream().mapToInt(List::size).sum();
    }

    /** Open positions without a stop on the exchange (no stop-loss and no trailing stop). */
    static List<String> unprotected(SimulatedExchange sim) {
        List<String> bare = new ArrayList<>();
        for (PositionView p : sim.core().engine().openPositions()) {
            boolean stop = p.stopLoss() != null && p.stopLoss().signum() > 0;
            boolean trailing = p.trailingStop() != null && p.trailingStop().signum() > 0;
            if (!stop && !trailing) {
                bare.add(p.side() + " " + p.size().toPlainString() + " " + p.symbol());
            }
        }
        return bare;
    }
}
