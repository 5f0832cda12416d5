package io.pybitbot.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpanTest {

    @Test
    void nothingPresentMeansTheWholeRangeIsMissing() {
        assertEquals(List.of(new Span(0, 50)), Span.missing(List.of(), 0, 50, 10));
    }

    @Test
    void missingSpansAreBeforeTheFirstBetweenAndAfterTheLast() {
        assertEquals(List.of(new Span(0, 20), new Span(40, 60), new Span(70, 100)),
                Span.missing(List.of(20L, 30L, 60L), 0, 100, 10));
    }

    @Test
    void startsOutsideTheRangeAreIgnoredAndACompleteRangeMissesNothing() {
        assertEquals(List.of(new Span(30, 40)), Span.missing(List.of(-10L, 10L, 20L, 40L, 90L), 10, 50, 10));
        assertEquals(List.of(), Span.missing(List.of(0L, 10L, 20L), 0, 30, 10));
        assertEquals(3, new Span(0, 30).candles(10));
    }

    @Test
    void anEmptySpanIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Span(10, 10));
    }
}
