package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.UrlMode;
import java.net.URI;

/** SAL ApplicationProperties: the canonical base URL is {@code --base-url}; the platform id is the {@code --product}'s. */
public final class RefApplicationProperties implements ApplicationProperties {
    public static final String VERSION = "0.1.0";

    private final String baseUrl;
    private final String contextPath;
    private final String platformId;

    public RefApplicationProperties(URI baseUrl, String platformId) {
        this.platformId = platformId;
        this.baseUrl = stripSlash(baseUrl.toString());
        this.contextPath = stripSlash(baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath());
    }

    @Override
    public String getBaseUrl(UrlMode urlMode) {
        if (urlMode == UrlMode.RELATIVE || urlMode == UrlMode.RELATIVE_CANONICAL) {
            return contextPath;
        }
        return baseUrl;
    }

    @Override
    public String getPlatformId() {
        return platformId;
    }

    @Override
    public String getVersion() {
        return VERSION;
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
