package dev.asyncapi.examples.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Event streams read over plain non-blocking sockets, every one of them on one selector thread: one HTTP/1.1
 * {@code GET} per connection, the response's chunked (or read-to-close) body split into lines for an
 * {@link EventStreamReader}. A second client beside the JDK's, so a figure can be told apart from the client
 * that read it.
 */
final class NioEventStreamClient implements AutoCloseable {

    private final InetSocketAddress server;
    private final Selector selector;
    private final Queue<Connection> toRegister = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    /**
     * Starts the selector thread, named {@code sse-nio}.
     *
     * @param server the loopback address of the server
     * @throws IOException if no selector can be opened
     */
    NioEventStreamClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "sse-nio");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens {@code GET path} with {@code Accept: text/event-stream}; returns at once.
     *
     * @param path the request target, e.g. {@code /jobs/ID}
     * @return the reader, whose futures complete as the events arrive
     */
    EventStreamReader open(String path) {
        EventStreamReader reader = new EventStreamReader();
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n";
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(server);
            toRegister.add(new Connection(channel, reader, request));
            selector.wakeup();
        } catch (IOException e) {
            reader.onError(e);
        }
        return reader;
    }

    private void loop() {
        try {
            while (selector.isOpen()) {
                selector.select();
                Connection pending;
                while ((pending = toRegister.poll()) != null) {
                    pending.channel.register(selector, SelectionKey.OP_CONNECT, pending);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    try {
                        connection.ready(key);
                    } catch (IOException | RuntimeException e) {
                        connection.close(e);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClosedSelectorException e) {
            // closed: the loop ends
        }
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** One stream: the request going out, then a byte-at-a-time HTTP/1.1 response parser. */
    private static final class Connection {

        private enum State { HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, DONE }

        private final SocketChannel channel;
        private final EventStreamReader reader;
        private final ByteBuffer request;
        private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ByteArrayOutputStream bodyLine = new ByteArrayOutputStream();
        private final StringBuilder head = new StringBuilder();
        private State state = State.HEADERS;
        private long chunkLeft;

        Connection(SocketChannel channel, EventStreamReader reader, String request) {
            this.channel = channel;
            this.reader = reader;
            this.request = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        }

        void ready(SelectionKey key) throws IOException {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
                channel.write(request);
                if (!request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                int read = channel.read(in);
                if (read < 0) {
                    if (state == State.TO_CLOSE) {
                        finish();
                    } else {
                        close(new IOException("connection closed in state " + state));
                    }
                    return;
                }
                in.flip();
                while (in.hasRemaining() && state != State.DONE) {
                    accept(in.get());
                }
                in.clear();
            }
        }

        private void accept(byte b) throws IOException {
            switch (state) {
                case HEADERS -> {
                    head.append((char) (b & 0xff));
                    if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                        headers();
                    }
                }
                case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (b != '\n') {
                        line.write(b);
                        return;
                    }
                    String text = line.toString(StandardCharsets.US_ASCII).trim();
                    line.reset();
                    if (state == State.CHUNK_END) {
                        state = State.CHUNK_SIZE;
                    } else if (state == State.TRAILERS) {
                        if (text.isEmpty()) {
                            finish();
                        }
                    } else {
                        int extension = text.indexOf(';');
                        chunkLeft = Long.parseLong(extension < 0 ? text : text.substring(0, extension), 16);
                        state = chunkLeft == 0 ? State.TRAILERS : State.CHUNK_DATA;
                    }
                }
                case CHUNK_DATA -> {
                    body(b);
                    if (--chunkLeft == 0) {
                        state = State.CHUNK_END;
                    }
                }
                case TO_CLOSE -> body(b);
                case DONE -> {
                    // nothing more is read
                }
            }
        }

        private void headers() {
            String[] lines = head.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                if (name.equals("content-type")) {
                    contentType = value;
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                }
            }
            reader.headers(status, contentType);
            state = chunked ? State.CHUNK_SIZE : State.TO_CLOSE;
        }

        private void body(byte b) {
            if (b != '\n') {
                bodyLine.write(b);
                return;
            }
            String text = bodyLine.toString(StandardCharsets.UTF_8);
            bodyLine.reset();
            reader.onNext(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        }

        private void finish() throws IOException {
            state = State.DONE;
            channel.close();
            reader.onComplete();
        }

        void close(Exception failure) {
            state = State.DONE;
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            reader.onError(failure);
        }
    }
}
