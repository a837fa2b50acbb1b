package io.kanal.codegen;

import java.util.List;

/**
 * One field of a message or struct, as the JSON spec describes it.
 *
 * @param name the spec name, in PascalCase
 * @param type the field type
 * @param versions the versions that carry the field
 * @param nullableVersions the versions in which it may be null
 * @param tag the tag of a tagged field, or {@code null}
 * @param taggedVersions the versions in which the field is tagged
 * @param flexibleVersions a field-level override of the message's flexible versions, or {@code null}
 * @param ignorable whether a non-default value may be dropped silently at a version without the field
 * @param defaultValue the spec default text, or {@code null}
 * @param about the documentation
 * @param fields the fields of an inline struct, empty otherwise
 */
public record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Integer tag,
        Versions taggedVersions,
        Versions flexibleVersions,
        boolean ignorable,
        String defaultValue,
        String about,
        List<FieldSpec> fields) {

    /**
     * The Java name of the field: the spec name with a lower-case first letter.
     *
     * @return the camelCase name
     */
    public String javaName() {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /**
     * Whether the field is tagged in some version.
     *
     * @return true if it has a tag
     */
    public boolean isTagged() {
        return tag != null;
    }
}
