/** Private PostgreSQL servers for tests and benchmarks: a temporary data directory on a free port, per caller. */
package io.kanal.testkit.postgres;
