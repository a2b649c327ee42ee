package se.nara.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A device clock a test moves forward, e.g. past the maximum time offline. */
final class MovableClock extends Clock {
  private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

  void advance(Duration by) {
    now.addAndGet(by.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(now.get());
  }
}
