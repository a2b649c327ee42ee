package se.nara.sample;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Simulates the tablet losing its network: while off, every request fails the way a dead
 * network does (an IOException), so the SDK's real offline path runs.
 */
final class NetworkSwitch implements Interceptor {
  private volatile boolean online = true;

  boolean isOnline() {
    return online;
  }

  void setOnline(boolean online) {
    this.online = online;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!online) {
      throw new IOException("no network (the tablet is in offline mode)");
    }
    return chain.proceed(chain.request());
  }
}
