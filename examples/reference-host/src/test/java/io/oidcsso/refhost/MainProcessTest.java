package io.oidcsso.refhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract, on a real process: ready line, exit codes, messages. */
class MainProcessTest {
    private static final String READY = "reference-host ready: ";

    @TempDir
    Path work;

    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static String stderr(Process process) throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void mainWhenFlagUnknownThenExit2WithMessageAndUsage() throws Exception {
        Process process = launch("--home", work.toString(), "--colour", "red");
        String err = stderr(process);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(err.contains("reference-host: unknown flag `--colour`"), err);
        assertTrue(err.contains("usage:"), err);
    }

    @Test
    void mainWhenConfigNotUtf8ThenExit2WithPlainMessageAndNoJavaException() throws Exception {
        Path config = Files.write(work.resolve("latin1.json"),
                "{\"schemaVersion\": 1, \"idps\": [{\"displayName\": \"Caf\u00e9\"}]}".getBytes(
                        StandardCharsets.ISO_8859_1));
        Process process = launch("--home", work.resolve("home").toString(), "--port", "0", "--config",
                config.toString());
        String err = stderr(process);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(err.contains("reference-host: --config " + config + " is not UTF-8 text: byte 50 (0xE9)"), err);
        for (String leak : new String[] {"Exception", "java.", "\tat "}) {
            assertTrue(!err.contains(leak), leak + " in " + err);
        }
    }

    @Test
    void mainWhenStartedThenPrintsReadyLineWithTheUrlItServes() throws Exception {
        Process process = launch("--home", work.resolve("home").toString(), "--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith(READY), String.valueOf(line));
            URI url = URI.create(line.substring(READY.length()).split(" ")[0]);
            HttpResponse<String> whoami = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(url.resolve("/rest/whoami")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, whoami.statusCode());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void mainWhenPluginInitFailsWithConfigThenExit1WithPluginModuleAndMessage() throws Exception {
        Path config = Files.writeString(work.resolve("bad.json"), "invalid");
        Process process = launch("--home", work.resolve("home").toString(), "--port", "0",
                "--plugin", TestPluginJar.build(work).toString(), "--config", config.toString());
        String err = stderr(process);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertTrue(err.contains("the plugin `io.oidcsso.refhost.testplugin` failed to start with --config:"), err);
        assertTrue(err.contains("module `import-check`"), err);
        assertTrue(err.contains("/issuer: must be an https URL"), err);
    }
}
