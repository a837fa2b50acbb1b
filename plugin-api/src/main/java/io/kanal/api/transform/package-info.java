/** Single message transforms and the predicates that decide when they apply. */
package io.kanal.api.transform;
