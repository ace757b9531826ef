package io.oidcsso.plugin.engine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.oidcsso.plugin.nativebridge.OidcInternalException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one JSON codec of the contract with the core: the records of this package to and from the JSON
 * of {@code rust/core/src/api} (golden fixtures in {@code rust/core/tests/data/contract}, checked by
 * {@code EngineContractTest}). Records bind by component name; the sealed {@link RouteDecision},
 * {@link BearerDecision} and {@link LoginUiRequest} carry their tag ({@code outcome}, {@code op}); {@link OpaqueJson} passes
 * through as it is. Nulls are written, as the core writes them. An answer this codec cannot read is
 * an {@link OidcInternalException} with {@code engine_protocol_error}.
 */
public final class EngineCodec {
    private static final Map<String, Class<? extends RouteDecision>> OUTCOMES = Map.of(
            "redirect", RouteDecision.Redirect.class,
            "chooser", RouteDecision.Chooser.class,
            "local", RouteDecision.Local.class,
            "pass", RouteDecision.Pass.class,
            "needsUser", RouteDecision.NeedsUser.class);

    private static final Map<String, Class<? extends BearerDecision>> BEARER_OUTCOMES = Map.of(
            "authenticated", BearerDecision.Authenticated.class,
            "pass", BearerDecision.Pass.class);

    private static final Gson GSON = new GsonBuilder()
            .serializeNulls()
            .disableHtmlEscaping()
            .registerTypeAdapterFactory(new ContractTypes())
            .create();

    private EngineCodec() {}

    public static String encode(Object value) {
        return GSON.toJson(value);
    }

    /** The record {@code json} encodes; an unreadable answer is {@code engine_protocol_error}. */
    public static <T> T decode(String json, Class<T> type) {
        return read(json, TypeToken.get(type), type.getSimpleName());
    }

    /** {@code validateConfig}'s answer, and the problems of an {@code OidcConfigException}. */
    public static List<ConfigProblem> decodeProblems(String json) {
        return read(json, new TypeToken<List<ConfigProblem>>() {}, "the configuration problems");
    }

    private static <T> T read(String json, TypeToken<T> type, String what) {
        T value;
        try {
            value = GSON.fromJson(json, type);
        } catch (RuntimeException e) {
            // Gson's message may quote the input (a token, a state): the shape is enough here.
            throw protocolError(what + " is not the JSON the contract describes (" + e.getClass().getSimpleName()
                    + ")");
        }
        if (value == null) {
            throw protocolError(what + " is missing");
        }
        return value;
    }

    static OidcInternalException protocolError(String detail) {
        String message = "the native engine answered in an unexpected shape: " + detail;
        return new OidcInternalException(message, ErrorCodes.ENGINE_PROTOCOL_ERROR, message);
    }

