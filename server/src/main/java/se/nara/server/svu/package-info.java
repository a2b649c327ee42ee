/**
 * SVU messages from the hospital's systems (through an integration account): the only source
 * of a care episode's SVU times and status.
 */
package se.nara.server.svu;
