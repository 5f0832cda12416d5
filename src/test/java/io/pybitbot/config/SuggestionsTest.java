package io.pybitbot.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {

    @Test
    void distanceCountsEditsAndAdjacentSwapsAsOne() {
        assertEquals(0, Suggestions.distance("leverage", "leverage"));
        assertEquals(1, Suggestions.distance("leverge", "leverage"));
        assertEquals(1, Suggestions.distance("levreage", "leverage"));
        assertEquals(2, Suggestions.distance("abc", "a"));
        assertEquals(3, Suggestions.distance("", "abc"));
    }

    @Test
    void proposesTheClosestPlausibleKeyOnly() {
        List<String> keys = List.of("max_open_positions", "max_drawdown_pct", "daily_loss_limit_pct");
        assertEquals(Optional.of("max_drawdown_pct"), Suggestions.closest("max_drawdwon_pct", keys));
        assertEquals(Optional.of("max_drawdown_pct"), Suggestions.closest("MAX_DRAWDOWN_PCT", keys));
        assertEquals(Optional.empty(), Suggestions.closest("symbols", keys));
    }
}
