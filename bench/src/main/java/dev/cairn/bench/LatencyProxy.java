package dev.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that holds every chunk it reads for a set time before passing it on, in each direction, in order:
 * a database "DELAY_MS away" on loopback, since this kernel has no netem. A client's request reaches the server
 * DELAY_MS late and the answer comes back DELAY_MS late, so each round trip costs 2 × DELAY_MS more; chunks that
 * travel back to back (a pipeline) are delayed together, not one after the other, as on a real link.
 *
 * <p>Usage: {@code LatencyProxy LISTEN_PORT TARGET_HOST:PORT DELAY_MS}; prints {@code ready} once it listens.
 */
public final class LatencyProxy {

    private record Chunk(long due, byte[] bytes) {}

    private static final Chunk END = new Chunk(0, new byte[0]);

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: LatencyProxy LISTEN_PORT TARGET_HOST:PORT DELAY_MS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args[1].substring(0, args[1].lastIndexOf(':'));
        int targetPort = Integer.parseInt(args[1].substring(args[1].lastIndexOf(':') + 1));
        long delayNanos = (long) (Double.parseDouble(args[2]) * 1_000_000);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            System.out.println("ready");
            System.out.flush();
            while (true) {
                Socket client = server.accept();
                Socket target = new Socket(host, targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                relay(client, target, delayNanos);
                relay(target, client, delayNanos);
            }
        }
    }

    /** One direction: a reader stamps each chunk with its due time, a writer sends it when due. */
    private static void relay(Socket from, Socket to, long delayNanos) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException closed) {
                // the other side went away; the writer closes its end
            }
            queue.add(END);
        });
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.poll(1, TimeUnit.HOURS);
                    if (chunk == null || chunk == END) {
                        break;
                    }
                    long wait;
                    while ((wait = chunk.due() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException closed) {
                // the connection ended
            }
            close(from);
            close(to);
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
