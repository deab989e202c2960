package dev.synclog.agent.instrumentation.sdkmethod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.ListValue;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.NullValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/**
 * Real protobuf messages (Pub/Sub's, OpenTelemetry's, protobuf's well-known types) read by {@link ObjectJson}, checked
 * against what protobuf's own {@link JsonFormat} prints for them.
 */
class ProtobufJsonTest {
    private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer().omittingInsignificantWhitespace();

    private static String json(Object value) throws IOException {
        ObjectJson.Copy copy = ObjectJson.copy(value, 1 << 20);
        assertThat(copy.truncated()).isFalse();
        return new String(copy.bytes(), 0, copy.length(), StandardCharsets.UTF_8);
    }

    private static void readsAsJsonFormatPrints(MessageOrBuilder message) throws IOException {
        assertThat(json(message)).as(message.getDescriptorForType().getFullName()).isEqualTo(JSON_FORMAT.print(message));
    }

    private static PubsubMessage message(String rowId) {
        return PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8("{\"row\":\"" + rowId + "\"}"))
                .putAttributes("row_id", rowId)
                .putAttributes("source", "warehouse")
                .setOrderingKey("k-" + rowId)
                .setPublishTime(Timestamp.newBuilder().setSeconds(1_767_323_045L).setNanos(120_000_000))
                .build();
    }

    @Test
    void pubsubMessagesReadTheirSetFieldsByJsonNameWithDataAsBase64() throws IOException {
        PubsubMessage message = message("r-1");
        assertThat(json(message)).isEqualTo("{\"data\":\"eyJyb3ciOiJyLTEifQ==\",\"attributes\":{\"row_id\":\"r-1\","
                + "\"source\":\"warehouse\"},\"publishTime\":\"2026-01-02T03:04:05.120Z\",\"orderingKey\":\"k-r-1\"}");
        readsAsJsonFormatPrints(message);
        readsAsJsonFormatPrints(PublishRequest.newBuilder().setTopic("projects/p/topics/rows")
                .addMessages(message).addMessages(message("r-2")).build());
        readsAsJsonFormatPrints(PubsubMessage.getDefaultInstance());
    }

    @Test
    void buildersAndDynamicMessagesReadAsTheMessage() throws IOException {
        PubsubMessage message = message("r-1");
        assertThat(json(message.toBuilder())).isEqualTo(json(message));
        assertThat(json(DynamicMessage.newBuilder(message).build())).isEqualTo(json(message));
    }

    @Test
    void messagesInsideAppObjectsReadTheSame() throws IOException {
        record Batch(String topic, List<PubsubMessage> messages) {
        }
        assertThat(json(new Batch("rows", List.of(message("r-1")))))
                .isEqualTo("{\"topic\":\"rows\",\"messages\":[" + JSON_FORMAT.print(message("r-1")) + "]}");
    }

    @Test
    void enumsDurationsMapsAndUnknownEnumValuesPrintAsJsonFormat() throws IOException {
        readsAsJsonFormatPrints(Subscription.newBuilder().setName("projects/p/subscriptions/s").setAckDeadlineSeconds(10)
                .setMessageRetentionDuration(Duration.newBuilder().setSeconds(600).setNanos(500_000_000))
                .setRetryPolicy(RetryPolicy.newBuilder().setMinimumBackoff(Duration.newBuilder().setNanos(-1000).setSeconds(0))
                        .setMaximumBackoff(Duration.newBuilder().setSeconds(-3).setNanos(-1)))
                .putLabels("team", "data").setState(Subscription.State.ACTIVE).build());
        readsAsJsonFormatPrints(Topic.newBuilder().setName("projects/p/topics/t").setStateValue(99).build());
    }

    @Test
    void sixtyFourBitIntegersAsTextBytesAsBase64AndOneofs() throws IOException {
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff}))
                .setName("publish").setKind(Span.SpanKind.SPAN_KIND_PRODUCER)
                .setStartTimeUnixNano(-1L) // fixed64: unsigned
                .addAttributes(KeyValue.newBuilder().setKey("rows").setValue(AnyValue.newBuilder().setIntValue(-5)))
                .addAttributes(KeyValue.newBuilder().setKey("ratio").setValue(AnyValue.newBuilder().setDoubleValue(0.25)))
                .addAttributes(KeyValue.newBuilder().setKey("ok").setValue(AnyValue.newBuilder().setBoolValue(true)))
                .build();
        readsAsJsonFormatPrints(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build());
        assertThat(json(span)).contains("\"startTimeUnixNano\":\"18446744073709551615\"", "\"intValue\":\"-5\"");
    }

    @Test
    void wellKnownTypesReadAsTheJsonTheyStandFor() throws IOException {
        Struct struct = Struct.newBuilder()
                .putFields("email", Value.newBuilder().setStringValue("a@example.com").build())
                .putFields("age", Value.newBuilder().setNumberValue(41).build())
                .putFields("none", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("tags", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setBoolValue(true))
                        .addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                                .putFields("k", Value.newBuilder().setStringValue("v").build())))).build())
                .build();
        assertThat(json(struct)).isEqualTo("{\"email\":\"a@example.com\",\"age\":41.0,\"none\":null,"
                + "\"tags\":[true,{\"k\":\"v\"}]}");
        for (MessageOrBuilder value : List.of(struct, Timestamp.newBuilder().setSeconds(1).setNanos(1).build(),
                Timestamp.getDefaultInstance(), Duration.newBuilder().setSeconds(3).build(),
                Int64Value.of(-7), UInt64Value.of(-1L), UInt32Value.of(-1), DoubleValue.of(Double.NaN),
                FloatValue.of(0.1f), BoolValue.of(false), StringValue.of("s"), BytesValue.of(ByteString.copyFromUtf8("b")),
                Value.newBuilder().setNumberValue(1.5).build(), ListValue.getDefaultInstance())) {
            readsAsJsonFormatPrints(value);
        }
    }

    @Test
    void depthIsBoundedAsForOtherObjects() throws IOException {
        Struct nested = Struct.getDefaultInstance();
        for (int i = 0; i < ObjectJson.MAX_DEPTH + 5; i++) {
            nested = Struct.newBuilder().putFields("k", Value.newBuilder().setStructValue(nested).build()).build();
        }
        String text = json(nested);
        assertThat(text).startsWith("{\"k\":{\"k\":").contains("\"k\":null");
        assertThat(text.chars().filter(c -> c == '{').count()).isEqualTo(ObjectJson.MAX_DEPTH + 1);
        assertThat(json(Value.getDefaultInstance())).as("a Value with no kind, which JsonFormat refuses").isEqualTo("null");
    }

    @Test
    void bytesOverTheCapAreCutNotCopiedWhole() throws IOException {
        PubsubMessage large = PubsubMessage.newBuilder().setData(ByteString.copyFrom(new byte[1 << 20])).build();
        ObjectJson.Copy copy = ObjectJson.copy(large, 4096);
        assertThat(copy.truncated()).isTrue();
        assertThat(copy.length()).isEqualTo(4096);
        assertThat(new String(copy.bytes(), 0, 12, StandardCharsets.UTF_8)).isEqualTo("{\"data\":\"AAA");
    }

    @Test
    void durationTextKeepsThreeSixOrNineDigits() {
        assertThat(ProtobufJson.durationText(1, 500_000_000)).isEqualTo("1.500s");
        assertThat(ProtobufJson.durationText(0, 1_000)).isEqualTo("0.000001s");
        assertThat(ProtobufJson.durationText(0, 1)).isEqualTo("0.000000001s");
        assertThat(ProtobufJson.durationText(-2, -5_000_000)).isEqualTo("-2.005s");
    }
}
