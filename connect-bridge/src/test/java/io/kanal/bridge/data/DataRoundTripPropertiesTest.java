package io.kanal.bridge.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.ApacheData;
import io.kanal.api.data.DataArbitraries;
import io.kanal.api.data.Headers;
import io.kanal.api.data.SchemaAndValue;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random schemas and values (the plugin API's generators: every type, logical types, optional, defaults, names,
 * versions, docs, parameters, nested containers and structs, unset fields) cross the bridge and come back equal, each
 * way. Each direction uses its own translator, so that no cache hands the original object back. The Connect side is
 * also compared with the plugin API's independent test mapping ({@link ApacheData}).
 */
class DataRoundTripPropertiesTest {

    @Provide
    Arbitrary<SchemaAndValue> data() {
        return DataArbitraries.schemasAndValues();
    }

    @Provide
    Arbitrary<Headers> headers() {
        return DataArbitraries.headers();
    }

    @Property(tries = 300)
    void kanalToConnectToKanalIsEqual(@ForAll("data") SchemaAndValue kanal) {
        org.apache.kafka.connect.data.SchemaAndValue connect = new DataTranslator().toConnect(kanal);
        SchemaAndValue back = new DataTranslator().toKanal(connect);

        assertThat(back.schema()).isEqualTo(kanal.schema());
        assertThat(back.value()).isEqualTo(kanal.value());
    }

    @Property(tries = 300)
    void connectToKanalToConnectIsEqual(@ForAll("data") SchemaAndValue generated) {
        org.apache.kafka.connect.data.SchemaAndValue connect = ApacheData.toApache(generated);

        SchemaAndValue kanal = new DataTranslator().toKanal(connect);
        org.apache.kafka.connect.data.SchemaAndValue back = new DataTranslator().toConnect(kanal);

        assertThat(back.schema()).isEqualTo(connect.schema());
        assertThat(back.value()).isEqualTo(connect.value());
    }

    @Property(tries = 300)
    void theConnectSideIsWhatAnIndependentMappingGives(@ForAll("data") SchemaAndValue kanal) {
        org.apache.kafka.connect.data.SchemaAndValue translated = new DataTranslator().toConnect(kanal);
        org.apache.kafka.connect.data.SchemaAndValue expected = ApacheData.toApache(kanal);

        assertThat(translated.schema()).isEqualTo(expected.schema());
        assertThat(translated.value()).isEqualTo(expected.value());
        assertThat(new DataTranslator().toKanal(expected)).isEqualTo(ApacheData.fromApache(expected));
    }

    @Property(tries = 200)
    void headersComeBackEqualInOrder(@ForAll("headers") Headers kanal) {
        org.apache.kafka.connect.header.Headers connect = new DataTranslator().headersToConnect(kanal);
        Headers back = new DataTranslator().headersToKanal(connect);

        assertThat(back).isEqualTo(kanal);
        assertThat(connect).isEqualTo(ApacheData.headersToApache(kanal));
    }

    @Property(tries = 200)
    void aSchemaThatComesBackIsTheOriginalObject(@ForAll("data") SchemaAndValue kanal) {
        DataTranslator translator = new DataTranslator();
        org.apache.kafka.connect.data.Schema connect = translator.toConnect(kanal.schema());

        assertThat(translator.toKanal(connect)).isSameAs(kanal.schema());
        assertThat(translator.toConnect(kanal.schema())).isSameAs(connect);
    }
}
