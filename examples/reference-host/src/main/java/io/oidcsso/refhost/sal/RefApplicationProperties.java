package io.oidcsso.refhost.sal;

import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.UrlMode;
import java.net.URI;

/**
 * SAL ApplicationProperties: the canonical base URL is {@code --base-url}; the platform id is the
 * {@code --product}'s; the display name says "Reference Host" and that product.
 */
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

    /** The site's name, for headings: "Reference Host", with the product it stands in for. */
    @Override
    public String getDisplayName() {
        return switch (platformId) {
            case PLATFORM_JIRA -> "Reference Host (Jira)";
            case PLATFORM_CONFLUENCE -> "Reference Host (Confluence)";
            case PLATFORM_BITBUCKET -> "Reference Host (Bitbucket)";
            case PLATFORM_BAMBOO -> "Reference Host (Bamboo)";
            default -> "Reference Host";
        };
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
