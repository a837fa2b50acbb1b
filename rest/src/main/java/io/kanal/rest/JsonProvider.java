package io.kanal.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.kanal.runtime.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads and writes every JSON body with {@link Json#mapper()}. A body that is not valid JSON, or does not fit the
 * expected shape, becomes a 400 {@link ApiException} naming what is wrong.
 *
 * <p><b>Threading.</b> Immutable after construction; Jersey calls it from any request thread.
 */
@Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
final class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    private final ObjectMapper mapper;

    JsonProvider(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return true;
    }

    @Override
    public Object readFrom(
            Class<Object> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        JavaType javaType = mapper.getTypeFactory().constructType(genericType);
        try {
            return mapper.readValue(entityStream, javaType);
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiException.BAD_REQUEST, "Invalid JSON in the request body: " + describe(e));
        }
    }

    /**
     * What is wrong with a body, without any of its text: only the kind of failure, from the exception's type, and
     * where (line and column). Jackson's own message quotes the token it choked on ({@code Unrecognized token
     * 'hunter2'}, a password sent unquoted) and values it could not convert, in forms no mask reliably covers, so none
     * of it is used.
     */
    static String describe(JsonProcessingException e) {
        String what;
        if (e instanceof UnrecognizedPropertyException) {
            what = "an unknown field";
        } else if (e instanceof InvalidFormatException || e instanceof InputCoercionException) {
            what = "a value that cannot be converted to the expected type";
        } else if (e instanceof MismatchedInputException) {
            what = "a value of the wrong shape for the expected type, or no content";
        } else if (e instanceof StreamReadException) {
            what = "malformed JSON";
        } else {
            what = "a body that does not fit the expected type";
        }
        String kind = what + " (" + e.getClass().getSimpleName() + ")";
        JsonLocation where = e.getLocation();
        return where == null || where.getLineNr() < 0
                ? kind
                : kind + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return true;
    }

    @Override
    public void writeTo(
            Object value,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders,
            OutputStream entityStream)
            throws IOException {
        mapper.writeValue(entityStream, value);
    }
}
