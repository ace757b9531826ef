package io.oidcsso.plugin.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * Parses a request body as RFC 8259 JSON and nothing more lenient: Gson's own parser accepts
 * unquoted names, single quotes and comments, and keeps the last of two members with the same name.
 * A configuration passes through this tree before it is stored, so a duplicate member (which the
 * core refuses) must be refused here rather than silently dropped. Nesting is bounded.
 */
final class StrictJson {
    static final int MAX_DEPTH = 64;

    private StrictJson() {}

    /** @throws ApiException 400 {@code malformed_json} saying where and what */
    static JsonElement parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement value = read(reader, "", 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw malformed("more than one JSON value in the body");
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw malformed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static JsonElement read(JsonReader reader, String pointer, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH + " levels at " + pointer);
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT: {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    String at = pointer + "/" + Pointers.escape(name);
                    if (object.has(name)) {
                        throw malformed("the member " + at + " appears twice");
                    }
                    object.add(name, read(reader, at, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY: {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, pointer + "/" + array.size(), depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new LazilyParsedNumber(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw malformed("unexpected " + reader.peek() + " at " + (pointer.isEmpty() ? "the top" : pointer));
        }
    }

    private static ApiException malformed(String detail) {
        return new ApiException(400, "malformed_json", "the body is not valid JSON: " + detail);
    }
}
