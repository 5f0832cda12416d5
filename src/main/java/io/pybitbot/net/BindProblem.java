package io.pybitbot.net;

import java.net.BindException;
import java.net.UnknownHostException;

/**
 * Why a server could not listen, in the words an operator acts on. Pekko wraps the JDK's exception as "Bind failed
 * because of java.net.BindException: [/127.0.0.1:8090] Address already in use"; this names the cause alone.
 */
public final class BindProblem {
    private BindProblem() {
    }

    /** "the port is in use", "permission denied ...", ... for a failure to bind, or null when it was not one. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof UnknownHostException) {
                return "unknown host " + m;
            }
            if (t instanceof BindException || m.contains("BindException")) {
                String lower = m.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("already in use")) {
                    return "the port is in use, by another node or program";
                }
                if (lower.contains("permission denied") || lower.contains("access")) {
                    return "permission denied (ports below 1024 need extra privileges)";
                }
                if (lower.contains("assign requested address")) {
                    return "this machine has no such address";
                }
                return m.replaceFirst("^.*BindException: (\\[[^]]*] )?", "");
            }
        }
        return null;
    }
}
