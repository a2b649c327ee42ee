package se.nara.sample.faults;

import java.nio.file.Path;
import se.nara.server.NaraServer;

/**
 * The server in its own JVM, for crash tests: {@code ServerMain <data dir>} starts a server on a
 * free loopback port with the demo data set (seeded only into an empty database), prints {@code
 * NARA-READY <port>} and runs until it is killed.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    NaraServer server = NaraServer.start(Servers.config(Path.of(args[0])));
    System.out.println("NARA-READY " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
