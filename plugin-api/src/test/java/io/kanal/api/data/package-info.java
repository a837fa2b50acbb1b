/** Tests of the data model against Apache Kafka Connect's, and the fixtures that map one onto the other. */
package io.kanal.api.data;
