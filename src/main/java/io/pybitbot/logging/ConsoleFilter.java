package io.pybitbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the console to the bot's own story: libraries (Pekko's cluster and remoting, the connection pool, the
 * metrics registry) reach it only at WARN and above, and a port that is taken is left to the command's own one-line
 * error; everything still goes to the log file. Set
 * {@code -Dpybit.console.all=true} to see all of it on the console too.
 */
public final class ConsoleFilter extends Filter<ILoggingEvent> {

    private static final String OWN = "io.pybitbot.";
    /** Logs a port in use at ERROR with a stack trace; the command already says it in one line. */
    private static final String TCP_LISTENER = "org.apache.pekko.io.TcpListener";
    private final boolean all = Boolean.getBoolean("pybit.console.all");

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!all && event.getLoggerName().equals(TCP_LISTENER)) {
            return FilterReply.DENY;
        }
        if (all || event.getLevel().isGreaterOrEqual(Level.WARN) || event.getLoggerName().startsWith(OWN)) {
            return FilterReply.NEUTRAL;
        }
        return FilterReply.DENY;
    }
}
