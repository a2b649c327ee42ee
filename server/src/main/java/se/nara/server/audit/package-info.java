/** The PDL access log: every server read and write of patient data is recorded here. */
package se.nara.server.audit;
