package io.pybitbot.exchange.bybit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Jackson (de)serializers for the value of a {@link BybitResult.Ok}, whose type is a generic {@code T}: the
 * value is written with its full type ({@code java.util.List<io.pybitbot.domain.Candle>}) so the receiving
 * node reads back the same type, element types of lists and optionals included. Only this project's types,
 * lists, optionals and a few JDK value types are accepted when reading (no open-ended polymorphism).
 */
final class TypedValueJson {

    private static final Set<String> JDK_TYPES = Set.of("java.lang.Object", "java.lang.String", "java.lang.Long",
            "java.lang.Integer", "java.lang.Boolean", "java.lang.Void", "java.math.BigDecimal");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*");

    private TypedValueJson() {
    }

    /** The type to write: generic containers name their element type from the content. */
    static String typeOf(Object value) {
        if (value instanceof List<?> list) {
            return "java.util.List<" + (list.isEmpty() ? "java.lang.Object" : typeOf(list.get(0))) + ">";
        }
        if (value instanceof Optional<?> opt) {
            return "java.util.Optional<" + opt.map(TypedValueJson::typeOf).orElse("java.lang.Object") + ">";
        }
        return value.getClass().getName();
    }

    /**
     * The Jackson type written by {@link #typeOf}: {@code java.util.List<X>}, {@code java.util.Optional<X>} or a
     * class of this project or of {@link #JDK_TYPES}; anything else is refused.
     */
    static JavaType typeFrom(String written, TypeFactory types) throws IOException {
        String list = "java.util.List<";
        String optional = "java.util.Optional<";
        if (written.startsWith(list) && written.endsWith(">")) {
            return types.constructCollectionType(List.class, typeFrom(written.substring(list.length(), written.length() - 1), types));
        }
        if (written.startsWith(optional) && written.endsWith(">")) {
            return types.constructReferenceType(Optional.class,
                    typeFrom(written.substring(optional.length(), written.length() - 1), types));
        }
        if (!CLASS_NAME.matcher(written).matches() || !(written.startsWith("io.pybitbot.") || JDK_TYPES.contains(written))) {
            throw new IOException("type " + written + " is not allowed in a serialized Bybit result");
        }
        try {
            return types.constructType(types.findClass(written));
        } catch (ClassNotFoundException e) {
            throw new IOException("unknown type " + written + " in a serialized Bybit result", e);
        }
    }

    static final class Serializer extends JsonSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("type", typeOf(value));
            gen.writeFieldName("value");
            provider.defaultSerializeValue(value, gen);
            gen.writeEndObject();
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider serializers,
                                      com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer) throws IOException {
            serialize(value, gen, serializers);
        }
    }

    /** Streams the value (no tree in between: a tree would strip the scale of a BigDecimal price). */
    static final class Deserializer extends JsonDeserializer<Object> {
        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected {type, value} for a Bybit result value, found " + p.currentToken());
            }
            JavaType type = null;
            Object value = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("type")) {
                    type = typeFrom(p.getValueAsString(), ctxt.getTypeFactory());
                } else if (field.equals("value")) {
                    if (type == null) {
                        throw new IOException("a Bybit result value must name its type first");
                    }
                    value = p.currentToken() == JsonToken.VALUE_NULL ? null : ctxt.readValue(p, type);
                } else {
                    p.skipChildren();
                }
            }
            return value == null && type != null && type.getRawClass() == Optional.class ? Optional.empty() : value;
        }
    }
}
