/**
 * Patient cards: a patient's network identifier and keys, certified by the network operator, kept by the patient.
 */
package org.carenet.card;
