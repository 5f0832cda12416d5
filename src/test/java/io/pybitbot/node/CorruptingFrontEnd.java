package io.pybitbot.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * A hostile exchange front-end: a proxy between a node and the simulator that passes everything through but lies
 * where it hurts. The node is pointed at it with {@code --exchange-url}; REST and both WebSockets go through it.
 *
 * <ul>
 *   <li>every kline history of {@link #badSymbol} has one candle with a negative low;</li>
 *   <li>every {@code /v5/position/list} answer carries two extra, unreadable rows;</li>
 *   <li>after the first private {@code position} frame of an open position: one frame with size 1e30 and entry
 *       -5, one with a plausible-looking size a thousand times the real one;</li>
 *   <li>after the first private {@code wallet} frame once that position exists: one with equity -1,000,000, one
 *       with a thousand times the equity;</li>
 *   <li>every 40th public frame is followed by a frame that is not JSON and one of the wrong shape; the private
 *       stream gets a frame that is not JSON too.</li>
 * </ul>
 * It records when it sent the lies and every position read after them, so a test can tell a REST check from a loop.
 */
final class CorruptingFrontEnd implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActorSystem<?> system;
    private final Materializer mat;
    private final String target;
    private final String badSymbol;
    private final ServerBinding binding;

    final AtomicInteger corruptHistories = new AtomicInteger();
    final AtomicInteger corruptPositionLists = new AtomicInteger();
    final AtomicInteger garbageFrames = new AtomicInteger();
    /** Wall time the lying position frames went out, 0 before. */
    volatile long positionLieAtMs;
    volatile String positionLieSymbol = "";
    volatile long walletLieAtMs;
    /** Wall times of every {@code /v5/position/list} request. */
    final List<Long> positionReads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean positionLied = new AtomicBoolean();
    private final AtomicBoolean walletLied = new AtomicBoolean();
    private final AtomicInteger publicFrames = new AtomicInteger();

    /** @param targetBaseUrl the simulator, e.g. {@code http://127.0.0.1:41234} */
    CorruptingFrontEnd(ActorSystem<?> system, String targetBaseUrl, String badSymbol) throws Exception {
        this.system = system;
        this.mat = Materializer.matFromSystem(system);
        this.target = targetBaseUrl.replaceAll("/+$", "");
        this.badSymbol = badSymbol;
        this.binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + binding.localAddress().getPort();
    }

    private CompletionStage<HttpResponse> handle(HttpRequest request) {
        Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
        String path = request.getUri().path();
        if (upgrade.isPresent()) {
            String ws = target.replaceFirst("^http", "ws") + path;
            boolean isPrivate = path.contains("private");
            Flow<Message, Message, ?> toSim = Http.get(system).webSocketClientFlow(WebSocketRequest.create(ws));
            Flow<Message, Message, ?> flow = Flow.<Message>create().mapAsync(1, this::strict)
                    .via(toSim)
                    .mapAsync(1, this::strict)
                    .mapConcat(m -> lie(isPrivate, m));
            return CompletableFuture.completedFuture(upgrade.get().handleMessagesWith(flow));
        }
        return request.entity().toStrict(10_000, mat).thenCompose(body -> {
            String query = request.getUri().rawQueryString().map(q -> "?" + q).orElse("");
            List<HttpHeader> headers = new ArrayList<>();
            for (HttpHeader h : request.getHeaders()) {
                if (h.lowercaseName().startsWith("x-")) {
                    headers.add(h);
                }
            }
            if (path.equals("/v5/position/list")) {
                positionReads.add(System.currentTimeMillis());
            }
            HttpRequest forward = HttpRequest.create(target + path + query).withMethod(request.method())
                    .addHeaders(headers).withEntity(body);
            return Http.get(system).singleRequest(forward)
                    .thenCompose(r -> r.entity().toStrict(10_000, mat).thenApply(e -> {
                        String text = e.getData().utf8String();
                        String changed = corruptRest(path, request.getUri().query().get("symbol").orElse(""), text);
                        List<HttpHeader> back = new ArrayList<>();
                        for (HttpHeader h : r.getHeaders()) {
                            if (h.lowercaseName().startsWith("x-")) {
                                back.add(RawHeader.create(h.name(), h.value()));
                            }
                        }
                        return HttpResponse.create().withStatus(r.status()).addHeaders(back)
                                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, changed));
                    }));
        });
    }

    private CompletionStage<Message> strict(Message m) {
        if (!m.isText()) {
            return CompletableFuture.completedFuture(m);
        }
        return m.asTextMessage().getStreamedText().runFold("", String::concat, mat)
                .thenApply(TextMessage::create);
    }

    private String corruptRest(String path, String symbol, String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (path.equals("/v5/market/kline") && symbol.equals(badSymbol)) {
                ArrayNode list = (ArrayNode) root.path("result").path("list");
                if (list.size() > 1) {
                    ((ArrayNode) list.get(1)).set(3, JSON.getNodeFactory().textNode("-5"));
                    corruptHistories.incrementAndGet();
                }
            } else if (path.equals("/v5/position/list") && root.path("result").path("list").isArray()) {
                ArrayNode list = (ArrayNode) root.path("result").path("list");
                ObjectNode unreadable = JSON.createObjectNode().put("symbol", badSymbol).put("side", "Buy")
                        .put("size", "12x").put("avgPrice", "2000").put("positionIdx", 0);
                ObjectNode huge = JSON.createObjectNode().put("symbol", "XRPUSDT").put("side", "Sell")
                        .put("size", "9".repeat(40)).put("avgPrice", "0.5").put("positionIdx", 0);
                list.insert(0, unreadable);
                list.add(huge);
                corruptPositionLists.incrementAndGet();
            } else {
                return body;
            }
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            return body;
        }
    }

    private List<Message> lie(boolean isPrivate, Message m) {
        List<Message> out = new ArrayList<>();
        out.add(m);
        if (!m.isText()) {
            return out;
        }
        String text = m.asTextMessage().getStrictText();
        if (!isPrivate) {
            if (publicFrames.incrementAndGet() % 40 == 0) {
                out.add(TextMessage.create("}{ not json"));
                out.add(TextMessage.create("{\"topic\":\"kline.5.BTCUSDT\",\"type\":\"snapshot\",\"data\":\"garbage\"}"));
                garbageFrames.addAndGet(2);
            }
            return out;
        }
        try {
            JsonNode frame = JSON.readTree(text);
            String topic = frame.path("topic").asText("");
            if (topic.equals("position") && !positionLied.get()) {
                for (JsonNode row : frame.path("data")) {
                    BigDecimal size = new BigDecimal(row.path("size").asText("0"));
                    if (size.signum() > 0 && positionLied.compareAndSet(false, true)) {
                        out.add(TextMessage.create(withRow(frame, ((ObjectNode) row.deepCopy())
                                .put("size", "1e30").put("entryPrice", "-5"))));
                        out.add(TextMessage.create(withRow(frame, ((ObjectNode) row.deepCopy())
                                .put("size", size.multiply(BigDecimal.valueOf(1000)).toPlainString()))));
                        out.add(TextMessage.create("not json at all"));
                        garbageFrames.incrementAndGet();
                        positionLieSymbol = row.path("symbol").asText();
                        positionLieAtMs = System.currentTimeMillis();
                    }
                }
            } else if (topic.equals("wallet") && positionLied.get() && walletLied.compareAndSet(false, true)) {
                JsonNode account = frame.path("data").path(0);
                BigDecimal equity = new BigDecimal(account.path("totalEquity").asText("0"));
                out.add(TextMessage.create(withRow(frame, ((ObjectNode) account.deepCopy())
                        .put("totalEquity", "-1000000"))));
                out.add(TextMessage.create(withRow(frame, ((ObjectNode) account.deepCopy())
                        .put("totalEquity", equity.multiply(BigDecimal.valueOf(1000)).toPlainString()))));
                walletLieAtMs = System.currentTimeMillis();
            }
        } catch (Exception e) {
            // not ours to judge: passed on as it came
        }
        return out;
    }

    private static String withRow(JsonNode frame, ObjectNode row) throws Exception {
        ObjectNode copy = frame.deepCopy();
        copy.putArray("data").add(row);
        return JSON.writeValueAsString(copy);
    }

    @Override
    public void close() {
        binding.unbind().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
