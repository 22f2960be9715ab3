package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reading request bodies up to the configured limit: without a thread ({@link NonBlocking}, the servlet's
 * non-blocking input) on routes that run asynchronously, or blocking where the container does not support
 * async for the filter.
 */
final class RequestBody {

    private RequestBody() {
    }

    /** Whether the request announces a body: a positive length, or chunked. */
    static boolean isAnnounced(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
    }

    /**
     * How much of a body over the limit is still read (and dropped) before the 413 is sent. Answering while the
     * client is still sending makes the server close with unread bytes, and the client's TCP stack may then
     * drop the answer (a reset): a client sending a little too much should read why it was refused.
     */
    static final long DISCARD_LIMIT = 2L * 1024 * 1024;

    /** Whether the announced length is so far over the limit that it is refused without reading it. */
    static boolean announcedFarOver(HttpServletRequest request, long limit) {
        return request.getContentLengthLong() > limit + DISCARD_LIMIT;
    }

    static HttpProblemException tooLarge(long limit) {
        return new HttpProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + limit + " bytes.");
    }

    static HttpProblemException unreadable() {
        return new HttpProblemException(ProblemType.INVALID_REQUEST, "The request body could not be read.");
    }

    /** Reads the whole body, holding the calling thread. */
    static byte[] readBlocking(HttpServletRequest request, long limit) {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw unreadable();
        }
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    /** Decodes a body as strict UTF-8. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "The request body is not valid UTF-8.");
        }
    }

    /**
     * Collects a body as the container delivers it, on container threads, holding none in between. Ends once:
     * with the bytes, with a failure (too large, unreadable), or {@linkplain #abandon() abandoned} by a deadline.
     * A body over the limit is read on and dropped up to {@link #DISCARD_LIMIT} before it fails.
     */
    static final class NonBlocking implements ReadListener {
        private final ServletInputStream in;
        private final long limit;
        private final Consumer<byte[]> onBody;
        private final Consumer<HttpProblemException> onFailure;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long dropped;
        private final byte[] buffer = new byte[8192];
        private final AtomicBoolean ended = new AtomicBoolean();

        NonBlocking(ServletInputStream in, long limit, Consumer<byte[]> onBody, Consumer<HttpProblemException> onFailure) {
            this.in = in;
            this.limit = limit;
            this.onBody = onBody;
            this.onFailure = onFailure;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!ended.get() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (dropped > 0 || bytes.size() + n > limit) {
                    dropped += n;
                    if (dropped > DISCARD_LIMIT) {
                        fail(tooLarge(limit));
                        return;
                    }
                    continue;
                }
                bytes.write(buffer, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            if (dropped > 0) {
                fail(tooLarge(limit));
            } else if (ended.compareAndSet(false, true)) {
                onBody.accept(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable t) {
            fail(unreadable());
        }

        /** Stops reading, for a deadline; true if the body had not ended before. */
        boolean abandon() {
            return ended.compareAndSet(false, true);
        }

        private void fail(HttpProblemException problem) {
            if (ended.compareAndSet(false, true)) {
                onFailure.accept(problem);
            }
        }
    }
}
