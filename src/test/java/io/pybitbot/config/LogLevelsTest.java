package io.pybitbot.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogLevelsTest {

    private final String before = LogLevels.rootLevel().orElse("INFO");

    @AfterEach
    void restore() {
        LogLevels.clearFlag();
        LogLevels.applyConfigured(before);
    }

    @Test
    void configuredLevelIsAppliedWhenNoFlagWasGiven() {
        LogLevels.clearFlag();
        assertEquals("WARN", LogLevels.applyConfigured("warn"));
        assertEquals("WARN", LogLevels.rootLevel().orElseThrow());
    }

    @Test
    void flagWinsOverTheConfiguredLevel() {
        LogLevels.applyFlag("DEBUG");
        assertEquals("DEBUG", LogLevels.applyConfigured("ERROR"));
        assertEquals("DEBUG", LogLevels.rootLevel().orElseThrow());
    }

    @Test
    void unknownLevelsAreRejectedWithTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("LOUD"));
        assertEquals("unknown log level 'LOUD', expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF", e.getMessage());
    }
}
