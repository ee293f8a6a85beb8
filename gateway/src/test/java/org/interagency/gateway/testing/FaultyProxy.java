package org.interagency.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a gateway, which tests can make drop connections.
 * It forwards bytes only, so mutual TLS still runs end to end between the two gateways.
 */
public final class FaultyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public FaultyProxy(int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Cuts the open connections and drops every new one until {@link #up()}. */
    public void down() {
        down.set(true);
        cutOpenConnections();
    }

    /** Forwards every connection again. */
    public void up() {
        down.set(false);
        dropsLeft.set(0);
    }

    /**
     * Cuts the open connections (clients keep TLS connections alive between requests) and
     * drops the next {@code count} new ones, then forwards again.
     */
    public void dropNext(int count) {
        dropsLeft.set(count);
        cutOpenConnections();
    }

    /** Returns how many connections were dropped so far. */
    public int dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down.get() || dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    dropped.incrementAndGet();
                    client.close();
                    continue;
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pipe(client, target);
                pipe(target, client);
            } catch (IOException e) {
                // The server socket was closed, or one connection failed; the next accept decides.
            }
        }
    }

    private void cutOpenConnections() {
        open.forEach(FaultyProxy::closeQuietly);
        open.clear();
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed; closing both below ends the other direction too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "faulty-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed by the other direction.
        }
    }
}
