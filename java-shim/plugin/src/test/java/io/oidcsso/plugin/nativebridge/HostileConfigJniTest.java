package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.oidcsso.plugin.engine.ConfigProblem;
import io.oidcsso.plugin.engine.EngineCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hostile configuration documents of {@code rust/core/tests/data/hostile-configs.json} (issue 8),
 * through the real cdylib's {@code validateConfig} and the shim's parser: every one comes back as a
 * bounded problem list the shim can read (root problems included, pointer {@code ""}), with the
 * expected pointer, quickly, and without the secret marker.
 */
class HostileConfigJniTest {
    private static final Path CASES = Paths.get("../../rust/core/tests/data/hostile-configs.json");
    /** A hang guard per document, not a benchmark. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final int MAX_PROBLEMS = 100;
    private static final int MAX_ANSWER_BYTES = 256 * 1024;

    @Test
    void validateConfigWhenHostileDocumentsThenBoundedProblemsTheShimCanReadAndNoSecret() throws IOException {
        JsonObject file = JsonParser.parseString(Files.readString(CASES, StandardCharsets.UTF_8)).getAsJsonObject();
        String marker = file.get("marker").getAsString();
        JsonArray cases = file.getAsJsonArray("cases");
        assertTrue(cases.size() >= 40, "only " + cases.size() + " cases");
        Native.requireLoaded();
        List<String> failures = new ArrayList<>();
        for (JsonElement element : cases) {
            JsonObject c = element.getAsJsonObject();
            String name = c.get("name").getAsString();
            long started = System.nanoTime();
            String answer = new String(Native.validateConfig(build(c.getAsJsonArray("parts"))), StandardCharsets.UTF_8);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            List<ConfigProblem> problems = EngineCodec.decodeProblems(answer);
            List<String> pointers = problems.stream().map(ConfigProblem::pointer).toList();
            if (took.compareTo(HANG_GUARD) > 0) {
                failures.add(name + ": took " + took);
            }
            if (problems.isEmpty() || problems.size() > MAX_PROBLEMS + 1 || answer.length() > MAX_ANSWER_BYTES) {
                failures.add(name + ": " + problems.size() + " problems, " + answer.length() + " chars");
            }
            if (answer.contains(marker)) {
                failures.add(name + ": the secret is echoed");
            }
            if (c.has("expect") && !pointers.contains(c.get("expect").getAsString())) {
                failures.add(name + ": no problem at \"" + c.get("expect").getAsString() + "\" in " + pointers);
            }
            if (c.has("expectPrefix")
                    && pointers.stream().noneMatch(p -> p.startsWith(c.get("expectPrefix").getAsString()))) {
                failures.add(name + ": no problem under " + c.get("expectPrefix").getAsString());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void validateConfigWhenWholeDocumentWrongThenOneRootProblemNotAProtocolError() {
        for (String document : List.of("", "null", "[]", "{} x", "{\"a\": ", "\uFEFF{}")) {
            List<ConfigProblem> problems = EngineCodec.decodeProblems(OidcEngine.validateConfig(document));

            assertEquals(1, problems.size(), document + ": " + problems);
            assertEquals("", problems.get(0).pointer(), document);
            assertTrue(problems.get(0).toString().startsWith("(the document): "), problems.toString());
        }
    }

    /** Each {@code [text, times]} part repeated; a {@code hex:} text is raw bytes. */
    private static byte[] build(JsonArray parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonElement element : parts) {
            JsonArray part = element.getAsJsonArray();
            String text = part.get(0).getAsString();
            byte[] piece = text.startsWith("hex:") ? hex(text.substring(4)) : text.getBytes(StandardCharsets.UTF_8);
            long times = part.get(1).getAsLong();
            for (long i = 0; i < times; i++) {
                out.write(piece, 0, piece.length);
            }
        }
        return out.toByteArray();
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
