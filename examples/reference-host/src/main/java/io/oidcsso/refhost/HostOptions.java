package io.oidcsso.refhost;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The command line, parsed and checked. */
public record HostOptions(
        int port, String bind, Optional<URI> baseUrl, Path home, Optional<Path> plugin, Optional<Path> config,
        String nodeId, SessionMode sessions, Product product) {

    /** Where HTTP sessions live. */
    public enum SessionMode {
        /** In this process only, as in a product node (a cluster then needs sticky sessions). */
        NODE,
        /** In {@code <home>/sessions}, seen by every node over the home (no stickiness needed). */
        SHARED
    }

    public static final String USAGE = String.join("\n",
            "usage: java [-Dprop=value ...] -jar reference-host.jar --home DIR [options]",
            "  --home DIR        state folder (settings, users, locks); created if missing; required",
            "  --port N          port to listen on (default 8080; 0 = any free port)",
            "  --bind ADDR       address to listen on (default 127.0.0.1)",
            "  --base-url URL    canonical base URL, e.g. http://127.0.0.1:8080 (default http://BIND:PORT)",
            "  --plugin JAR      plugin jar to load through its atlassian-plugin.xml",
            "  --config FILE     configuration document (UTF-8) stored in global PluginSettings key io.oidcsso.import"
                    + " (in chunks when longer than 99,000 characters)",
            "  --node-id ID      this node's id in a cluster (default node-1)",
            "  --sessions MODE   node (default): sessions in memory; shared: sessions in HOME/sessions,",
            "                    for several nodes behind a balancer without sticky sessions",
            "  --product NAME    refapp (default), jira, confluence, bitbucket or bamboo: SAL platform id,",
            "                    login and logout pages, session rules of that product",
            "  --help            print this help");

    /** Parses {@code args}; throws {@link UsageException} with a message that says what is wrong. */
    public static HostOptions parse(String... args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(null);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument `" + flag + "`");
            }
            b.set(flag, args[++i]);
        }
        return b.build();
    }

    /** The command line is wrong (message) or help was asked for (null message). */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    private static final class Builder {
        private int port = 8080;
        private String bind = "127.0.0.1";
        private URI baseUrl;
        private Path home;
        private Path plugin;
        private Path config;
        private String nodeId = "node-1";
        private SessionMode sessions = SessionMode.NODE;
        private Product product = Product.REFAPP;

        void set(String flag, String value) {
            switch (flag) {
                case "--port" -> port = port(value);
                case "--bind" -> bind = nonEmpty(flag, value);
                case "--base-url" -> baseUrl = baseUrl(value);
                case "--home" -> home = Path.of(nonEmpty(flag, value));
                case "--plugin" -> plugin = existingFile(flag, value);
                case "--config" -> config = utf8File(flag, existingFile(flag, value));
                case "--node-id" -> nodeId = nodeId(value);
                case "--sessions" -> sessions = sessions(value);
                case "--product" -> product = product(value);
                default -> throw new UsageException("unknown flag `" + flag + "`");
            }
        }

        HostOptions build() {
            if (home == null) {
                throw new UsageException("--home DIR is required");
            }
            return new HostOptions(port, bind, Optional.ofNullable(baseUrl), home, Optional.ofNullable(plugin),
                    Optional.ofNullable(config), nodeId, sessions, product);
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--port must be a number from 0 to 65535 (found `" + value + "`)");
        }

        private static URI baseUrl(String value) {
            try {
                URI uri = new URI(value);
                boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                        || uri.getRawUserInfo() != null || !(path.isEmpty() || path.equals("/"))) {
                    throw new UsageException("--base-url must be http(s)://host[:port] with no path, query or fragment"
                            + " (the host serves at /); found `" + value + "`");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new UsageException("--base-url is not a valid URL: " + e.getMessage());
            }
        }

        private static Path existingFile(String flag, String value) {
            Path path = Path.of(nonEmpty(flag, value));
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new UsageException(flag + " " + value + ": no such readable file");
            }
            return path;
        }

        /**
         * The configuration document must be UTF-8 text (RFC 8259 §8.1): anything else is a bad
         * command line, said plainly, not a Java exception at start.
         */
        private static Path utf8File(String flag, Path path) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UsageException(flag + " " + path + ": cannot be read (" + e.getMessage() + ")");
            }
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer input = ByteBuffer.wrap(bytes);
            CoderResult result = decoder.decode(input, CharBuffer.allocate(bytes.length), true);
            if (result.isError()) {
                int offset = input.position();
                throw new UsageException(flag + " " + path + " is not UTF-8 text: byte " + offset + " (0x"
                        + String.format("%02X", bytes[offset] & 0xff) + ") starts no valid UTF-8 sequence;"
                        + " save the document as UTF-8");
            }
            return path;
        }

        private static String nodeId(String value) {
            if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new UsageException("--node-id must be 1-64 letters, digits, dots, dashes or underscores (found `" + value + "`)");
            }
            return value;
        }

        private static SessionMode sessions(String value) {
            return switch (value) {
                case "node" -> SessionMode.NODE;
                case "shared" -> SessionMode.SHARED;
                default -> throw new UsageException("--sessions must be `node` or `shared` (found `" + value + "`)");
            };
        }

        private static Product product(String value) {
            Product product = Product.fromFlag(value);
            if (product == null) {
                throw new UsageException("--product must be refapp, jira, confluence, bitbucket or bamboo (found `"
                        + value + "`)");
            }
            return product;
        }

        private static String nonEmpty(String flag, String value) {
            if (value.isBlank()) {
                throw new UsageException(flag + " must not be empty");
            }
            return value;
        }
    }
}
