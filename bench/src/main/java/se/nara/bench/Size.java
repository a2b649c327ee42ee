package se.nara.bench;

/**
 * Benchmark data sizes from DOMAIN.md section (c). Every patient gets the same clinical content
 * (see {@link DataGen}); the sizes differ in teams, staff and patients.
 */
public enum Size {
  /** One hemtagningsteam: 15 staff, 120 patients. */
  TEAM(1, 15, 120),
  /** One municipality: 10 teams of 15 staff, 2,000 patients (200 per team). */
  MUNICIPALITY(10, 15, 200),
  /** A few seconds' worth, for the smoke test only. */
  SMOKE(1, 4, 6);

  final int teams;
  final int staffPerTeam;
  final int patientsPerTeam;

  Size(int teams, int staffPerTeam, int patientsPerTeam) {
    this.teams = teams;
    this.staffPerTeam = staffPerTeam;
    this.patientsPerTeam = patientsPerTeam;
  }

  int patients() {
    return teams * patientsPerTeam;
  }

  int staff() {
    return teams * staffPerTeam;
  }
}
