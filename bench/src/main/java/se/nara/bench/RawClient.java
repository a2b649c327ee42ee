package se.nara.bench;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.LoginResponse;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.PushResponse;

/**
 * Protocol v1 spoken directly over OkHttp, without the SDK's local database: what a tablet
 * costs the server, with as little client work as possible. Pull pages are read with a
 * streaming parser that counts records and skips their contents.
 */
final class RawClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** Counts the bytes that cross the sockets of one OkHttp client (headers and bodies, as sent). */
  static final class WireCounter extends SocketFactory {
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();

    long total() {
      return bytesIn.get() + bytesOut.get();
    }

    void reset() {
      bytesIn.set(0);
      bytesOut.set(0);
    }

    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public InputStream getInputStream() throws IOException {
          return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
              int b = super.read();
              if (b >= 0) {
                bytesIn.incrementAndGet();
              }
              return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
              int n = super.read(buf, off, len);
              if (n > 0) {
                bytesIn.addAndGet(n);
              }
              return n;
            }
          };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
          return new FilterOutputStream(super.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
              bytesOut.incrementAndGet();
              out.write(b);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
              bytesOut.addAndGet(len);
              out.write(buf, off, len);
            }
          };
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return createSocket(address, port);
    }
  }

  /** An OkHttp client for many tablets at once (a large idle pool), counting wire bytes. */
  static OkHttpClient http(WireCounter counter) {
    return new OkHttpClient.Builder()
        .socketFactory(counter)
        .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
        .connectTimeout(30, TimeUnit.SECONDS)
        .readTimeout(120, TimeUnit.SECONDS)
        .callTimeout(300, TimeUnit.SECONDS)
        .build();
  }

  /** A pull page as counted by the streaming reader. */
  /** {@code serverMs}: the server's own time from its Server-Timing header (NaN if absent). */
  record Page(int records, String nextCursor, boolean hasMore, long bytes, double serverMs) {}

  /** A drift check's answer: its size and the server's own time. */
  record Verified(long bytes, double serverMs) {}

  /** {@code GET /api/v1/sync/verify} at {@code cursor}. */
  Verified verify(String token, String cursor) throws IOException {
    Request request =
        new Request.Builder()
            .url(base + "/api/v1/sync/verify?cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8))
            .header(ProtocolVersion.HEADER, Integer.toString(ProtocolVersion.CURRENT))
            .header("Authorization", "Bearer " + token)
            .get()
            .build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      if (response.code() != 200) {
        throw new IOException("verify answered " + response.code() + ": " + body);
      }
      return new Verified(body.getBytes(StandardCharsets.UTF_8).length, serverMillis(response.header("Server-Timing")));
    }
  }

  /** The {@code app;dur=} value of a Server-Timing header, in milliseconds. */
  static double serverMillis(String header) {
    if (header == null) {
      return Double.NaN;
    }
    int at = header.indexOf("dur=");
    if (at < 0) {
      return Double.NaN;
    }
    int end = at + 4;
    while (end < header.length() && (Character.isDigit(header.charAt(end)) || header.charAt(end) == '.')) {
      end++;
    }
    return Double.parseDouble(header.substring(at + 4, end));
  }

  private final OkHttpClient http;
  private final String base;

  RawClient(OkHttpClient http, String baseUrl) {
    this.http = http;
    this.base = baseUrl;
  }

  LoginResponse login(String username, String deviceId) throws IOException {
    return post("/api/v1/auth/login", new LoginRequest(username, DataGen.PASSWORD, deviceId, "bench " + deviceId.substring(0, 8)), null, LoginResponse.class);
  }

  PushResponse push(String token, String deviceId, List<Mutation> mutations) throws IOException {
    return post("/api/v1/sync/push", new PushRequest(deviceId, mutations, mutations.size(), null), token, PushResponse.class);
  }

  /**
   * A push request's body, encoded ahead of time: the throughput run sends bodies made before its
   * clock starts, so the simulated tablets' JSON encoding does not take CPU from the server it
   * measures (both share this machine's cores).
   */
  static byte[] pushBody(String deviceId, List<Mutation> mutations) {
    return Json.gson().toJson(new PushRequest(deviceId, mutations, mutations.size(), null)).getBytes(StandardCharsets.UTF_8);
  }

  /** Sends a body made by {@link #pushBody}. */
  PushResponse push(String token, byte[] body) throws IOException {
    return post("/api/v1/sync/push", RequestBody.create(body, JSON), token, PushResponse.class);
  }

  Page pull(String token, String cursor, int limit) throws IOException {
    StringBuilder url = new StringBuilder(base).append("/api/v1/sync/pull?limit=").append(limit);
    if (cursor != null) {
      url.append("&cursor=").append(cursor);
    }
    Request request =
        new Request.Builder()
            .url(url.toString())
            .header(ProtocolVersion.HEADER, Integer.toString(ProtocolVersion.CURRENT))
            .header("Authorization", "Bearer " + token)
            .get()
            .build();
    try (Response response = http.newCall(request).execute()) {
      if (response.code() != 200) {
        throw new IOException("pull answered " + response.code() + ": " + response.body().string());
      }
      int count = 0;
      String next = null;
      boolean more = false;
      CountingStream body = new CountingStream(response.body().byteStream());
      try (JsonReader reader = new JsonReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (name.equals("records")) {
            reader.beginArray();
            while (reader.hasNext()) {
              reader.skipValue();
              count++;
            }
            reader.endArray();
          } else if (name.equals("nextCursor") && reader.peek() == JsonToken.STRING) {
            next = reader.nextString();
          } else if (name.equals("hasMore")) {
            more = reader.nextBoolean();
          } else {
            reader.skipValue();
          }
        }
        reader.endObject();
      }
      return new Page(count, next, more, body.count, serverMillis(response.header("Server-Timing")));
    }
  }

  /** Pulls until caught up; returns {records, pages}, and leaves the cursor in {@code cursor[0]}. */
  long[] pullAll(String token, String[] cursor, int limit) throws IOException {
    long records = 0;
    long pages = 0;
    while (true) {
      Page page = pull(token, cursor[0], limit);
      records += page.records();
      pages++;
      if (page.nextCursor() != null) {
        cursor[0] = page.nextCursor();
      }
      if (!page.hasMore()) {
        return new long[] {records, pages};
      }
    }
  }

  private <T> T post(String path, Object body, String token, Class<T> type) throws IOException {
    return post(path, RequestBody.create(Json.gson().toJson(body), JSON), token, type);
  }

  private <T> T post(String path, RequestBody body, String token, Class<T> type) throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(base + path)
            .header(ProtocolVersion.HEADER, Integer.toString(ProtocolVersion.CURRENT))
            .post(body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try (Response response = http.newCall(b.build()).execute()) {
      String text = response.body().string();
      if (response.code() != 200) {
        throw new IOException(path + " answered " + response.code() + ": " + text);
      }
      return Json.gson().fromJson(text, type);
    }
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
