package io.kanal.bridge.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.DropHeaders;
import org.apache.kafka.connect.transforms.ExtractField;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.Flatten;
import org.apache.kafka.connect.transforms.HeaderFrom;
import org.apache.kafka.connect.transforms.HoistField;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.InsertHeader;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.SetSchemaMetadata;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.apache.kafka.connect.transforms.TimestampRouter;
import org.apache.kafka.connect.transforms.ValueToKey;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.apache.kafka.connect.transforms.predicates.TopicNameMatches;

/** Real configuration definitions of Apache's own plugins (connect-file, connect-transforms 4.3.1), by name. */
final class ApacheDefinitions {

    private ApacheDefinitions() {}

    /** @return every definition, in a stable order */
    static Map<String, ConfigDef> all() {
        Map<String, ConfigDef> all = new LinkedHashMap<>();
        all.put("FileStreamSourceConnector", new FileStreamSourceConnector().config());
        all.put("FileStreamSinkConnector", new FileStreamSinkConnector().config());
        all.put("Cast", new Cast.Value<>().config());
        all.put("DropHeaders", new DropHeaders<>().config());
        all.put("ExtractField", new ExtractField.Value<>().config());
        all.put("Filter", new Filter<>().config());
        all.put("Flatten", new Flatten.Value<>().config());
        all.put("HeaderFrom", new HeaderFrom.Value<>().config());
        all.put("HoistField", new HoistField.Value<>().config());
        all.put("InsertField", new InsertField.Value<>().config());
        all.put("InsertHeader", new InsertHeader<>().config());
        all.put("MaskField", new MaskField.Value<>().config());
        all.put("RegexRouter", new RegexRouter<>().config());
        all.put("ReplaceField", new ReplaceField.Value<>().config());
        all.put("SetSchemaMetadata", new SetSchemaMetadata.Value<>().config());
        all.put("TimestampConverter", new TimestampConverter.Value<>().config());
        all.put("TimestampRouter", new TimestampRouter<>().config());
        all.put("ValueToKey", new ValueToKey<>().config());
        all.put("HasHeaderKey", new HasHeaderKey<>().config());
        all.put("TopicNameMatches", new TopicNameMatches<>().config());
        return all;
    }

    /** @return values to try on every key: of every type, valid and not, for the differential checks */
    static List<String> candidateValues() {
        return List.of(
                "",
                " ",
                "x",
                "-1",
                "0",
                "1",
                "65536",
                "99999999999",
                "1.5",
                "true",
                "FALSE",
                "a,b",
                "a,,b",
                "java.lang.String",
                "com.example.Missing",
                "Timestamp",
                "unix",
                "int32",
                "f:int64",
                "${topic}-${timestamp}",
                "yyyyMMdd",
                "[",
                "include",
                "all");
    }
}
