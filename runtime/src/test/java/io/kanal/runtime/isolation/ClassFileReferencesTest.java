package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.isolation.ClassFileReferences.Kind;
import io.kanal.runtime.isolation.ClassFileReferences.MemberRef;
import io.kanal.runtime.isolation.spi.MissingMember;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClassFileReferencesTest {

    /** A class whose constant pool holds every kind of reference the reader reports, and longs and doubles. */
    static final class Sample {
        static final long BIG = 1L << 40;
        static final double HALF = 0.5;
        String[][] names = new String[1][1];
        int[] numbers = new int[1];

        long run(List<String> list, AtomicLong counter) {
            list.add("x"); // interface method
            Runnable lambda = counter::incrementAndGet; // invokedynamic and method handle entries
            lambda.run();
            return counter.get() + BIG + (long) HALF + names.length + numbers.length + System.out.hashCode();
        }
    }

    @Test
    void readsClassesMethodsInterfaceMethodsAndFields() throws IOException {
        ClassFileReferences refs = ClassFileReferences.read(bytesOf(Sample.class));

        assertThat(refs.className()).isEqualTo(Sample.class.getName());
        assertThat(refs.classes())
                .contains("java.util.List", "java.util.concurrent.atomic.AtomicLong", "java.lang.String")
                .doesNotContain(Sample.class.getName()); // its own entry is not a reference
        assertThat(refs.members())
                .contains(
                        new MemberRef(Kind.INTERFACE_METHOD, "java.util.List", "add", "(Ljava/lang/Object;)Z"),
                        new MemberRef(Kind.METHOD, "java.util.concurrent.atomic.AtomicLong", "get", "()J"),
                        new MemberRef(Kind.FIELD, "java.lang.System", "out", "Ljava/io/PrintStream;"),
                        new MemberRef(Kind.METHOD, "java.lang.Object", "<init>", "()V"));
    }

    @Test
    void anArrayClassEntryCountsAsItsElementClassAndPrimitiveArraysAsNothing() throws IOException {
        // new String[1][1] is a multianewarray of the class entry "[[Ljava/lang/String;".
        ClassFileReferences refs = ClassFileReferences.read(bytesOf(Sample.class));
        assertThat(refs.classes()).noneMatch(name -> name.startsWith("["));
    }

    @Test
    void readsTheJdksOwnClassFiles() throws IOException {
        // Big class files with every constant kind the JDK's compiler emits (module, dynamic constants aside).
        for (Class<?> type : List.of(String.class, java.util.HashMap.class, java.util.stream.Collectors.class)) {
            ClassFileReferences refs = ClassFileReferences.read(bytesOf(type));
            assertThat(refs.className()).isEqualTo(type.getName());
            assertThat(refs.members()).isNotEmpty();
        }
    }

    @Test
    void refusesWhatIsNoClassFile() throws IOException {
        assertThatThrownBy(() -> ClassFileReferences.read(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("magic");
        byte[] truncated = Arrays.copyOf(bytesOf(Sample.class), 40);
        assertThatThrownBy(() -> ClassFileReferences.read(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void missingMembersReadAsSourceCode() {
        assertThat(new MissingMember(
                                "org.apache.kafka.connect.source.SourceTask",
                                "commitRecord",
                                "(Lorg/apache/kafka/connect/source/SourceRecord;)V")
                        .display())
                .isEqualTo("SourceTask.commitRecord(SourceRecord)");
        assertThat(new MissingMember("a.B$C", "<init>", "([[IJLjava/lang/String;)V").display())
                .isEqualTo("new B.C(int[][], long, String)");
        assertThat(new MissingMember("a.B", "NAME", "Ljava/lang/String;").display())
                .isEqualTo("B.NAME");
        assertThat(new MissingMember("a.B", "NAME", "Ljava/lang/String;").key())
                .isEqualTo("a.B#NAME:Ljava/lang/String;");
        assertThat(new MissingMember("a.B", "f", "()V").key()).isEqualTo("a.B#f()V");
        assertThat(MissingMember.ofClass("a.B").display()).isEqualTo("class B");
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
