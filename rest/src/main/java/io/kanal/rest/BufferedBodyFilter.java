package io.kanal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Reads the whole request body before the request reaches Jersey, and hands Jersey a buffered copy.
 *
 * <p>Why: Jersey answers many requests without reading their body (405, 404, a refused call). Jetty then sends the
 * answer while the body may still be on its way and has to skip it afterwards; a client that pools connections (Java's
 * {@code HttpClient}, Connect's own) can then send its next request on a connection the server is about to close or
 * whose bytes it is still skipping, and fails with "header parser received no bytes". With the body read first, an
 * answer never overtakes its request and every connection stays reusable. The bodies of this API are small JSON
 * documents, so buffering costs nothing that matters; the limit keeps a huge body from costing memory: past it the
 * answer is 413 in Connect's JSON error body, after the rest of the body is read and dropped (up to 16 times the
 * limit; beyond, the connection is closed instead).
 *
 * <p><b>Threading.</b> Immutable; Jetty calls it from any request thread.
 */
final class BufferedBodyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** The request attribute holding the body's bytes, for filters after this one ({@link LeaderForwarding}). */
    static final String BODY_ATTRIBUTE = BufferedBodyFilter.class.getName() + ".body";
    /** How many times the limit a too-large body is read and dropped before the connection is closed instead. */
    private static final long DRAIN_FACTOR = 16;

    private final long maxBytes;
    private final transient ObjectMapper mapper;

    BufferedBodyFilter(long maxBytes, ObjectMapper mapper) {
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String badHeader = malformedMediaHeader(request);
        if (badHeader != null) {
            // Jersey would refuse it with an empty 400 of its own; Connect's clients expect the JSON body.
            boolean drained;
            try (InputStream in = request.getInputStream()) {
                drained =
                        drain(in, request.getContentLengthLong() < 0 ? Long.MAX_VALUE : request.getContentLengthLong());
            }
            if (!drained) {
                response.setHeader("Connection", "close");
            }
            error(response, 400, "Invalid " + badHeader + " header");
            return;
        }
        long declared = request.getContentLengthLong();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            if (declared > maxBytes) {
                tooLarge(response, drain(in, declared));
                return;
            }
            body = readAtMost(in, maxBytes + 1);
            if (body.length > maxBytes) {
                tooLarge(response, drain(in, Long.MAX_VALUE));
                return;
            }
        }
        request.setAttribute(BODY_ATTRIBUTE, body);
        chain.doFilter(new Buffered(request, body), response);
    }

    /**
     * Reads and drops the rest of a body that is too large, up to {@link #DRAIN_FACTOR} times the limit: a client
     * that sends the whole body before it reads the answer (most do) then gets the 413 instead of a reset connection,
     * and the connection stays usable. Past that the connection is closed rather than read on.
     *
     * @return whether the whole body was read
     */
    private boolean drain(InputStream in, long declared) throws IOException {
        long budget = maxBytes * DRAIN_FACTOR;
        if (declared != Long.MAX_VALUE && declared > budget) {
            return false;
        }
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            total += n;
            if (total > budget) {
                return false;
            }
        }
        return true;
    }

    private void tooLarge(HttpServletResponse response, boolean drained) throws IOException {
        if (!drained) {
            // The unread rest of the body would otherwise be skipped by Jetty after the answer: close instead.
            response.setHeader("Connection", "close");
        }
        error(response, 413, "Request body is larger than the limit of " + maxBytes + " bytes");
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(mapper.writeValueAsBytes(new ErrorMapper.ErrorMessage(status, message)));
    }

    /** The name of a {@code Content-Type} or {@code Accept} header that is not a media type (list), else null. */
    private static String malformedMediaHeader(HttpServletRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && !parses(contentType)) {
            return "Content-Type";
        }
        String accept = request.getHeader("Accept");
        if (accept != null) {
            for (String one : accept.split(",")) {
                if (!one.isBlank() && !parses(one.trim())) {
                    return "Accept";
                }
            }
        }
        return null;
    }

    private static boolean parses(String mediaType) {
        try {
            MediaType.valueOf(mediaType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - total))) >= 0) {
            out.write(chunk, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    /** The request with its body served from memory. Confined to the request's thread, as the request itself. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final int length;
        // One stream for the request's life: Jersey calls getInputStream() again on every read.
        private final BytesInputStream stream;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.length = body.length;
            this.stream = new BytesInputStream(body);
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(stream, charset));
        }

        @Override
        public int getContentLength() {
            return length;
        }

        @Override
        public long getContentLengthLong() {
            return length;
        }
    }

    /** A servlet stream over bytes in memory: always ready, never blocks. */
    private static final class BytesInputStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BytesInputStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body is already read: no asynchronous reads");
        }
    }
}
