package io.oidcsso.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths handed in by the build (failsafe system properties; see tests/e2e/pom.xml). */
final class E2eSettings {
    static final String HOST_ADDRESS = "127.0.0.1";
    /** Another site than the host, as in production: cookies cross sites. */
    static final String IDP_ADDRESS = "127.0.0.2";
    static final String CLIENT_ID = "oidc-sso-dev";
    static final String CLIENT_SECRET = "dev-secret-change-me";
    static final String CALLBACK_PATH = "/plugins/servlet/oidc-sso/callback";
    static final String INITIATE_PATH = "/plugins/servlet/oidc-sso/initiate";
    /** Where an IdP posts logout tokens (Back-Channel Logout 1.0). */
    static final String BACKCHANNEL_LOGOUT_PATH = "/plugins/servlet/oidc-sso/backchannel-logout";
    static final String FRONTCHANNEL_LOGOUT_PATH = "/plugins/servlet/oidc-sso/frontchannel-logout";
    /** The signed-out page, registered as the post-logout redirect URI. */
    static final String LOGGED_OUT_PATH = "/plugins/servlet/oidc-sso/logged-out";
    /** The host's login page; {@code ?oidcsso_local=true} is the emergency local login. */
    static final String LOGIN_PATH = "/login";
    static final String LOCAL_LOGIN_PATH = "/login?oidcsso_local=true";

    private E2eSettings() {}

    static Path pluginJar() {
        return existingFile("e2e.pluginJar", "build it with `mvn -pl tests/e2e -am verify`");
    }

    static Path hostJar() {
        return existingFile("e2e.hostJar", "build it with `mvn -pl tests/e2e -am verify`");
    }

    /**
     * The java launcher the host runs on: the build's Java 17 for Platform 7, a Java 21 or later for
     * Platform 8 ({@code platform8.java.home}, set up by scripts/bootstrap.sh).
     */
    static Path hostJava() {
        return existingFile("e2e.hostJava", "set -Dplatform8.java.home to a Java 21+ home, or run scripts/bootstrap.sh");
    }

    /** The Atlassian platform of this run (7: javax jar and host; 8: jakarta jar and host). */
    static int platform() {
        String value = System.getProperty("e2e.platform", "");
        return switch (value) {
            case "7" -> 7;
            case "8" -> 8;
            default -> throw new IllegalStateException("system property e2e.platform must be 7 or 8, not '" + value
                    + "': run the e2e tests through Maven (tests/e2e/pom.xml sets it)");
        };
    }

    /** The servlet API's package on this run's platform. */
    static String servletPackage() {
        return platform() == 8 ? "jakarta.servlet" : "javax.servlet";
    }

    static Path devIdpDir() {
        Path dir = path("e2e.devIdpDir");
        if (!Files.isDirectory(dir.resolve("node_modules/oidc-provider"))) {
            throw new IllegalStateException("the dev IdP's dependencies are missing in " + dir
                    + ": run scripts/bootstrap.sh (npm ci)");
        }
        return dir;
    }

    static Path workDir() {
        return path("e2e.workDir");
    }

    /** The repository's root (the example configurations live there). */
    static Path repoRoot() {
        return path("e2e.repoRoot");
    }

    /** Where to write page screenshots, when a run asks for them (scripts/screenshots.sh). */
    static java.util.Optional<Path> screenshotDir() {
        String value = System.getProperty("e2e.screenshots", "");
        return value.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(Paths.get(value).toAbsolutePath().normalize());
    }

    static Path chromium() {
        return existingFile("e2e.chromium", "install Debian's chromium (scripts/bootstrap.sh)");
    }

    static Path chromedriver() {
        return existingFile("webdriver.chrome.driver",
                "install Debian's chromium-driver (scripts/bootstrap.sh)");
    }

    private static Path existingFile(String property, String hint) {
        Path file = path(property);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(property + " = " + file + " does not exist: " + hint);
        }
        return file;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set: run the e2e tests through Maven (tests/e2e/pom.xml sets it)");
        }
        return Paths.get(value).toAbsolutePath().normalize();
    }
}
