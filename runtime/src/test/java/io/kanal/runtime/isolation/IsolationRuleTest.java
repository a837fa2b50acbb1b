package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsolationRuleTest {

    private final IsolationRule rule = new IsolationRule(Set.of("javax.crypto", "org.w3c.dom", "jdk.internal.misc"));
    private final IsolationRule jvm = IsolationRule.forThisJvm();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java.lang.String",
                "java.util.concurrent.ConcurrentHashMap$Node",
                "javax.crypto.Cipher",
                "org.w3c.dom.Node",
                "io.kanal.api.convert.Converter",
                "io.kanal.api.errors.DataException",
                "io.kanal.config.ConfigSpec",
                "org.slf4j.Logger",
                "org.slf4j.spi.LocationAwareLogger"
            })
    void sharedTypesAreParentFirst(String className) {
        assertThat(rule.isParentFirst(className)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "com.fasterxml.jackson.databind.ObjectMapper",
                "io.kanal.runtime.convert.JsonConverter",
                "io.kanal.apix.Foo",
                "io.kanal.configuration.Foo",
                "io.kanal.Api",
                "org.slf4jx.Logger",
                "javax.crypto.spec.SecretKeySpec", // a subpackage is not implied by the set given
                "javax.ws.rs.Path",
                "org.apache.kafka.common.KafkaException",
                "Unpackaged"
            })
    void everythingElseIsChildFirst(String className) {
        assertThat(rule.isParentFirst(className)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javax.crypto.spec.SecretKeySpec",
                "javax.xml.parsers.DocumentBuilder",
                "org.xml.sax.SAXException",
                "org.ietf.jgss.GSSException",
                "jdk.jfr.Event",
                "javax.sql.DataSource",
                "javax.net.ssl.SSLContext"
            })
    void theJvmsPlatformPackagesAreParentFirst(String className) {
        assertThat(jvm.isParentFirst(className)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"javax.ws.rs.Path", "javax.servlet.Servlet", "javax.inject.Inject", "javax.annotation.Nonnull"})
    void javaxPackagesThatTheJdkDoesNotShipAreChildFirst(String className) {
        assertThat(jvm.isParentFirst(className)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "io/kanal/api/errors/DataException.class",
                "org/slf4j/impl/StaticLoggerBinder.class",
                "javax/crypto/Cipher.class",
                "java/lang/Object.class"
            })
    void resourcesOfSharedPackagesAreParentFirst(String resource) {
        assertThat(rule.isParentFirstResource(resource)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "META-INF/services/io.kanal.api.convert.Converter",
                "fixture/versioned/version.txt",
                "log4j2.xml",
                "io/kanal/runtime/x.properties"
            })
    void otherResourcesAreChildFirst(String resource) {
        assertThat(rule.isParentFirstResource(resource)).isFalse();
    }
}
