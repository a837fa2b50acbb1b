/**
 * Kanal's data model, one-to-one with Kafka Connect's {@code org.apache.kafka.connect.data}: {@link
 * io.kanal.api.data.Schema} and its {@link io.kanal.api.data.SchemaBuilder}, {@link io.kanal.api.data.Struct}, the
 * logical types {@link io.kanal.api.data.Decimal}, {@link io.kanal.api.data.Date}, {@link io.kanal.api.data.Time} and
 * {@link io.kanal.api.data.Timestamp}, {@link io.kanal.api.data.SchemaAndValue}, {@link
 * io.kanal.api.data.SchemaProjector}, and record {@link io.kanal.api.data.Headers}.
 *
 * <p>The same values are valid or invalid, and equal or not, as in Connect, so that converters produce the same
 * bytes and transforms the same results. The one change of shape: {@link io.kanal.api.data.Headers} are immutable
 * and their editors return new instances.
 *
 * <p>Threading: built schemas ({@link io.kanal.api.data.ConnectSchema}), {@link io.kanal.api.data.Field}, {@link
 * io.kanal.api.data.Header} and {@link io.kanal.api.data.Headers} are immutable and may be shared between threads;
 * {@link io.kanal.api.data.SchemaBuilder} and {@link io.kanal.api.data.Struct} are mutable and must be confined to one
 * thread until handed over (a struct must not change after it is put in a record). The static helpers are stateless.
 *
 * <p>Bad input is reported as {@link io.kanal.api.errors.DataException} (or its subclass {@link
 * io.kanal.api.errors.SchemaBuilderException}) naming the field or property; never as a null pointer or class cast
 * error.
 */
package io.kanal.api.data;
