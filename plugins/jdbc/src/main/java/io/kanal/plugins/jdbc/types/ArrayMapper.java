package io.kanal.plugins.jdbc.types;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.errors.DataException;
import java.sql.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps one-dimensional arrays of simple element types (PostgreSQL names them after the element with a leading
 * underscore: {@code _int4}, {@code _text}) to an ARRAY schema whose elements are optional, since SQL arrays may hold
 * {@code NULL}s. A multi-dimensional value has no faithful form in the schema and fails the row with a {@link
 * DataException} naming the column.
 *
 * <p>Stateless; any thread.
 */
final class ArrayMapper {

    private ArrayMapper() {}

    /** An element type: its schema and how a driver's element object becomes a value of it. */
    private record Element(Schema schema, Function<Object, Object> convert) {}

    static Optional<ColumnMapping> map(ColumnDescription column) {
        String elementType = column.typeName().toLowerCase(Locale.ROOT);
        if (elementType.startsWith("_")) {
            elementType = elementType.substring(1);
        }
        Optional<Element> element = element(elementType);
        if (element.isEmpty()) {
            return Optional.empty();
        }
        Element e = element.get();
        SchemaBuilder schema = SchemaBuilder.array(e.schema());
        String name = column.name();
        ValueReader reader = (rows, i) -> {
            Array array = rows.getArray(i);
            if (array == null) {
                return null;
            }
            try {
                return convert(name, (Object[]) array.getArray(), e.convert());
            } finally {
                array.free();
            }
        };
        return Optional.of(new ColumnMapping(name, ColumnMapper.finish(schema, column.optional()), reader));
    }

    private static List<Object> convert(String column, Object[] elements, Function<Object, Object> convert) {
        List<Object> values = new ArrayList<>(elements.length);
        for (Object element : elements) {
            if (element instanceof Object[]) {
                throw new DataException("column '" + column + "' holds a multi-dimensional array, which has no"
                        + " ARRAY schema counterpart; select it as text (" + column + "::text) instead");
            }
            values.add(element == null ? null : convert.apply(element));
        }
        return values;
    }

    private static Optional<Element> element(String type) {
        return Optional.ofNullable(
                switch (type) {
                    case "int2", "smallint" ->
                        new Element(Schema.OPTIONAL_INT16_SCHEMA, v -> ((Number) v).shortValue());
                    case "int4", "integer", "int" ->
                        new Element(Schema.OPTIONAL_INT32_SCHEMA, v -> ((Number) v).intValue());
                    case "int8", "bigint" -> new Element(Schema.OPTIONAL_INT64_SCHEMA, v -> ((Number) v).longValue());
                    case "float4", "real" ->
                        new Element(Schema.OPTIONAL_FLOAT32_SCHEMA, v -> ((Number) v).floatValue());
                    case "float8", "double precision" ->
                        new Element(Schema.OPTIONAL_FLOAT64_SCHEMA, v -> ((Number) v).doubleValue());
                    case "bool", "boolean" -> new Element(Schema.OPTIONAL_BOOLEAN_SCHEMA, v -> (Boolean) v);
                    case "text", "varchar", "bpchar", "char", "uuid", "json", "jsonb", "citext" ->
                        new Element(Schema.OPTIONAL_STRING_SCHEMA, Object::toString);
                    default -> null;
                });
    }
}
