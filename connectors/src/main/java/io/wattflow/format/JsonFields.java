package io.wattflow.format;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.RawRecord;

import java.io.IOException;

import java.time.DateTimeException;
import java.time.ZoneId;

/** Typed reads of JSON fields that fail with a reason code instead of a Jackson exception. */
final class JsonFields {
    private JsonFields() {}

    /** How a JSON format turns the object of one record into a reading; throws {@link MalformedFieldException}. */
    interface ObjectReader {
        MeterReading read(JsonNode root, RawRecord raw);
    }

    /**
     * The shared frame of the JSON formats: parse the bytes, require an object, read it; broken JSON,
     * a non-object and a malformed field all become refusals with their reason.
     */
    static ParseResult parseObject(ObjectMapper mapper, RawRecord raw, ObjectReader reader) {
        JsonNode root;
        try {
            root = mapper.readTree(raw.payload);
        } catch (IOException e) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, "not JSON: " + Messages.firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, "not a JSON object");
        }
        try {
            return ParseResult.ok(reader.read(root, raw));
        } catch (MalformedFieldException e) {
            return ParseResult.refused(e.reason, e.getMessage());
        }
    }

    /**
     * A mapper that reads NaN and Infinity, so they are refused as invalid numbers, not as broken JSON;
     * and that refuses anything after the object (a second object on the line, trailing garbage), which
     * Jackson would otherwise drop silently.
     */
    static ObjectMapper lenientNumbersMapper() {
        return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** The number at {@code field}, null when absent or JSON null; a string or object is malformed. */
    static Double optionalNumber(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "'" + field + "' is not a number: " + node);
        }
        return node.doubleValue();
    }

    static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "'" + field + "' is not text: " + node);
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }

    /** A timestamp that is a number (epoch s or ms) or a string; null when absent. */
    static Long optionalTimestamp(JsonNode parent, String field, ZoneId naiveZone) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                return Timestamps.fromEpochNumber(node.doubleValue());
            }
            if (node.isTextual()) {
                return Timestamps.parseMillis(node.asText(), naiveZone);
            }
        } catch (DateTimeException e) {
            throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "'" + field + "' is not a timestamp: " + node);
        }
        throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, "'" + field + "' is not a timestamp: " + node);
    }
}
