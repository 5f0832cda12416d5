package io.pybitbot.exchange.bybit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bybit V5 HMAC-SHA256 signing. The string to sign is
 * {@code timestamp + apiKey + recvWindow + payload} where payload is the exact query string of a GET
 * (no '?') or the exact raw JSON body of a POST; the WebSocket auth signs {@code "GET/realtime" + expires}.
 * Callers must send exactly the bytes they signed.
 */
public final class BybitSigner {

    public static final String HEADER_API_KEY = "X-BAPI-API-KEY";
    public static final String HEADER_TIMESTAMP = "X-BAPI-TIMESTAMP";
    public static final String HEADER_RECV_WINDOW = "X-BAPI-RECV-WINDOW";
    public static final String HEADER_SIGN = "X-BAPI-SIGN";

    private static final String ALGORITHM = "HmacSHA256";
    private final ApiCredentials credentials;
    private final SecretKeySpec key;

    public BybitSigner(ApiCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.key = new SecretKeySpec(credentials.apiSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String apiKey() {
        return credentials.apiKey();
    }

    /** Lowercase hex HMAC-SHA256 of a REST request. */
    public String signRest(long timestampMs, long recvWindowMs, String payload) {
        return hmacHex(timestampMs + credentials.apiKey() + recvWindowMs + (payload == null ? "" : payload));
    }

    /** The four auth headers of a private REST request, in a stable order. */
    public Map<String, String> restHeaders(long timestampMs, long recvWindowMs, String payload) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(HEADER_API_KEY, credentials.apiKey());
        h.put(HEADER_TIMESTAMP, Long.toString(timestampMs));
        h.put(HEADER_RECV_WINDOW, Long.toString(recvWindowMs));
        h.put(HEADER_SIGN, signRest(timestampMs, recvWindowMs, payload));
        return h;
    }

    /** Signature for the private WebSocket {@code auth} op: HMAC of "GET/realtime" + expires. */
    public String signWsAuth(long expiresMs) {
        return hmacHex("GET/realtime" + expiresMs);
    }

    /** Constant-time check of a REST signature, as the exchange (or a test server) does. */
    public boolean verifyRest(long timestampMs, long recvWindowMs, String payload, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = signRest(timestampMs, recvWindowMs, payload).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String hmacHex(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // HmacSHA256 is mandatory on every JDK; reaching this means a broken runtime.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "BybitSigner[" + credentials + "]";
    }
}
