/** Benchmarks of a Carenet network started on this machine: each measures one thing and prints a table. */
package org.carenet.bench;
