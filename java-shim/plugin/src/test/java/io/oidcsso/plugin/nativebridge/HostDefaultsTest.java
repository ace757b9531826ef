package io.oidcsso.plugin.nativebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostDefaultsTest {
    @Test
    void trustAnchorsPemWhenJvmDefaultsThenPemBundleOfCertificates() {
        String pem = HostDefaults.trustAnchorsPem();

        assertNotNull(pem, "the JDK ships cacerts");
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem.substring(0, 40));
        assertTrue(pem.strip().endsWith("-----END CERTIFICATE-----"));
    }

    @Test
    void proxyWhenNoHttpsProxyHostThenEmpty() {
        assertEquals(Optional.empty(), HostDefaults.proxy(new Properties()));
    }

    @Test
    void proxyWhenHttpsProxySetThenUrlAndConvertedNonProxyHosts() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "proxy.corp");
        properties.setProperty("https.proxyPort", "3128");
        properties.setProperty("http.nonProxyHosts", "localhost|*.corp|10.*|[::1]");

        HostDefaults.ProxyDefaults proxy = HostDefaults.proxy(properties).orElseThrow();

        assertEquals("http://proxy.corp:3128", proxy.url());
        assertEquals(List.of("localhost", ".corp", "10.0.0.0/8", "::1"), proxy.noProxy());
    }

    @Test
    void proxyWhenNonProxyHostsUnsetThenJvmDefaultsBypassLoopback() {
        Properties properties = new Properties();
        properties.setProperty("https.proxyHost", "proxy.corp");

        HostDefaults.ProxyDefaults proxy = HostDefaults.proxy(properties).orElseThrow();

        assertEquals("http://proxy.corp:443", proxy.url());
        assertTrue(proxy.noProxy().containsAll(List.of("localhost", "127.0.0.0/8", "::1")), proxy.noProxy().toString());
    }

    @ParameterizedTest
    @CsvSource({"*.example.com, .example.com", "192.168.*, 192.168.0.0/16", "host.example, host.example"})
    void noProxyEntryWhenJvmPatternThenNativeForm(String pattern, String expected) {
        assertEquals(expected, HostDefaults.noProxyEntry(pattern));
    }
}
