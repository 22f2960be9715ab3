package dev.asyncapi.examples.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A filter in front of the event streams that notes, by job id (the request path's last segment), when the
 * server hands the {@code done} event to the container ({@link System#nanoTime()}): it splits a latency into the
 * server's part and the rest (the container's write, the network, the client). It passes every call through
 * unchanged, including non-blocking output.
 */
final class DoneWriteProbe implements Filter {

    private static final byte[] DONE = "\nevent: done\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Long> written = new ConcurrentHashMap<>();

    /** When the {@code done} event of the job was written, and forgets it. */
    Long take(String jobId) {
        return written.remove(jobId);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = ((HttpServletRequest) request).getRequestURI();
        String jobId = uri.substring(uri.lastIndexOf('/') + 1);
        chain.doFilter(request, new HttpServletResponseWrapper((HttpServletResponse) response) {
            private ServletOutputStream out;

            @Override
            public synchronized ServletOutputStream getOutputStream() throws IOException {
                if (out == null) {
                    out = new Probe(super.getOutputStream(), jobId);
                }
                return out;
            }
        });
    }

    private final class Probe extends ServletOutputStream {

        private final ServletOutputStream delegate;
        private final String jobId;

        Probe(ServletOutputStream delegate, String jobId) {
            this.delegate = delegate;
            this.jobId = jobId;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (containsDone(bytes, offset, length)) {
                written.put(jobId, System.nanoTime());
            }
            delegate.write(bytes, offset, length);
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    private static boolean containsDone(byte[] bytes, int offset, int length) {
        outer:
        for (int i = offset; i <= offset + length - DONE.length; i++) {
            for (int j = 0; j < DONE.length; j++) {
                if (bytes[i + j] != DONE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
