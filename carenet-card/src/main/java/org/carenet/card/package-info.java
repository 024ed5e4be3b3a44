/**
 * Patient cards and the cryptography of records built on them: a patient's network identifier and keys certified by
 * the network operator, the card file, login challenges, consent grants the card signs, physicians' sealed network
 * identities, and the data keys records are encrypted under, wrapped to patients' and physicians' keys.
 */
package org.carenet.card;
