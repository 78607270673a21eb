package net.metacircular.mcp.cli.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real TLS server on loopback for the client's tests: it reads each request (head and body) and
 * lets the test write the answer byte for byte (chunked, trickled, or none), so that what the
 * agent's server would not do on demand can be tried too.
 */
final class TlsTestServer implements AutoCloseable {
  /** Writes the answer to one request. */
  interface Answer {
    void write(String request, OutputStream out) throws Exception;
  }

  private final SSLServerSocket server;
  private final Thread acceptor;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<Boolean> resumed = new CopyOnWriteArrayList<>();

  TlsTestServer(SSLContext tls, Answer answer) throws IOException {
    server =
        (SSLServerSocket)
            tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!server.isClosed()) {
                    try {
                      Socket s = server.accept();
                      Thread.ofVirtual().start(() -> serve((SSLSocket) s, answer));
                    } catch (IOException e) {
                      return;
                    }
                  }
                });
  }

  private void serve(SSLSocket s, Answer answer) {
    try (s) {
      String request = readRequest(s.getInputStream());
      requests.add(request);
      answer.write(request, s.getOutputStream());
      s.getOutputStream().flush();
    } catch (Exception e) {
      // the client went away, or the handshake failed: the test looks at the client's side
    }
  }

  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("end of the request head");
      }
      head.write(c);
      matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        int n = Integer.parseInt(line.substring(15).strip());
        text += new String(in.readNBytes(n), StandardCharsets.UTF_8);
      }
    }
    return text;
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    acceptor.interrupt();
  }
}
