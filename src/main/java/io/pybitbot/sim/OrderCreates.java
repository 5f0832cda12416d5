package io.pybitbot.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's log of every {@code POST /v5/order/create} it answered, accepted or refused: the record a
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

    /** Whether the create with this body would spring the trap (an entry while armed). */
    boolean springs(String body) {
        return trap.get() != null && !isReduceOnly(read(body));
    }

    /**
     * Records one answered create. When {@code trapped} and the order was placed, springs the trap and returns
     * the future the answer waits for; otherwise null (answer at once).
     */
    CompletableFuture<Void> record(String requestBody, String answerBody, long wallMs, boolean trapped) {
        JsonNode req = read(requestBody);
        JsonNode res = read(answerBody);
        Attempt a = new Attempt(req.path("orderLinkId").asText(""), req.path("symbol").asText(""), isReduceOnly(req),
                res.path("retCode").asInt(-1), wallMs);
        attempts.add(a);
        if (!trapped || a.retCode() != 0) {
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
