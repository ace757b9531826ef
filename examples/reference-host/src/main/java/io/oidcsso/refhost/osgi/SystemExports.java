package io.oidcsso.refhost.osgi;

import io.oidcsso.refhost.Platform;
import io.oidcsso.refhost.Product;
import java.util.ArrayList;
import java.util.List;

/**
 * What the system bundle exports to plugins besides the JDK ({@code org.osgi.framework.system.packages.extra}),
 * each package at the version of the library Confluence 8.7.2 ships (plugin-system-review.md §0): the servlet
 * API ({@code javax.servlet} 4.0.1 on Platform 7, {@code jakarta.servlet} 6.0.0 on Platform 8; see
 * {@link Platform}), the Atlassian API packages that {@code java-shim/host-api} stubs, and SLF4J (which the products export
 * too). Product-specific packages are exported only in that product's mode, so a plugin that imports them
 * without {@code resolution:=optional} fails to resolve on the other products, as it would there.
 */
public final class SystemExports {
    static final String SAL = "5.1.4";
    static final String CROWD = "5.1.6";
    static final String BEEHIVE = "5.0.1";
    /** UNVERIFIED: atlassian-annotations 4.0.1 (Confluence 8.7.2) has no UnrestrictedAccess; Platform 7 does. */
    static final String ANNOTATIONS = "4.1.0";
    static final String SLF4J = "2.0.16";
    static final String CONFLUENCE = "8.7.2";
    /** A stand-in: Jira's own packages carry the Jira version; no Jira library version is pinned here. */
    static final String JIRA = "9.12.0";
    /** A stand-in: the Bitbucket version the Cloudflare plugin builds against (atlassian-api-reference.md, CF). */
    static final String BITBUCKET = "9.2.0";

    private SystemExports() {}

    /** The packages for {@code product}, as the value of {@code org.osgi.framework.system.packages.extra}. */
    public static String forProduct(Product product) {
        List<String> exports = new ArrayList<>();
        Platform platform = Platform.current();
        String servlet = platform.servletPackage();
        add(exports, platform.servletVersion(), servlet, servlet + ".http", servlet + ".annotation",
                servlet + ".descriptor");
        add(exports, SAL, "com.atlassian.sal.api", "com.atlassian.sal.api.auth", "com.atlassian.sal.api.message",
                "com.atlassian.sal.api.pluginsettings", "com.atlassian.sal.api.user", "com.atlassian.sal.api.websudo",
                "com.atlassian.sal.api.xsrf");
        add(exports, CROWD, "com.atlassian.crowd.embedded.api", "com.atlassian.crowd.exception",
                "com.atlassian.crowd.exception.embedded", "com.atlassian.crowd.exception.runtime");
        add(exports, BEEHIVE, "com.atlassian.beehive");
        add(exports, ANNOTATIONS, "com.atlassian.annotations.security");
        add(exports, SLF4J, "org.slf4j", "org.slf4j.spi", "org.slf4j.helpers", "org.slf4j.event");
        switch (product) {
            // Confluence exports its own packages to plugins; these are the ones the host has (its own websudo
            // manager and the static component lookup the plugin finds it through).
            case CONFLUENCE -> add(exports, CONFLUENCE, "com.atlassian.confluence.security.seraph",
                    "com.atlassian.confluence.security.websudo", "com.atlassian.spring.container");
            // Jira exports its own packages (jira-api, jira-core) to plugins; these are the ones the host has.
            case JIRA -> add(exports, JIRA, "com.atlassian.jira.security.websudo", "com.atlassian.jira.component");
            // Bitbucket exports bitbucket-api and bitbucket-spi to plugins; these are the packages of the types the
            // host has (http-auth-handler modules, UserService, AuthenticationException and its message type).
            case BITBUCKET -> add(exports, BITBUCKET, "com.atlassian.bitbucket", "com.atlassian.bitbucket.auth",
                    "com.atlassian.bitbucket.i18n", "com.atlassian.bitbucket.user");
            default -> {
                // refapp and Bamboo: no product-specific package is stubbed.
            }
        }
        return String.join(",", exports);
    }

    private static void add(List<String> exports, String version, String... packages) {
        for (String name : packages) {
            exports.add(name + ";version=\"" + version + "\"");
        }
    }

    /**
     * {@code org.osgi.framework.bootdelegation} as atlassian-plugins 7.4.0 sets it
     * (FelixOsgiContainerManager): no {@code javax.*} and no {@code com.atlassian.*}, so a bundle sees
     * those only through its imports.
     */
    public static final String BOOT_DELEGATION = "weblogic,weblogic.*,META-INF.services,jdk.*,com.yourkit,"
            + "com.yourkit.*,com.chronon,com.chronon.*,org.jboss.byteman,org.jboss.byteman.*,com.jprofiler,"
            + "com.jprofiler.*,org.apache.xerces,org.apache.xerces.*,org.apache.xalan,org.apache.xalan.*,"
            + "org.apache.xml.serializer,sun.*,com.sun.xml.bind.v2,com.sun.xml.internal.bind.v2,com.icl.saxon,"
            + "com_cenqua_clover,com.cenqua.clover,com.cenqua.clover.*,com.atlassian.clover,com.atlassian.clover.*";
}
