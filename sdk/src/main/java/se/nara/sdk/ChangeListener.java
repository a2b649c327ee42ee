package se.nara.sdk;

import java.util.Set;

/**
 * Told when local data changes, so screens can refresh: after a local write, after a pulled
 * page is applied, after data is removed, and after {@link NaraClient#signOut()}. Called on the
 * thread that made the change (the caller's for a write or a sign-out, the sync thread for a
 * pull), once the change is committed and outside the database's lock, so another thread can
 * read it at once; post to your UI thread yourself. Must return quickly.
 *
 * <p>After a sign-out, {@code entityTypes} names every entity type and {@code patientIds} every
 * patient with data on the device: nothing may be shown any more, and a read to refresh throws
 * {@link NotSignedInException}, the app's cue to show the sign-in screen.
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
