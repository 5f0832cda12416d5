package io.pybitbot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A bounded ring of (time, equity, drawdown) samples for the dashboard's chart, fed with the status samples the
 * metrics take (every 2 s). The oldest sample goes when the ring is full, so memory stays fixed on a node that runs
 * for weeks; the chart then shows the last {@code capacity} samples.
 */
final class EquityHistory {

    record Point(long timeMs, double equity, double drawdownPct) {}

    private final int capacity;
    private final Deque<Point> points = new ArrayDeque<>();

    EquityHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds the sample's equity unless Risk did not answer (no equity) or the node has no account yet. */
    synchronized void add(long timeMs, JsonNode status) {
        JsonNode risk = status.path("risk");
        if (!risk.path("equity").isNumber() || risk.path("equity").asDouble() <= 0) {
            return;
        }
        if (!points.isEmpty() && points.peekLast().timeMs() >= timeMs) {
            return; // never a step back in time: uPlot needs ascending x
        }
        points.addLast(new Point(timeMs, risk.path("equity").asDouble(), risk.path("drawdownPct").asDouble()));
        while (points.size() > capacity) {
            points.removeFirst();
        }
    }

    synchronized java.util.List<Point> points() {
        return java.util.List.copyOf(points);
    }

    /** {@code [[timeMs, equity, drawdownPct], ...]}, oldest first. */
    ArrayNode json() {
        ArrayNode a = NodeReport.JSON.createArrayNode();
        for (Point p : points()) {
            a.addArray().add(p.timeMs()).add(p.equity()).add(p.drawdownPct());
        }
        return a;
    }
}
