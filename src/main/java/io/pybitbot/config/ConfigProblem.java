package io.pybitbot.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration.
 *
 * @param file    the file it is in, as the user knows it ({@code execution.json}, {@code .env}, {@code application.conf})
 * @param where   the JSON path ({@code $.risk.max_drawdown_pct}), a line ({@code line 7}) or empty for the whole file
 * @param message what was found and what was expected; never contains a secret value
 */
public record ConfigProblem(String file, String where, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        where = where == null ? "" : where;
        Objects.requireNonNull(message, "message");
    }

    /** {@code file: where: message}, the form printed by {@code config check}. */
    public String render() {
        return where.isEmpty() ? file + ": " + message : file + ": " + where + ": " + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
