package io.oidcsso.plugin.nativebridge;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JVM's outbound defaults, for the host-context JSON: outbound HTTP runs in Rust, which
 * does not see the JVM's trust store or proxy properties unless they are passed in. Each IdP's
 * configuration can override them.
 */
public final class HostDefaults {
    /** What the JVM bypasses when {@code http.nonProxyHosts} is not set. */
    static final String JVM_DEFAULT_NON_PROXY_HOSTS = "localhost|127.*|[::1]|0.0.0.0|[::0]";

    private HostDefaults() {}

    /** A proxy for the host context: {@code {"url": ..., "noProxy": [...]}}. */
    public record ProxyDefaults(String url, List<String> noProxy) {
        public ProxyDefaults {
            noProxy = List.copyOf(noProxy);
        }
    }

    /**
     * The default {@link TrustManagerFactory}'s anchors (the JVM's cacerts, or
     * {@code javax.net.ssl.trustStore}) as a PEM bundle; {@code null} if there are none.
     */
    public static String trustAnchorsPem() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            List<X509Certificate> anchors = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    anchors.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            return anchors.isEmpty() ? null : pem(anchors);
        } catch (GeneralSecurityException e) {
            String message = "could not read the JVM's trust anchors: " + e;
            throw new OidcInternalException(message, null, message);
        }
    }

    static String pem(List<X509Certificate> certificates) throws CertificateEncodingException {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        StringBuilder out = new StringBuilder(certificates.size() * 2048);
        for (X509Certificate certificate : certificates) {
            out.append("-----BEGIN CERTIFICATE-----\n")
                    .append(encoder.encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return out.toString();
    }

    /** The proxy from {@code https.proxyHost}/{@code https.proxyPort}/{@code http.nonProxyHosts}. */
    public static Optional<ProxyDefaults> proxy() {
        return proxy(System.getProperties());
    }

    static Optional<ProxyDefaults> proxy(Properties properties) {
        String host = properties.getProperty("https.proxyHost", "").trim();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String port = properties.getProperty("https.proxyPort", "443").trim();
        String bracketed = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        List<String> noProxy = new ArrayList<>();
        String patterns = properties.getProperty("http.nonProxyHosts", JVM_DEFAULT_NON_PROXY_HOSTS);
        for (String pattern : patterns.split("\\|")) {
            String converted = noProxyEntry(pattern.trim());
            if (!converted.isEmpty()) {
                noProxy.add(converted);
            }
        }
        return Optional.of(new ProxyDefaults("http://" + bracketed + ":" + port, noProxy));
    }

    /**
     * One {@code http.nonProxyHosts} pattern in the form the native client reads: {@code
     * *.corp} becomes {@code .corp} (the domain and its subdomains), {@code 10.*} becomes
     * {@code 10.0.0.0/8}, {@code [::1]} becomes {@code ::1}; other names pass unchanged.
     */
    static String noProxyEntry(String pattern) {
        if (pattern.startsWith("[") && pattern.endsWith("]")) {
            return pattern.substring(1, pattern.length() - 1);
        }
        if (pattern.startsWith("*.")) {
            return pattern.substring(1);
        }
        if (pattern.endsWith(".*") && pattern.matches("(\\d{1,3}\\.){1,3}\\*")) {
            String[] octets = pattern.substring(0, pattern.length() - 2).split("\\.");
            StringBuilder cidr = new StringBuilder(String.join(".", octets));
            for (int i = octets.length; i < 4; i++) {
                cidr.append(".0");
            }
            return cidr.append('/').append(octets.length * 8).toString();
        }
        return pattern;
    }
}
