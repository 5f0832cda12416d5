package io.pybitbot.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged logback.xml parses and sets up console plus a bounded rolling file. */
class LogbackConfigTest {

    @Test
    void packagedLogbackXmlConfiguresConsoleAndRollingFile(@TempDir Path logDir) throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.putProperty("pybit.log.dir", logDir.toString());
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        try {
            jc.doConfigure(getClass().getResource("/logback.xml"));

            List<Status> errors = ctx.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN).toList();
            assertEquals(List.of(), errors);

            var root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            List<String> names = new ArrayList<>();
            root.iteratorForAppenders().forEachRemaining(a -> names.add(a.getName()));
            assertEquals(List.of("CONSOLE", "ASYNC_FILE"), names);

            var async = (ch.qos.logback.classic.AsyncAppender) root.getAppender("ASYNC_FILE");
            Appender<?> file = async.getAppender("FILE");
            var rolling = assertInstanceOf(RollingFileAppender.class, file);
            assertEquals(logDir.resolve("pybit-bot.log").toString(), rolling.getFile());
            var policy = assertInstanceOf(SizeAndTimeBasedRollingPolicy.class, rolling.getRollingPolicy());
            assertTrue(policy.getMaxHistory() > 0, "bounded history");
        } finally {
            ctx.stop();
        }
    }
}
