package io.pybitbot.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict reader the metrics test relies on must refuse what Prometheus refuses. */
class PrometheusTextTest {

    @Test
    void readsAWellFormedExposition() {
        var samples = PrometheusText.parse("""
                # HELP pybit_equity_usdt Account equity
                # TYPE pybit_equity_usdt gauge
                pybit_equity_usdt 10000.0
                # TYPE pybit_entries_denied counter
                pybit_entries_denied_total{reason="COOLDOWN",node="a \\"b\\""} 3.0
                """);
        assertEquals(2, samples.size());
        assertEquals(Map.of("reason", "COOLDOWN", "node", "a \\\"b\\\""), samples.get(1).labels());
    }

    @Test
    void refusesWhatPrometheusRefuses() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("pybit_x 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na one\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na{b=c} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\n# TYPE a gauge\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE 1a gauge\n"));
    }
}
