package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validator;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import io.kanal.runtime.transform.util.SchemaUtil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drops, keeps and renames top-level fields of the key or value: Kafka Connect's {@code ReplaceField}. A field is
 * kept when it is not in {@code exclude} and {@code include} is empty or lists it; kept fields are then renamed by
 * {@code renames} ({@code old:new} pairs). A {@code null} operand (a tombstone) passes through unchanged. The
 * {@code whitelist}/{@code blacklist} aliases of old Connect versions are gone from Connect 4, and from Kanal.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public abstract class ReplaceField<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code exclude}: fields to drop; wins over {@code include}. */
    public static final ConfigKey<List<String>> EXCLUDE = ConfigKey.builder("exclude", ConfigType.LIST)
            .defaultValue(List.of())
            .validator(CommonConfigs.fieldNames(true))
            .importance(Importance.MEDIUM)
            .documentation("Fields to exclude. This takes precedence over the fields to include.")
            .build();

    /** {@code include}: when not empty, the only fields kept. */
    public static final ConfigKey<List<String>> INCLUDE = ConfigKey.builder("include", ConfigType.LIST)
            .defaultValue(List.of())
            .validator(CommonConfigs.fieldNames(true))
            .importance(Importance.MEDIUM)
            .documentation("Fields to include. If specified, only these fields will be used.")
            .build();

    /** {@code renames}: {@code old:new} pairs. */
    public static final ConfigKey<List<String>> RENAMES = ConfigKey.builder("renames", ConfigType.LIST)
            .defaultValue(List.of())
            .validator(renameMappings())
            .importance(Importance.MEDIUM)
            .documentation("Field rename mappings, as a list of colon-separated pairs such as foo:bar,abc:xyz.")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(EXCLUDE)
            .define(INCLUDE)
            .define(RENAMES)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private static final String PURPOSE = "field replacement";

    private final Operand operand;
    private Set<String> exclude;
    private Set<String> include;
    private Map<String, String> renames;
    private Map<String, String> reverseRenames;
    private boolean replaceNullWithDefault;
    private final SchemaUpdateCache schemas = new SchemaUpdateCache();

    private ReplaceField(Operand operand) {
        this.operand = operand;
    }

    /**
     * Splits {@code old:new} pairs the way Connect does ({@code String.split(":")}, so trailing empty parts vanish
     * and {@code a:b:} is the pair {@code a}, {@code b}); a later pair for the same field wins.
     *
     * @param mappings the pairs
     * @return old name to new name
     * @throws IllegalArgumentException naming the first mapping that is not a pair
     */
    static Map<String, String> parseRenames(List<String> mappings) {
        Map<String, String> parsed = new HashMap<>();
        for (String mapping : mappings) {
            String[] parts = mapping.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("Invalid rename mapping: " + mapping);
            }
            parsed.put(parts[0], parts[1]);
        }
        return parsed;
    }

    private static Validator<List<String>> renameMappings() {
        return new Validator<>() {
            @Override
            public Optional<String> violation(List<String> value) {
                try {
                    parseRenames(value);
                    return Optional.empty();
                } catch (IllegalArgumentException invalid) {
                    return Optional.of(
                            "must be colon-separated pairs such as foo:bar,abc:xyz (" + invalid.getMessage() + ")");
                }
            }

            @Override
            public String describe() {
                return "list of colon-separated pairs, e.g. foo:bar,abc:xyz";
            }
        };
    }

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        exclude = new HashSet<>(CommonConfigs.withoutDuplicates(EXCLUDE.name(), config.get(EXCLUDE)));
        include = new HashSet<>(CommonConfigs.withoutDuplicates(INCLUDE.name(), config.get(INCLUDE)));
        renames = parseRenames(config.get(RENAMES));
        reverseRenames = new HashMap<>();
        renames.forEach((from, to) -> reverseRenames.put(to, from));
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
        schemas.clear();
    }

    @Override
    public R apply(R record) {
        Object value = operand.value(record);
        if (value == null) {
            return record;
        }
        Schema schema = operand.schema(record);
        return schema == null ? applySchemaless(record, value) : applyWithSchema(record, value);
    }

    private R applySchemaless(R record, Object operandValue) {
        Map<?, ?> value = Requirements.requireMap(operandValue, PURPOSE);
        Map<String, Object> updated = new HashMap<>(value.size());
        for (Map.Entry<?, ?> entry : value.entrySet()) {
            if (!(entry.getKey() instanceof String name)) {
                // Connect fails with a ClassCastException: a field name must be a string.
                throw new DataException("Only string field names supported for [" + PURPOSE + "], found: "
                        + Requirements.className(entry.getKey()));
            }
            if (keeps(name)) {
                updated.put(renamed(name), entry.getValue());
            }
        }
        return operand.with(record, null, updated);
    }

    private R applyWithSchema(R record, Object operandValue) {
        Struct value = Requirements.requireStruct(operandValue, PURPOSE);
        Schema updatedSchema = schemas.computeIfAbsent(value.schema(), this::updatedSchema);
        Struct updated = new Struct(updatedSchema);
        for (Field field : updatedSchema.fields()) {
            String original = reverseRenames.getOrDefault(field.name(), field.name());
            updated.put(field.name(), FieldValues.read(value, original, replaceNullWithDefault));
        }
        return operand.with(record, updatedSchema, updated);
    }

    private Schema updatedSchema(Schema schema) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            if (keeps(field.name())) {
                builder.field(renamed(field.name()), field.schema());
            }
        }
        return builder.build();
    }

    private boolean keeps(String field) {
        return !exclude.contains(field) && (include.isEmpty() || include.contains(field));
    }

    private String renamed(String field) {
        return renames.getOrDefault(field, field);
    }

    @Override
    public void close() {
        schemas.clear();
    }

    /**
     * Drops, keeps and renames fields of the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends ReplaceField<R> {
        /** Creates the transform; configure it before use. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Drops, keeps and renames fields of the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends ReplaceField<R> {
        /** Creates the transform; configure it before use. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
