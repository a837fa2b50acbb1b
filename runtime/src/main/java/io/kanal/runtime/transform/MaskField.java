package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Values;
import io.kanal.api.errors.DataException;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces top-level fields of the key or value with an empty value of their type ({@code 0}, {@code false},
 * {@code ""}, an empty list or map, epoch 0 for dates) or, with {@code replacement}, with that string converted to
 * the field's type: Kafka Connect's {@code MaskField}. {@code null} stays {@code null}. Without a schema a masked
 * field that is absent is added as {@code null}, as Connect does. The operand must be a struct (with a schema) or
 * a map (without); a {@code null} one fails.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public abstract class MaskField<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code fields}: the fields to mask. */
    public static final ConfigKey<List<String>> FIELDS = ConfigKey.builder("fields", ConfigType.LIST)
            .required()
            .validator(CommonConfigs.fieldNames(false))
            .importance(Importance.HIGH)
            .documentation("Names of fields to mask.")
            .build();

    /** {@code replacement}: the mask for numeric and string fields; none by default. */
    public static final ConfigKey<String> REPLACEMENT = ConfigKey.builder("replacement", ConfigType.STRING)
            .validator(Validators.nonEmptyString())
            .importance(Importance.LOW)
            .documentation("Custom value replacement, that will be applied to all 'fields' values (numeric or"
                    + " non-empty string values only).")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(FIELDS)
            .define(REPLACEMENT)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private static final String PURPOSE = "mask fields";

    private final Operand operand;
    private Set<String> maskedFields;
    private String replacement;
    private boolean replaceNullWithDefault;

    private MaskField(Operand operand) {
        this.operand = operand;
    }

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        maskedFields = new HashSet<>(CommonConfigs.withoutDuplicates(FIELDS.name(), config.get(FIELDS)));
        replacement = config.find(REPLACEMENT).orElse(null);
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
    }

    @Override
    public R apply(R record) {
        return operand.schema(record) == null ? applySchemaless(record) : applyWithSchema(record);
    }

    private R applySchemaless(R record) {
        Map<String, Object> value = Requirements.requireMap(operand.value(record), PURPOSE);
        Map<String, Object> updated = new HashMap<>(value);
        for (String field : maskedFields) {
            updated.put(field, masked(value.get(field)));
        }
        return operand.with(record, null, updated);
    }

    private R applyWithSchema(R record) {
        Struct value = Requirements.requireStruct(operand.value(record), PURPOSE);
        Struct updated = new Struct(value.schema());
        for (Field field : value.schema().fields()) {
            Object fieldValue = FieldValues.read(value, field, replaceNullWithDefault);
            updated.put(field, maskedFields.contains(field.name()) ? masked(fieldValue) : fieldValue);
        }
        // The record's schema is kept as is, even when the struct carries another: as Connect does.
        return operand.with(record, operand.schema(record), updated);
    }

    private Object masked(Object value) {
        if (value == null) {
            return null;
        }
        return replacement == null ? emptyOfSameType(value) : converted(value, replacement);
    }

    /** The "empty" value of a value's exact class, as Connect chooses it. */
    private static Object emptyOfSameType(Object value) {
        Class<?> type = value.getClass();
        if (type == Boolean.class) {
            return Boolean.FALSE;
        } else if (type == Byte.class) {
            return (byte) 0;
        } else if (type == Short.class) {
            return (short) 0;
        } else if (type == Integer.class) {
            return 0;
        } else if (type == Long.class) {
            return 0L;
        } else if (type == Float.class) {
            return 0f;
        } else if (type == Double.class) {
            return 0d;
        } else if (type == BigInteger.class) {
            return BigInteger.ZERO;
        } else if (type == BigDecimal.class) {
            return BigDecimal.ZERO;
        } else if (type == java.util.Date.class) {
            return new java.util.Date(0);
        } else if (type == String.class) {
            return "";
        } else if (value instanceof List) {
            return new ArrayList<>();
        } else if (value instanceof Map) {
            return new HashMap<>();
        }
        throw new DataException("Cannot mask value of type: " + type);
    }

    /** The replacement converted to a value's exact class; only numbers and strings can take one. */
    private static Object converted(Object value, String replacement) {
        Class<?> type = value.getClass();
        try {
            if (type == Byte.class) {
                return Values.convertToByte(null, replacement);
            } else if (type == Short.class) {
                return Values.convertToShort(null, replacement);
            } else if (type == Integer.class) {
                return Values.convertToInteger(null, replacement);
            } else if (type == Long.class) {
                return Values.convertToLong(null, replacement);
            } else if (type == Float.class) {
                return Values.convertToFloat(null, replacement);
            } else if (type == Double.class) {
                return Values.convertToDouble(null, replacement);
            } else if (type == String.class) {
                return replacement;
            } else if (type == BigDecimal.class) {
                return new BigDecimal(replacement);
            } else if (type == BigInteger.class) {
                return new BigInteger(replacement);
            }
        } catch (NumberFormatException notANumber) {
            // Connect names the replacement's class here, not the field's; so does Kanal, for equal messages.
            throw new DataException(
                    "Unable to convert " + replacement + " (" + replacement.getClass() + ") to number", notANumber);
        }
        throw new DataException("Cannot mask value of type " + type + " with custom replacement.");
    }

    /**
     * Masks fields of the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends MaskField<R> {
        /** Creates the transform; configure it before use. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Masks fields of the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends MaskField<R> {
        /** Creates the transform; configure it before use. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
