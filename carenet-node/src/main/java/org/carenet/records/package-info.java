/**
 * Patients and their records across the network: card logins, registration at one hospital at a time (on the
 * network ledger), physicians and their affiliations, visits encrypted so that the hospital alone cannot read them,
 * the patient's consent grants, and transfers of the records between hospitals.
 */
@ApplicationModule(displayName = "Records")
package org.carenet.records;

import org.springframework.modulith.ApplicationModule;
