package io.oidcsso.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The dev IdP ({@code examples/dev-idp}) as a child process on {@link E2eSettings#IDP_ADDRESS}. */
final class DevIdp implements AutoCloseable {
    private final ManagedProcess process;
    private final URI issuer;

    private DevIdp(ManagedProcess process, URI issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    /** Starts the IdP for RPs at {@code rpBaseUrls} and waits for its ready line. */
    static DevIdp start(Path logDir, List<URI> rpBaseUrls) {
        return start(logDir, rpBaseUrls, List.of());
    }

    /** Also registers {@code extraRedirectUris} (an RP's per-IdP {@code callbackPath}). */
    static DevIdp start(Path logDir, List<URI> rpBaseUrls, List<URI> extraRedirectUris) {
        int port = FreePorts.on(E2eSettings.IDP_ADDRESS);
        Path dir = E2eSettings.devIdpDir();
        List<String> command = new ArrayList<>(List.of(System.getProperty("e2e.node", "node"),
                "server.js", "--host", E2eSettings.IDP_ADDRESS, "--port", Integer.toString(port),
                "--client-id", E2eSettings.CLIENT_ID, "--client-secret", E2eSettings.CLIENT_SECRET,
                // /__test/logout-token: mints the OP's own logout tokens for the replay tests.
                "--test-hooks"));
        for (URI base : rpBaseUrls) {
            command.add("--rp-base-url");
            command.add(base.toString());
        }
        for (URI uri : extraRedirectUris) {
            command.add("--redirect-uri");
            command.add(uri.toString());
        }
        ManagedProcess process = ManagedProcess.start("dev-idp", command, dir, logDir, Map.of());
        DevIdp idp = new DevIdp(process, URI.create("http://" + E2eSettings.IDP_ADDRESS + ":" + port));
        try {
            process.awaitLine("dev-idp ready ", Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            idp.close();
            throw e;
        }
        return idp;
    }

    /** Exactly {@code http://127.0.0.2:<port>}, as the IdP's discovery document says. */
    URI issuer() {
        return issuer;
    }

    ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
