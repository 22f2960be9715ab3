package dev.asyncapi.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of a server, one thread per direction of each connection, that can
 * lose answers the way a network does: {@link #loseNextAnswers(int)} lets requests through to the server and then,
 * on the next connections, closes the client's side instead of forwarding the server's first bytes (the answer
 * to the connection's first request); {@link #cutAll()} closes every open connection at once.
 */
final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger answersLost = new AtomicInteger();
    private final StringBuffer downstream = new StringBuffer();
    private final Thread acceptor;

    LoopbackProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "loopback-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI root() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** On the next {@code n} connections, the first answer is dropped and the connection closed. */
    void loseNextAnswers(int n) {
        answersToLose.set(n);
    }

    int answersLost() {
        return answersLost.get();
    }

    /** Everything forwarded from the server to clients so far, as text. */
    String downstream() {
        return downstream.toString();
    }

    /** How many times {@code text} was forwarded from the server to clients so far. */
    int timesDown(String text) {
        String all = downstream();
        int count = 0;
        for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    /** How many client connections are open now. */
    int openConnections() {
        return open.size() / 2;
    }

    /** Closes every connection open now, as a network failure would. */
    void cutAll() {
        open.forEach(LoopbackProxy::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean down) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            boolean first = true;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (down && first && answersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        answersLost.incrementAndGet();
                        break;
                    }
                    first = false;
                    out.write(buffer, 0, n);
                    out.flush();
                    if (down) {
                        downstream.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                }
            } catch (IOException e) {
                // the other side closed, or cutAll: end this connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "loopback-proxy-" + (down ? "down" : "up"));
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
