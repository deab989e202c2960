package dev.synclog.agent.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A destination on 127.0.0.1 that answers {@code POST /r/k} with the k-th response's bytes exactly as given (status
 * line, headers, framing and all, so that they can lie about lengths and chunking), then closes the connection.
 */
final class RawHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<byte[]> responses;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    RawHttpServer(List<byte[]> responses) throws IOException {
        this.responses = List.copyOf(responses);
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptAll, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/r/";
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                executor.execute(() -> answer(connection));
            } catch (IOException | java.util.concurrent.RejectedExecutionException closed) {
                return;
            }
        }
    }

    private void answer(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String head = readHead(in);
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            in.readNBytes(contentLength(head));
            connection.getOutputStream().write(responses.get(Integer.parseInt(path.substring("/r/".length()))));
            connection.getOutputStream().flush();
            connection.shutdownOutput();
            // Let the client read to the end before the socket closes, so that it sees the bytes and not a reset.
            in.read();
        } catch (IOException | RuntimeException e) {
            // The client gave up on a response it could not read: that is the point of most of them.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        executor.shutdownNow();
    }
}
