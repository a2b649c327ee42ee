package se.nara.sdk.internal.store;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import se.nara.sdk.ChangeListener;

/** Fans local changes out to the app's listeners; a failing listener never breaks a write or sync. */
public final class ChangeNotifier {
  private static final Logger LOG = Logger.getLogger("se.nara.sdk");
  private final CopyOnWriteArrayList<ChangeListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener. */
  public void add(ChangeListener listener) {
    listeners.addIfAbsent(listener);
  }

  /** Removes a listener. */
  public void remove(ChangeListener listener) {
    listeners.remove(listener);
  }

  /** Tells every listener. */
  public void fire(Set<String> types, Set<String> patients) {
    if (types.isEmpty()) {
      return;
    }
    Set<String> t = Collections.unmodifiableSet(types);
    Set<String> p = Collections.unmodifiableSet(patients);
    for (ChangeListener listener : listeners) {
      try {
        listener.onChange(t, p);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a change listener failed", e);
      }
    }
  }
}
