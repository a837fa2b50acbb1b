package io.kanal.runtime.transform.util;

import io.kanal.api.data.Field;
import io.kanal.api.data.Struct;

/**
 * Reads a struct field the way the transforms' {@code replace.null.with.default} setting asks. Stateless and
 * thread-safe.
 */
public final class FieldValues {

    private FieldValues() {}

    /**
     * Reads a field by its {@link Field}: with defaults, a null value reads as the field schema's default.
     *
     * @param struct the struct to read
     * @param field a field of the struct's schema
     * @param replaceNullWithDefault whether an unset field reads as its default
     * @return the value
     * @throws io.kanal.api.errors.DataException when the field is not in the struct's schema
     */
    public static Object read(Struct struct, Field field, boolean replaceNullWithDefault) {
        return replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name());
    }

    /**
     * Reads a field by name: with defaults, a null value reads as the field schema's default.
     *
     * @param struct the struct to read
     * @param name a field name of the struct's schema
     * @param replaceNullWithDefault whether an unset field reads as its default
     * @return the value
     * @throws io.kanal.api.errors.DataException when the struct's schema has no such field
     */
    public static Object read(Struct struct, String name, boolean replaceNullWithDefault) {
        return replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name);
    }
}
