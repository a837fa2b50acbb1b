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
 * answer is 413 in Connect's JSON error body and the connection is closed (the rest of the body is not read).
 *
 * <p><b>Threading.</b> Immutable; Jetty calls it from any request thread.
 */
final class BufferedBodyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final long maxBytes;
    private final transient ObjectMapper mapper;

    BufferedBodyFilter(long maxBytes, ObjectMapper mapper) {
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = readAtMost(in, maxBytes + 1);
        }
        if (body.length > maxBytes) {
            tooLarge(response);
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        // The unread rest of the body would otherwise be skipped by Jetty after the answer: close instead.
        response.setHeader("Connection", "close");
        response.setStatus(413);
        response.setContentType("application/json");
        String message = "Request body is larger than the limit of " + maxBytes + " bytes";
        response.getOutputStream().write(mapper.writeValueAsBytes(new ErrorMapper.ErrorMessage(413, message)));
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
