package io.oidcsso.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java half of the golden fixtures ({@code rust/core/tests/data/contract}, written and asserted by
 * the core's {@code tests/login/contract.rs}): every fixture decodes into its record through
 * {@link EngineCodec} and encodes back JSON-equal, so a field the core adds, renames or drops, or one the
 * shim adds, fails here. A fixture is named after its type ({@code RouteDecision.chooser.json} is a
 * {@link RouteDecision}); {@code ConfigProblems.json} is {@code validateConfig}'s list.
 */
class EngineContractTest {
    private static final String PACKAGE = EngineContractTest.class.getPackageName() + ".";
    private static final String PROBLEMS = "ConfigProblems";

    private static Path fixtures() {
        return Path.of(System.getProperty("basedir", ".")).resolve("../../rust/core/tests/data/contract")
                .normalize();
    }

    private static List<Path> fixtureFiles() throws IOException {
        try (Stream<Path> files = Files.list(fixtures())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String typeName(Path fixture) {
        String name = fixture.getFileName().toString();
        return name.substring(0, name.indexOf('.'));
    }

    private static Object decode(String typeName, String json) throws ClassNotFoundException {
        if (typeName.equals(PROBLEMS)) {
            return EngineCodec.decodeProblems(json);
        }
        return EngineCodec.decode(json, Class.forName(PACKAGE + typeName));
    }

    @Test
    void fixturesWhenDecodedAndEncodedThenJsonEqual() throws Exception {
        List<Path> files = fixtureFiles();
        assertTrue(files.size() >= 20, "the fixtures are at " + fixtures() + ": " + files);
        for (Path file : files) {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            Object value = decode(typeName(file), json);
            JsonElement expected = JsonParser.parseString(json);
            JsonElement actual = JsonParser.parseString(EngineCodec.encode(value));
            assertEquals(expected, actual, file.getFileName() + ": the record does not carry the core's fields"
                    + " (the core's side: rust/core/src/api; regenerate with CONTRACT_UPDATE=1 cargo test -p"
                    + " oidc-sso-core --test login contract)");
        }
    }

    @Test
    void fixturesWhenListedThenEveryTypeOfTheEngineInterfacesHasOne() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Path file : fixtureFiles()) {
            named.add(typeName(file));
        }
        Set<String> used = new TreeSet<>();
        List<Method> methods = new ArrayList<>(List.of(LoginEngine.class.getMethods()));
        methods.addAll(List.of(EngineFactory.class.getMethods()));
        for (Method method : methods) {
            List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
            types.add(method.getGenericReturnType());
            for (Type type : types) {
                contractType(type).ifPresent(used::add);
            }
        }
        assertTrue(used.contains("LoginDecision") && used.contains(PROBLEMS), used.toString());
        // route() and render() send their request inside loginUi's tagged LoginUiRequest (its fixtures).
        if (used.remove("RouteRequest") | used.remove("RenderRequest")) {
            used.add("LoginUiRequest");
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(named);
        assertEquals(Set.of(), missing, "contract types without a golden fixture");
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(used);
        assertEquals(Set.of(), unknown, "fixtures of no type the shim uses");
    }

    /** The contract type a method parameter or result is, if it is one. */
    private static java.util.Optional<String> contractType(Type type) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] == ConfigProblem.class) {
            return java.util.Optional.of(PROBLEMS);
        }
        if (type instanceof Class<?> c && c.getPackageName().equals("io.oidcsso.plugin.engine")
                && (c.isRecord() || c.isSealed())) {
            return java.util.Optional.of(c.getSimpleName());
        }
        return java.util.Optional.empty();
    }

    @Test
    void fixturesWhenDecodedThenEveryVariantOfTheSealedTypesIsCovered() throws Exception {
        for (Class<?> sealed : List.of(RouteDecision.class, LoginUiRequest.class, BearerDecision.class)) {
            Set<Class<?>> seen = new HashSet<>();
            for (Path file : fixtureFiles()) {
                if (typeName(file).equals(sealed.getSimpleName())) {
                    seen.add(decode(typeName(file), Files.readString(file, StandardCharsets.UTF_8)).getClass());
                }
            }
            assertEquals(Set.of(sealed.getPermittedSubclasses()), seen, sealed.getSimpleName());
        }
    }
}
