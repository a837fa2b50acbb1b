package io.kanal.codegen;

import java.util.List;

/**
 * A struct: the top-level message, an inline struct of a field, or a common struct.
 *
 * @param name the Java class name
 * @param fields the fields in spec order
 * @param versions the versions in which the struct can appear
 */
public record StructSpec(String name, List<FieldSpec> fields, Versions versions) {}
