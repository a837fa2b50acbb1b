package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class VariableReferenceTest {

    @Test
    void parsesProviderAndKey() {
        assertThat(VariableReference.findAll("${env:HOME}"))
                .containsExactly(new VariableReference("${env:HOME}", "env", "", "HOME"));
    }

    @Test
    void parsesProviderPathAndKey() {
        assertThat(VariableReference.findAll("${file:/etc/app.properties:db.password}"))
                .containsExactly(new VariableReference(
                        "${file:/etc/app.properties:db.password}", "file", "/etc/app.properties", "db.password"));
    }

    @Test
    void aPathMayContainColons() {
        assertThat(VariableReference.findAll("${file:C:\\secrets.properties:pw}"))
                .extracting(VariableReference::path, VariableReference::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("C:\\secrets.properties", "pw"));
    }

    @Test
    void findsSeveralReferencesInOrder() {
        List<VariableReference> references = VariableReference.findAll("${env:A}-${file:p:k}-${env:B}");

        assertThat(references).extracting(VariableReference::key).containsExactly("A", "k", "B");
    }

    @Test
    void ignoresTextThatIsNotAReference() {
        assertThat(VariableReference.findAll("$env:A {env:A} ${noColon} ${env:} ${} ${bad name:x}"))
                .isEmpty();
    }

    @Test
    void substituteLeavesUnresolvedReferencesAsWritten() {
        String result =
                VariableReference.substitute("a=${env:A}, b=${env:B}, dollar=${env:D}", ref -> switch (ref.key()) {
                    case "A" -> "1";
                    case "D" -> "$1\\";
                    default -> null;
                });

        assertThat(result).isEqualTo("a=1, b=${env:B}, dollar=$1\\");
    }

    @Property
    void textWithoutDollarBraceHasNoReferences(@ForAll String text) {
        net.jqwik.api.Assume.that(!text.contains("${"));
        assertThat(VariableReference.findAll(text)).isEmpty();
        assertThat(VariableReference.substitute(text, ref -> "x")).isEqualTo(text);
    }
}
