package io.pybitbot;

/**
 * Keeps CompletableFuture callbacks on a thread pool on small machines.
 *
 * <p>Pekko's Java API hands out Scala futures wrapped as CompletionStages whose {@code thenApply}, {@code handle}
 * and friends run asynchronously on the JDK's default executor. With fewer than three cores that executor is not
 * the common ForkJoinPool but a new thread for every callback: a 500-symbol warm-up on two cores started 11,580
 * threads in 50 s and spent most of its CPU on it. A common pool of two workers serves the same callbacks.
 */
public final class AsyncCallbacks {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private AsyncCallbacks() {
    }

    /**
     * Must run before anything touches the common pool (the JVM reads the property once): {@code Main}'s static
     * initialiser. A value the user set with {@code -D} is kept.
     */
    static void pooled() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(PARALLELISM, "2");
        }
    }
}
