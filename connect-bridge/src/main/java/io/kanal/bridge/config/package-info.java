/**
 * Translation of Kafka Connect's configuration definitions ({@code ConfigDef}) to Kanal's {@code ConfigSpec}, with
 * Connect's validators and recommenders kept in force, and of Connect's validation results ({@code Config}, {@code
 * ConfigValue}) to Kanal's {@code ConfigValidationResult}. Entry points: {@link
 * io.kanal.bridge.config.ConfigDefTranslator} and {@link io.kanal.bridge.config.ValidationResultTranslator}.
 */
package io.kanal.bridge.config;
