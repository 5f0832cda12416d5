package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BybitSignerTest {

    private static final ApiCredentials CREDS = new ApiCredentials("XXXXXXXXXX", "YYYYYYYYYY");
    private static final long TS = 1658384314791L;
    private final BybitSigner signer = new BybitSigner(CREDS);

    @Test
    void getVectorFromReference() {
        assertEquals("6a9f63fe296ae0989e381888863256d62fc6d7e594b5118737591b952e9993de",
                signer.signRest(TS, 5000, "category=linear&symbol=BTCUSDT"));
    }

    @Test
    void compactPostVectorFromReference() {
        String body = "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.001\"}";
        assertEquals("adfaf08ce460979eef1c50a624a80811df77afc845548cbd33b39f9c5914e9bd", signer.signRest(TS, 5000, body));
    }

    @Test
    void spacedPostBodySignsDifferentlyBecauseBytesDiffer() {
        String body = "{\"category\": \"linear\", \"symbol\": \"BTCUSDT\", \"side\": \"Buy\", \"orderType\": \"Market\", \"qty\": \"0.001\"}";
        assertEquals("99bb680a3c4aaf1021fa5bbd2c3f18ec81b080e1572d82f5381a677ca5aae744", signer.signRest(TS, 5000, body));
    }

    @Test
    void wsAuthVectorFromReference() {
        assertEquals("9c4c0629fddfee26ca0da50a7fed51968fce6935d34b02e772d3bd0c34327bd1", signer.signWsAuth(1662350400000L));
    }

    @Test
    void headersCarryTheSignedValues() {
        Map<String, String> h = signer.restHeaders(TS, 5000, "category=linear&symbol=BTCUSDT");
        assertEquals(List.of("X-BAPI-API-KEY", "X-BAPI-TIMESTAMP", "X-BAPI-RECV-WINDOW", "X-BAPI-SIGN"), List.copyOf(h.keySet()));
        assertEquals("XXXXXXXXXX", h.get("X-BAPI-API-KEY"));
        assertEquals("1658384314791", h.get("X-BAPI-TIMESTAMP"));
        assertEquals("5000", h.get("X-BAPI-RECV-WINDOW"));
        assertEquals("6a9f63fe296ae0989e381888863256d62fc6d7e594b5118737591b952e9993de", h.get("X-BAPI-SIGN"));
    }

    @Test
    void emptyGetSignsPrefixOnly() {
        assertEquals(signer.signRest(TS, 5000, ""), signer.signRest(TS, 5000, null));
        assertFalse(signer.signRest(TS, 5000, "").equals(signer.signRest(TS, 5001, "")));
    }

    @Test
    void verifyAcceptsOwnSignatureAndRejectsTampering() {
        String sig = signer.signRest(TS, 5000, "a=1");
        assertTrue(signer.verifyRest(TS, 5000, "a=1", sig));
        assertFalse(signer.verifyRest(TS, 5000, "a=2", sig));
        assertFalse(signer.verifyRest(TS + 1, 5000, "a=1", sig));
        assertFalse(signer.verifyRest(TS, 5000, "a=1", null));
    }

    @Test
    void secretsNeverInToString() {
        ApiCredentials c = new ApiCredentials("KEYABCDEFGH", "SUPERSECRETVALUE");
        assertFalse(c.toString().contains("SUPERSECRETVALUE"));
        assertFalse(c.toString().contains("KEYABCDEFGH"));
        assertFalse(new BybitSigner(c).toString().contains("SUPERSECRETVALUE"));
        assertTrue(c.toString().contains("redacted"));
    }

    @Test
    void blankCredentialsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ApiCredentials("k", " "));
        assertThrows(IllegalArgumentException.class, () -> new ApiCredentials("", "s"));
    }
}
