package io.pybitbot.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ConsoleFilterTest {

    private static LoggingEvent event(String logger, Level level) {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent();
        e.setLoggerName(ctx.getLogger(logger).getName());
        e.setLevel(level);
        e.setMessage("m");
        return e;
    }

    @Test
    void librariesReachTheConsoleOnlyAtWarnAndAbove() {
        ConsoleFilter f = new ConsoleFilter();
        assertEquals(FilterReply.DENY, f.decide(event("org.apache.pekko.cluster.Cluster", Level.INFO)));
        assertEquals(FilterReply.DENY, f.decide(event("com.zaxxer.hikari.HikariDataSource", Level.INFO)));
        assertEquals(FilterReply.NEUTRAL, f.decide(event("org.apache.pekko.cluster.Cluster", Level.WARN)));
        assertEquals(FilterReply.NEUTRAL, f.decide(event("io.pybitbot.execution.OrderExecution", Level.INFO)));
        assertEquals(FilterReply.NEUTRAL, f.decide(event("io.pybitbot.symbol.SymbolActor", Level.DEBUG)),
                "the bot's own lines follow the configured level only");
        assertEquals(FilterReply.DENY, f.decide(event("org.apache.pekko.io.TcpListener", Level.ERROR)),
                "a port in use is the command's one line, not Pekko's stack trace");
    }
}
