package se.nara.sdk.model;

/**
 * Grupp (avsnitt) in a discharge checklist; orders the items on screen.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ChecklistGroup {
  /** Ankomst – arrival at the home. */
  ARRIVAL("Ankomst"),
  /** Dokument – epikris, läkemedelsberättelse and other documents. */
  DOCUMENTS("Dokument"),
  /** Läkemedel – medicines at home and the medication list. */
  MEDICINES("Läkemedel"),
  /** Hjälpmedel – assistive devices and medical devices. */
  AIDS("Hjälpmedel"),
  /** Hemmiljö – the home environment, including fall risks. */
  HOME("Hemmiljö"),
  /** Insatser – home-care services and other insatser in place. */
  SERVICES("Insatser"),
  /** Åtkomst och säkerhet – keys, alarms and safe access to the home. */
  ACCESS_SAFETY("Åtkomst och säkerhet"),
  /** Kontakt – whom the patient contacts, e.g. the fast vårdkontakt. */
  CONTACT("Kontakt"),
  /** Uppföljning – booked follow-up visits and pending tests. */
  FOLLOW_UP("Uppföljning"),
  /** Information – information and teach-back with the patient. */
  EDUCATION("Information"),
  /** Närstående – information to and involvement of relatives. */
  RELATIVES("Närstående"),
  /** Transport – transport home (sjukresa). */
  TRANSPORT("Transport"),
  /** Avslut – closing the checklist. */
  CLOSURE("Avslut");

  private final String label;

  ChecklistGroup(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
