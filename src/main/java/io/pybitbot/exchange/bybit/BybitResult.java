package io.pybitbot.exchange.bybit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.pybitbot.CborSerializable;
import java.util.function.Function;

/**
 * Outcome of one logical Bybit call: a value, or a classified {@link BybitError}. Crosses nodes as the
 * {@code RestClient}'s reply; the value keeps its full type on the way ({@link TypedValueJson}).
 */
public sealed interface BybitResult<T> extends CborSerializable {

    /**
     * Success. {@code retCode} is 0, or an idempotent "not modified" code (110043, 110025, 34040)
     * that means the exchange already had the requested state.
     */
    record Ok<T>(@JsonSerialize(using = TypedValueJson.Serializer.class)
                 @JsonDeserialize(using = TypedValueJson.Deserializer.class) T value,
                 int retCode) implements BybitResult<T> {
        @JsonIgnore
        public boolean notModified() {
            return retCode != 0;
        }
    }

    record Err<T>(BybitError error) implements BybitResult<T> {}

    static <T> BybitResult<T> ok(T value) {
        return new Ok<>(value, 0);
    }

    static <T> BybitResult<T> err(BybitError error) {
        return new Err<>(error);
    }

    @JsonIgnore
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws with the error's description if this is an error. */
    default T orThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new BybitException(((Err<T>) this).error());
    }

    default <U> BybitResult<U> map(Function<T, U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()), ok.retCode());
        }
        return new Err<>(((Err<T>) this).error());
    }

    /** Thrown only by {@link #orThrow()}, for callers that prefer exceptions. */
    final class BybitException extends RuntimeException {
        private final transient BybitError error;

        public BybitException(BybitError error) {
            super(error.describe());
            this.error = error;
        }

        public BybitError error() {
            return error;
        }
    }
}
