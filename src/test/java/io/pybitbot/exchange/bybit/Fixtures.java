package io.pybitbot.exchange.bybit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads recorded Bybit payloads from src/test/resources/bybit. */
public final class Fixtures {
    private Fixtures() {}

    public static String load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/bybit/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture bybit/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
