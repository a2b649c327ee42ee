package se.nara.sample.faults;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An HTTP/1.1-aware TCP proxy on 127.0.0.1 between tablets and the server, for fault injection.
 *
 * <p>It reads each request whole from the tablet, asks the {@link Plan} what to do with this
 * exchange, and then delivers it faithfully or breaks it: drops the connection before the
 * request reaches the server, after the server has answered but before the tablet sees the
 * answer, or in the middle of the answer; resets the connection (RST instead of FIN); delays the
 * answer; or delivers the same request twice. Because requests and responses are framed
 * (Content-Length or chunked), "after the request" really means the server has processed it.
 *
 * <p>When the server cannot be reached (it was killed), the tablet's connection is simply
 * closed, which a tablet sees as a network failure.
 */
final class FaultProxy implements Closeable {

  /** What happens to one request/response exchange. */
  enum Fault {
    /** Delivered both ways unchanged. */
    PASS,
    /** The connection closes (FIN) before the request reaches the server. */
    DROP_BEFORE_REQUEST,
    /** The connection is reset (RST) before the request reaches the server. */
    RESET_BEFORE_REQUEST,
    /** The server processes the request and answers; the tablet's connection closes instead. */
    DROP_AFTER_REQUEST,
    /** Like {@link #DROP_AFTER_REQUEST}, with a reset. */
    RESET_AFTER_REQUEST,
    /** The tablet gets the status line, headers and half the body, then the connection closes. */
    DROP_MID_RESPONSE,
    /** The answer is held for {@link FaultProxy#delayMillis} before it is delivered. */
    DELAY,
    /** The request reaches the server twice; the tablet gets the second answer. */
    DUPLICATE
  }

  /** One exchange as seen by the proxy. */
  static final class Exchange {
    final int index;
    final String method;
    final String path;
    final byte[] requestBody;
    volatile byte[] responseBody;
    volatile int status;

    Exchange(int index, String method, String path, byte[] requestBody) {
      this.index = index;
      this.method = method;
      this.path = path;
      this.requestBody = requestBody;
    }

    boolean isPush() {
      return path.startsWith("/api/v1/sync/push");
    }

    boolean isPull() {
      return path.startsWith("/api/v1/sync/pull");
    }

    String requestText() {
      return new String(requestBody, StandardCharsets.UTF_8);
    }

    String responseText() {
      byte[] body = responseBody;
      return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "#" + index + " " + method + " " + path;
    }
  }

  /** Decides the fault for each exchange. Called from connection threads. */
  interface Plan {
    Fault choose(Exchange exchange);
  }

  private final ServerSocket listener;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger exchanges = new AtomicInteger();
  private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
  private final List<Consumer<Exchange>> forwardedListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Exchange>> answeredListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Exchange>> deliveredListeners = new CopyOnWriteArrayList<>();
  private volatile int upstreamPort;
  private volatile Plan plan = e -> Fault.PASS;
  volatile long delayMillis = 200;
  private volatile boolean closed;

