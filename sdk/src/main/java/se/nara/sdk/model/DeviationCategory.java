package se.nara.sdk.model;

/**
 * Kategori för en avvikelse (patient-safety deviation report).
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DeviationCategory {
  /** Läkemedel – medication handling. */
  MEDICATION("Läkemedel"),
  /**
   * Informationsöverföring vid vårdövergång – missing or wrong information at a care transition.
   */
  HANDOVER_INFORMATION("Informationsöverföring vid vårdövergång"),
  /** Hjälpmedel saknas – an assistive device was not in place. */
  AID_MISSING("Hjälpmedel saknas"),
  /** Rehabplan saknas – no rehabilitation plan was handed over. */
  REHAB_PLAN_MISSING("Rehabplan saknas"),
  /** Transport/sjukresa – problems with transport home. */
  TRANSPORT("Transport/sjukresa"),
  /** Sen registrering – an SVU message was sent late. */
  LATE_REGISTRATION("Sen registrering"),
  /** Läkemedelslista ej överens med epikris – the medication list does not match the epikris. */
  LIST_MISMATCH("Läkemedelslista ej överens med epikris"),
  /** Fall – a fall. */
  FALL("Fall"),
  /** Trycksår – a pressure ulcer. */
  PRESSURE_ULCER("Trycksår"),
  /** Annan vårdskada – another care injury. */
  OTHER_CARE_INJURY("Annan vårdskada"),
  /** Samverkan region–kommun – a failure in collaboration between region and kommun. */
  COLLABORATION("Samverkan region–kommun"),
  /** IT-avbrott – an IT outage affected care. */
  IT_OUTAGE("IT-avbrott");

  private final String label;

  DeviationCategory(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