    /** The adapters of the types that are not plain records. */
    private static final class ContractTypes implements TypeAdapterFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (raw == OpaqueJson.class) {
                return (TypeAdapter<T>) new Opaque(gson.getAdapter(JsonElement.class));
            }
            if (RouteDecision.class.isAssignableFrom(raw)) {
                return (TypeAdapter<T>) new Outcomes<>(gson, this, OUTCOMES);
            }
            if (BearerDecision.class.isAssignableFrom(raw)) {
                return (TypeAdapter<T>) new Outcomes<>(gson, this, BEARER_OUTCOMES);
            }
            if (LoginUiRequest.class.isAssignableFrom(raw)) {
                return (TypeAdapter<T>) new Ops(gson, this);
            }
            return null;
        }
    }

    /** A JSON value passed on unread. */
    private static final class Opaque extends TypeAdapter<OpaqueJson> {
        private final TypeAdapter<JsonElement> elements;

        Opaque(TypeAdapter<JsonElement> elements) {
            this.elements = elements;
        }

        @Override
        public void write(JsonWriter out, OpaqueJson value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                elements.write(out, JsonParser.parseString(value.json()));
            }
        }

        @Override
        public OpaqueJson read(JsonReader in) throws IOException {
            JsonElement element = elements.read(in);
            return element == null || element.isJsonNull() ? null : new OpaqueJson(element.toString());
        }
    }

    /** {@link RouteDecision}, {@link BearerDecision}: the variant's fields with {@code outcome} first. */
    private static final class Outcomes<S> extends TypeAdapter<S> {
        private final TypeAdapter<JsonElement> elements;
        private final Map<String, Class<? extends S>> outcomes;
        /**
         * Each variant's record adapter, built once: Gson does not cache {@code getDelegateAdapter}, and
         * building a reflective record adapter on each call was two thirds of decoding a bearer decision.
         */
        private final Map<Class<?>, TypeAdapter<?>> variants;

        Outcomes(Gson gson, TypeAdapterFactory skip, Map<String, Class<? extends S>> outcomes) {
            this.elements = gson.getAdapter(JsonElement.class);
            this.outcomes = outcomes;
            Map<Class<?>, TypeAdapter<?>> built = new java.util.HashMap<>();
            for (Class<? extends S> type : outcomes.values()) {
                built.put(type, gson.getDelegateAdapter(skip, TypeToken.get(type)));
            }
            this.variants = Map.copyOf(built);
        }

        @Override
        public void write(JsonWriter out, S value) throws IOException {
            if (value == null) {
                out.nullValue();
                return;
            }
            String outcome = outcomes.entrySet().stream().filter(e -> e.getValue() == value.getClass())
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            elements.write(out, tagged("outcome", outcome, variant(value.getClass()).toJsonTree(value)));
        }

        @Override
        public S read(JsonReader in) throws IOException {
            JsonElement element = elements.read(in);
            if (element == null || element.isJsonNull()) {
                return null;
            }
            // Parsed just now and read only here: no copy needed before removing the tag.
            JsonObject object = element.getAsJsonObject();
            JsonElement outcome = object.remove("outcome");
            Class<? extends S> type = outcome == null ? null : outcomes.get(outcome.getAsString());
            if (type == null) {
                throw new IllegalArgumentException("a decision with an unknown outcome");
            }
            return variant(type).fromJsonTree(object);
        }

        @SuppressWarnings("unchecked")
        private TypeAdapter<S> variant(Class<?> type) {
            return (TypeAdapter<S>) variants.get(type);
        }
    }

    /** {@link LoginUiRequest}: {@code op} and the request's own fields side by side. */
    private static final class Ops extends TypeAdapter<LoginUiRequest> {
        private final TypeAdapter<RouteRequest> route;
        private final TypeAdapter<RenderRequest> render;
        private final TypeAdapter<JsonElement> elements;

        Ops(Gson gson, TypeAdapterFactory skip) {
            this.route = gson.getDelegateAdapter(skip, TypeToken.get(RouteRequest.class));
            this.render = gson.getDelegateAdapter(skip, TypeToken.get(RenderRequest.class));
            this.elements = gson.getAdapter(JsonElement.class);
        }

        @Override
        public void write(JsonWriter out, LoginUiRequest value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else if (value instanceof LoginUiRequest.Route r) {
                elements.write(out, tagged("op", "route", route.toJsonTree(r.request())));
            } else if (value instanceof LoginUiRequest.Render r) {
                elements.write(out, tagged("op", "render", render.toJsonTree(r.request())));
            }
        }

        @Override
        public LoginUiRequest read(JsonReader in) throws IOException {
            JsonElement element = elements.read(in);
            if (element == null || element.isJsonNull()) {
                return null;
            }
            JsonObject object = element.getAsJsonObject().deepCopy();
            JsonElement op = object.remove("op");
            String name = op == null ? "" : op.getAsString();
            switch (name) {
                case "route":
                    return new LoginUiRequest.Route(route.fromJsonTree(object));
                case "render":
                    return new LoginUiRequest.Render(render.fromJsonTree(object));
                default:
                    throw new IllegalArgumentException("a loginUi request with an unknown op");
            }
        }
    }

    /** {@code fields} with {@code tag} first. */
    private static JsonObject tagged(String tag, String value, JsonElement fields) {
        JsonObject object = new JsonObject();
        object.addProperty(tag, value);
        fields.getAsJsonObject().entrySet().forEach(e -> object.add(e.getKey(), e.getValue()));
        return object;
    }
}
