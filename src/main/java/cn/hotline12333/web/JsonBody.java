package cn.hotline12333.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/** A request's JSON object body, read field by field: a field of the wrong JSON type is a 400 naming it. */
final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    static JsonBody parse(String body) throws ApiError {
        if (body == null || body.isBlank()) {
            throw new ApiError(400, "the body must be a JSON object");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (!(n instanceof ObjectNode o)) {
                throw new ApiError(400, "the body must be a JSON object");
            }
            return new JsonBody(o);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "the body is not JSON (line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    /** A string field, or null when absent or null. */
    String text(String field) throws ApiError {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiError(400, "field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    Integer integer(String field) throws ApiError {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isInt()) {
            throw new ApiError(400, "field '" + field + "' must be a whole number");
        }
        return v.intValue();
    }

    boolean flag(String field) throws ApiError {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ApiError(400, "field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    void onlyKnown(Set<String> known) throws ApiError {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ApiError(400, "field '" + f + "' is not known here");
            }
        }
    }
}
