/**
 * Support shared by Kanal's built-in transforms: operand checks with Kafka Connect's messages ({@link
 * io.kanal.runtime.transform.util.Requirements}), schema copying and a schema-update cache.
 */
package io.kanal.runtime.transform.util;