  /** Starts a proxy on a free loopback port that forwards to {@code upstreamPort}. */
  FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicInteger());
    }
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The URL tablets use to reach the server through the proxy. */
  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Points the proxy at a (restarted) server. */
  void upstream(int port) {
    this.upstreamPort = port;
  }

  /** Replaces the fault plan. */
  void plan(Plan plan) {
    this.plan = plan;
  }

  /** Called on the connection thread right after a request was written whole to the server. */
  void onForwarded(Consumer<Exchange> listener) {
    forwardedListeners.add(listener);
  }

  /** Called on the connection thread after the server's answer was read whole, before delivery. */
  void onAnswered(Consumer<Exchange> listener) {
    answeredListeners.add(listener);
  }

  /** Called on the connection thread after the answer was written whole to the tablet. */
  void onDelivered(Consumer<Exchange> listener) {
    deliveredListeners.add(listener);
  }

  /** Drops every listener. */
  void clearListeners() {
    forwardedListeners.clear();
    answeredListeners.clear();
    deliveredListeners.clear();
  }

  /** How many exchanges got each fault so far. */
  Map<Fault, Integer> injected() {
    Map<Fault, Integer> out = new EnumMap<>(Fault.class);
    injected.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Faults other than PASS injected so far. */
  int faultsInjected() {
    int n = 0;
    for (Map.Entry<Fault, AtomicInteger> e : injected.entrySet()) {
      if (e.getKey() != Fault.PASS) {
        n += e.getValue().get();
      }
    }
    return n;
  }

  /** Closes every open tablet and server connection (both sides see the network go away). */
  void cutAll() {
    for (Socket s : sockets) {
      quietClose(s);
    }
  }

  @Override
  public void close() {
    closed = true;
    quietClose(listener);
    cutAll();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        client.setTcpNoDelay(true);
        sockets.add(client);
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("fault proxy: accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try {
      InputStream fromClient = client.getInputStream();
      OutputStream toClient = client.getOutputStream();
      while (!closed) {
        Message request = Message.read(fromClient, true, null);
        if (request == null) {
          return; // the tablet closed an idle connection
        }
        Exchange exchange =
            new Exchange(exchanges.incrementAndGet(), request.method(), request.path(), request.body);
        Fault fault = plan.choose(exchange);
        injected.get(fault).incrementAndGet();
        if (fault == Fault.DROP_BEFORE_REQUEST) {
          return;
        }
        if (fault == Fault.RESET_BEFORE_REQUEST) {
          reset(client);
          return;
        }
        if (upstream == null || upstream.isClosed()) {
          upstream = connectUpstream();
          if (upstream == null) {
            return; // the server is down: the tablet sees the connection close
          }
        }
        Message response = roundTrip(upstream, request, exchange);
        if (response == null) {
          return;
        }
        if (fault == Fault.DUPLICATE) {
          Message second = roundTrip(upstream, request, exchange);
          if (second == null) {
            return;
          }
          response = second;
        }
        exchange.status = response.status();
        exchange.responseBody = decoded(response);
        for (Consumer<Exchange> l : answeredListeners) {
          l.accept(exchange);
        }
        switch (fault) {
          case DROP_AFTER_REQUEST:
            return;
          case RESET_AFTER_REQUEST:
            reset(client);
            return;
          case DROP_MID_RESPONSE:
            toClient.write(response.head);
            toClient.write(response.rawBody, 0, response.rawBody.length / 2);
            toClient.flush();
            return;
          case DELAY:
            Thread.sleep(delayMillis); // the injected fault itself: a slow network
            break;
          default:
            break;
        }
        toClient.write(response.head);
        toClient.write(response.rawBody);
        toClient.flush();
        for (Consumer<Exchange> l : deliveredListeners) {
          l.accept(exchange);
        }
        if (response.closes()) {
          return;
        }
      }
    } catch (IOException e) {
      // a side went away: close both
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      quietClose(client);
      sockets.remove(client);
      if (upstream != null) {
        quietClose(upstream);
        sockets.remove(upstream);
      }
    }
  }

  private Message roundTrip(Socket upstream, Message request, Exchange exchange) {
    try {
      OutputStream out = upstream.getOutputStream();
      out.write(request.head);
      out.write(request.rawBody);
      out.flush();
      for (Consumer<Exchange> l : forwardedListeners) {
        l.accept(exchange);
      }
      return Message.read(upstream.getInputStream(), false, request.method());
    } catch (IOException e) {
      return null;
    }
  }

  private Socket connectUpstream() {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
      sockets.add(s);
      return s;
    } catch (IOException e) {
      quietClose(s);
      return null;
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // closing still ends the connection
    }
    quietClose(s);
  }

  private static void quietClose(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** One HTTP/1.1 message, framed: the raw head, the raw body bytes and the decoded body. */
  /** The response body as the client reads it: gzip is undone (the server compresses large answers). */
  private static byte[] decoded(Message response) throws IOException {
    String encoding = response.headers.get("content-encoding");
    if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
      return response.body;
    }
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body))) {
      return in.readAllBytes();
    }
  }

  private static final class Message {
    final byte[] head;
    final byte[] rawBody;
    final byte[] body;
    final String startLine;
    final Map<String, String> headers;

    private Message(byte[] head, byte[] rawBody, byte[] body, String startLine, Map<String, String> headers) {
      this.head = head;
      this.rawBody = rawBody;
      this.body = body;
      this.startLine = startLine;
      this.headers = headers;
    }

    String method() {
      return startLine.split(" ")[0];
    }

    String path() {
      String[] parts = startLine.split(" ");
      return parts.length > 1 ? parts[1] : "";
    }

    int status() {
      String[] parts = startLine.split(" ");
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    boolean closes() {
      return "close".equalsIgnoreCase(headers.get("connection"));
    }

    /** Reads one message; null on a clean end of stream before its first byte. */
    static Message read(InputStream in, boolean isRequest, String requestMethod) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int last = 0; // the last four bytes read, newest in the low byte
      while (last != 0x0d0a0d0a) {
        int b = in.read();
        if (b < 0) {
          if (head.size() == 0) {
            return null;
          }
          throw new EOFException("connection closed inside a message head");
        }
        head.write(b);
        last = (last << 8) | b;
      }
      byte[] headBytes = head.toByteArray();
      String[] lines = new String(headBytes, StandardCharsets.ISO_8859_1).split("\r\n");
      Map<String, String> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      String startLine = lines[0];
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      boolean noBody =
          !isRequest
              && ("HEAD".equals(requestMethod)
                  || startLine.split(" ")[1].startsWith("1")
                  || startLine.split(" ")[1].equals("204")
                  || startLine.split(" ")[1].equals("304"));
      String length = headers.get("content-length");
      String encoding = headers.get("transfer-encoding");
      if (noBody) {
        // nothing follows the head
      } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
        while (true) {
          String sizeLine = readLine(in, raw);
          int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
          if (size == 0) {
            String trailer;
            do {
              trailer = readLine(in, raw);
            } while (!trailer.isEmpty());
            break;
          }
          byte[] chunk = in.readNBytes(size);
          if (chunk.length < size) {
            throw new EOFException("connection closed inside a chunk");
          }
          raw.write(chunk);
          body.write(chunk);
          readLine(in, raw);
        }
      } else if (length != null) {
        int n = Integer.parseInt(length);
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
          throw new EOFException("connection closed inside a body");
        }
        raw.write(bytes);
        body.write(bytes);
      } else if (!isRequest) {
        byte[] rest = in.readAllBytes(); // close-delimited response
        raw.write(rest);
        body.write(rest);
        headers.put("connection", "close");
      }
      return new Message(headBytes, raw.toByteArray(), body.toByteArray(), startLine, headers);
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
      StringBuilder line = new StringBuilder();
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("connection closed inside a chunked body");
        }
        raw.write(b);
        if (previous == '\r' && b == '\n') {
          line.setLength(line.length() - 1);
          return line.toString();
        }
        line.append((char) b);
        previous = b;
      }
    }
  }
}
