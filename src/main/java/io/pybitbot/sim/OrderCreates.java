package io.pybitbot.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's log of every order create it answered ({@code POST /v5/order/create}, and each order of a
 * {@code /v5/order/create-batch}), accepted or refused: the record a
 * test reads to prove an intent was never sent twice (a second send of an {@code orderLinkId} is refused with
 * 110072 and leaves no order, so the orders alone would not show it).
 *
 * <p>Also the crash tests' trap: {@link #silenceAfterNextEntry()} lets the next entry (a create that is not
 * reduce-only) be executed, then withholds its answer and every private and public stream frame until
 * {@link #endSilence()}: to the client the order is on its way, while the exchange already holds it (filled, if
 * it was a market order), which is the state a node killed right after sending leaves behind.
 */
public final class OrderCreates {

    /**
     * @param retCode the answer's Bybit retCode (0 = placed); -1 when the answer carried none (HTTP error)
     */
    public record Attempt(String orderLinkId, String symbol, boolean reduceOnly, int retCode, long wallMs) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicReference<CompletableFuture<Attempt>> trap = new AtomicReference<>();
    private volatile CompletableFuture<Void> silence = CompletableFuture.completedFuture(null);

    /** Every create answered so far, in the order answered. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /**
     * Arms the trap; completes with the entry that sprang it. The simulator stays silent from then on until
     * {@link #endSilence()}.
     */
    public CompletableFuture<Attempt> silenceAfterNextEntry() {
        CompletableFuture<Attempt> f = new CompletableFuture<>();
        silence = new CompletableFuture<>();
        trap.set(f);
        return f;
    }

    /** Answers what was withheld (to whoever still listens) and lets the streams speak again. */
    public void endSilence() {
        trap.set(null);
        silence.complete(null);
    }

    /** Whether the create (or batch) with this body would spring the trap (an entry while armed). */
    boolean springs(String body) {
        if (trap.get() == null) {
            return false;
        }
        for (JsonNode order : orders(read(body))) {
            if (!isReduceOnly(order)) {
                return true;
            }
        }
        return false;
    }

    /** The orders of a create's body: itself, or each of a batch's {@code request}. */
    private static List<JsonNode> orders(JsonNode req) {
        JsonNode batch = req.get("request");
        if (batch == null || !batch.isArray()) {
            return List.of(req);
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        batch.forEach(out::add);
        return out;
    }

    /**
     * Records one answered create. When {@code trapped} and the order was placed, springs the trap and returns
     * the future the answer waits for; otherwise null (answer at once).
     */
    CompletableFuture<Void> record(String requestBody, String answerBody, long wallMs, boolean trapped) {
        JsonNode res = read(answerBody);
        List<JsonNode> orders = orders(read(requestBody));
        JsonNode codes = res.path("retExtInfo").path("list");
        Attempt a = null;
        for (int i = 0; i < orders.size(); i++) {
            JsonNode req = orders.get(i);
            int retCode = res.path("retCode").asInt(-1);
            if (retCode == 0 && codes.isArray()) {
                retCode = codes.path(i).path("code").asInt(-1); // a batch: each order has its own
            }
            Attempt one = new Attempt(req.path("orderLinkId").asText(""), req.path("symbol").asText(""),
                    isReduceOnly(req), retCode, wallMs);
            attempts.add(one);
            if (a == null && one.retCode() == 0 && !one.reduceOnly()) {
                a = one;
            }
        }
        if (!trapped || a == null) {
            return null;
        }
        CompletableFuture<Attempt> sprung = trap.getAndSet(null);
        if (sprung == null) {
            return null;
        }
        CompletableFuture<Void> held = silence;
        sprung.complete(a);
        return held;
    }

    private static boolean isReduceOnly(JsonNode req) {
        JsonNode r = req.path("reduceOnly");
        return r.asBoolean(false) || "true".equals(r.asText(""));
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
