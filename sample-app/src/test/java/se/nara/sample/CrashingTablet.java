package se.nara.sample;

import se.nara.sdk.NaraClient;
import se.nara.sdk.model.ItemState;

/**
 * Runs in its own JVM: opens a tablet's database, ticks one checklist item and dies at once,
 * without closing anything or syncing, the way the OS kills an app.
 */
public final class CrashingTablet {
  private CrashingTablet() {}

  public static void main(String[] args) {
    String serverUrl = args[0];
    String database = args[1];
    String itemId = args[2];
    NaraClient nara = NaraClient.builder().serverUrl(serverUrl).databasePath(database).build();
    nara.checklists().setState(itemId, ItemState.DONE, "Ifylld precis innan appen dödades");
    System.out.println("written");
    System.out.flush();
    Runtime.getRuntime().halt(137);
  }
}
