package se.nara.sdk;

import java.util.Set;

/**
 * Told when local data changes, so screens can refresh: after a local write and after a pulled
 * page is applied. Called on the thread that made the change (the caller's for a write, the
 * sync thread for a pull), once the change is committed and outside the database's lock, so
 * another thread can read it at once; post to your UI thread yourself. Must return quickly.
 */
public interface ChangeListener {

  /**
   * Local data changed.
   *
   * @param entityTypes the wire names of the entity types that changed (e.g. {@code checklist_item})
   * @param patientIds the patients whose data changed; empty when only directory data changed
   */
  void onChange(Set<String> entityTypes, Set<String> patientIds);
}
