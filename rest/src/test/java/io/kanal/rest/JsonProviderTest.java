package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kanal.runtime.api.ApiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A body Jackson cannot read is a 400 that names the kind of problem and where, never the body's text. */
class JsonProviderTest {

    private static final String SECRET = "Zq7s3cr3tX";
    private static final Type INTS = new TypeReference<Map<String, Integer>>() {}.getType();
    private static final Type STRINGS = new TypeReference<Map<String, String>>() {}.getType();

    private static ApiException read(String body, Type type) {
        JsonProvider provider = new JsonProvider(Json.mapper());
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> provider.readFrom(
                        Object.class,
                        type,
                        new Annotation[0],
                        MediaType.APPLICATION_JSON_TYPE,
                        new MultivaluedHashMap<>(),
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        assertThat(e).as(body).isNotNull();
        return e;
    }

    @Test
    void anUnquotedTokenWithAnApostropheIsNotQuoted() {
        // Jackson's message quotes the token as 'pa's...': a mask of quoted spans leaves the part after the apostrophe.
        ApiException e = read("{\"password\": pa's" + SECRET + "}", STRINGS);
        assertThat(e.getMessage())
                .doesNotContain(SECRET)
                .contains("malformed JSON")
                .contains("line 1, column");
    }

    @Test
    void aNumberOutOfRangeIsNotQuoted() {
        // Jackson writes "Numeric value (…) out of range": parentheses, no quotes.
        ApiException e = read("{\"tasks.max\": 98765432109876543210" + "}", INTS);
        assertThat(e.getMessage())
                .doesNotContain("98765432109876543210")
                .contains("cannot be converted")
                .contains("line 1, column");
    }

    @Test
    void aStringWhereANumberBelongsIsNotQuoted() {
        ApiException e = read("{\n  \"tasks.max\": \"" + SECRET + "\"\n}", INTS);
        assertThat(e.getMessage()).doesNotContain(SECRET).contains("line 2, column");
    }
}
