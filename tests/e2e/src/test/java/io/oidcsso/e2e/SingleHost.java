package io.oidcsso.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dev IdP and one reference host with the plugin, in a fresh work directory: what most
 * single-host e2e tests start. The host's base URL is the IdP's first RP base URL (so the IdP's
 * back-channel logout reaches it); {@code moreRpUrls} are registered after it, for hosts a test
 * starts itself. Every process is watched by the given {@link DumpOutputOnFailure}; {@link #close}
 * stops the host, then the IdP, and a start that fails half-way stops what it had started. Test
 * classes use it through {@link SingleHostExtension}, which starts and stops it around the class.
 */
final class SingleHost implements AutoCloseable {
    /** Writes the host's configuration file for the IdP at {@code issuer} into {@code workDir}. */
    @FunctionalInterface
    interface Config {
        Path write(URI issuer, URI hostUrl, Path workDir);
    }

    /** {@code examples/configs/dev-idp.json}, the demo's own configuration, pointed at this IdP and host. */
    static final Config DEMO = (issuer, hostUrl, workDir) -> {
        try {
            String demo = Files.readString(demoFile(), StandardCharsets.UTF_8);
            Files.createDirectories(workDir);
            return Files.writeString(workDir.resolve("config.json"), demo.replace("http://127.0.0.2:9400",
                    issuer.toString()).replace("http://127.0.0.1:8080", hostUrl.toString()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    /** {@link PluginConfig#writeForDevIdp}: the tests' own configuration for the dev IdP. */
    static final Config DEV_IDP = (issuer, hostUrl, workDir) ->
            PluginConfig.writeForDevIdp(issuer, workDir.resolve("oidc-sso-config.json"));

    private final Path workDir;
    private final URI hostUrl;
    private DevIdp idp;
    private ReferenceHost host;

    private SingleHost(Path workDir, URI hostUrl) {
        this.workDir = workDir;
        this.hostUrl = hostUrl;
    }

    /** Starts the IdP and the host {@code hostName} in a fresh work directory {@code <name>-<millis>}. */
    static SingleHost start(String name, String hostName, Config config, DumpOutputOnFailure dump, URI... moreRpUrls) {
        SingleHost fixture = new SingleHost(E2eSettings.workDir().resolve(name + "-" + System.currentTimeMillis()),
                ReferenceHost.reserveBaseUrl());
        try {
            List<URI> rpUrls = new ArrayList<>(List.of(fixture.hostUrl));
            rpUrls.addAll(List.of(moreRpUrls));
            fixture.idp = DevIdp.start(fixture.workDir.resolve("logs"), rpUrls);
            dump.watch(fixture.idp.process());
            Path configFile = config.write(fixture.idp.issuer(), fixture.hostUrl, fixture.workDir);
            fixture.host = ReferenceHost.start(hostName, fixture.hostUrl, configFile, fixture.workDir, List.of());
            dump.watch(fixture.host.process());
            return fixture;
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
    }

    /** The demo configuration file the {@link #DEMO} writer starts from. */
    static Path demoFile() {
        return E2eSettings.repoRoot().resolve("examples/configs/dev-idp.json");
    }

    Path workDir() {
        return workDir;
    }

    DevIdp idp() {
        return idp;
    }

    ReferenceHost host() {
        return host;
    }

    /** Stops the host, then the IdP; a part that cannot be stopped is reported, the other still stops. */
    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {host, idp}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.out.println("SingleHost: could not stop " + part + ": " + e);
                }
            }
        }
    }
}
