package io.kanal.runtime.isolation;

import io.kanal.api.convert.Converter;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/** Stands in for a runtime built-in converter in the registry tests. */
public final class TestBuiltinConverter implements Converter {

    /** For the registry: built-ins are created through their public no-argument constructor. */
    public TestBuiltinConverter() {}

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.builder().build();
    }

    @Override
    public void configure(ParsedConfig config, boolean isKey) {}

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        return new byte[0];
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return SchemaAndValue.NULL;
    }
}
