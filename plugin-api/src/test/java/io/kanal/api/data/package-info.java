/**
 * Tests of the data model against Apache Kafka Connect's, and the fixtures that map one onto the other. Other modules
 * use the fixtures through plugin-api's test-jar: {@link io.kanal.api.data.ApacheData} maps schemas, values and
 * headers between the two models, both ways; {@link io.kanal.api.data.DataArbitraries} generates random schemas,
 * valid and invalid values, projection targets and headers for differential properties.
 */
package io.kanal.api.data;
