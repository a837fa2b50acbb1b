package io.kanal.runtime.herder.assign;

/**
 * Work nobody holds, to give out in this rebalance.
 *
 * @param work the connector name or task id
 * @param preferred the member it should go back to (its previous owner, a member again), {@code -1} for none
 */
record Unowned<E>(E work, int preferred) {}
