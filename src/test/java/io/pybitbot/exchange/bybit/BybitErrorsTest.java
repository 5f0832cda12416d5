package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.exchange.bybit.BybitError.Handling;
import java.net.SocketTimeoutException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BybitErrorsTest {

    @Test
    void retCodesMapToHandling() {
        assertEquals(Handling.RESYNC_CLOCK, BybitErrors.fromRetCode(10002, "x", OptionalLong.empty()).handling());
        BybitError rl = BybitErrors.fromRetCode(10006, "Too many visits!", OptionalLong.of(1672738134824L));
        assertEquals(Handling.WAIT_FOR_RESET, rl.handling());
        assertEquals(OptionalLong.of(1672738134824L), ((BybitError.RateLimited) rl).resetAtMs());
        for (int fatal : new int[] {10003, 10004, 10005, 10010, 10027}) {
            BybitError e = BybitErrors.fromRetCode(fatal, "msg", OptionalLong.empty());
            assertEquals(Handling.FATAL, e.handling(), "code " + fatal);
            assertFalse(e.retryable());
        }
        assertTrue(BybitErrors.fromRetCode(10003, "API key is invalid.", OptionalLong.empty()).describe().contains("environment"));
        assertTrue(BybitErrors.fromRetCode(10004, "error sign!", OptionalLong.empty()).describe().contains("BYBIT_API_SECRET"));
        assertEquals(Handling.BACK_OFF, BybitErrors.fromRetCode(10016, "restarting", OptionalLong.empty()).handling());
        assertEquals(Handling.BACK_OFF, BybitErrors.fromRetCode(110079, "processing", OptionalLong.empty()).handling());
        BybitError rej = BybitErrors.fromRetCode(110007, "ab not enough", OptionalLong.empty());
        assertEquals(Handling.REJECTED, rej.handling());
        assertFalse(rej.retryable());
        assertTrue(((BybitError.Rejected) BybitErrors.fromRetCode(110001, "not exists", OptionalLong.empty())).orderAlreadyGone());
        assertTrue(((BybitError.Rejected) BybitErrors.fromRetCode(110072, "dup", OptionalLong.empty())).duplicateOrderLinkId());
    }

    @Test
    void notModifiedCodesAreSuccess() {
        assertTrue(BybitErrors.isNotModified(110043));
        assertTrue(BybitErrors.isNotModified(110025));
        assertTrue(BybitErrors.isNotModified(34040));
        assertFalse(BybitErrors.isNotModified(0));
        assertFalse(BybitErrors.isNotModified(110001));
    }

    @Test
    void httpStatuses() {
        BybitError ban = BybitErrors.fromHttpStatus(403, "access too frequent", false, 99L);
        assertEquals(Handling.IP_BANNED, ban.handling());
        assertEquals(99L, ((BybitError.IpBanned) ban).bannedUntilMs());
        assertEquals(Handling.AMBIGUOUS, BybitErrors.fromHttpStatus(502, "", true, 0).handling());
        assertEquals(Handling.BACK_OFF, BybitErrors.fromHttpStatus(502, "", false, 0).handling());
        assertEquals(Handling.FATAL, BybitErrors.fromHttpStatus(401, "", false, 0).handling());
        assertEquals(Handling.BACK_OFF, BybitErrors.fromHttpStatus(429, "", true, 0).handling());
        assertEquals(Handling.REJECTED, BybitErrors.fromHttpStatus(404, "nope", false, 0).handling());
    }

    @Test
    void transportFailuresAreAmbiguousOnlyForWrites() {
        var t = new SocketTimeoutException("read timed out");
        assertInstanceOf(BybitError.Ambiguous.class, BybitErrors.fromTransportFailure(t, true));
        assertInstanceOf(BybitError.Transient.class, BybitErrors.fromTransportFailure(t, false));
    }

    @Test
    void resultHelpers() {
        BybitResult<String> ok = new BybitResult.Ok<>("x", 110043);
        assertTrue(((BybitResult.Ok<String>) ok).notModified());
        assertEquals(1, ok.map(String::length).orThrow());
        BybitResult<String> err = BybitResult.err(new BybitError.Rejected(110007, "poor"));
        assertFalse(err.isOk());
        var ex = assertThrows(BybitResult.BybitException.class, err::orThrow);
        assertTrue(ex.getMessage().contains("110007"));
    }
}
