package io.oidcsso.refhost;

import java.util.List;
import java.util.Locale;

/**
 * Which product the host stands in for ({@code --product}): SAL's platform id, the login and
 * logout pages, and the session rules of that product's authenticator (see README.md).
 */
public enum Product {
    /** The reference host's own semantics: SAL platform id {@code refapp}. */
    REFAPP("refapp", "/login", List.of("/logout"), "system.admin/security"),
    JIRA("jira", "/login.jsp", List.of("/logout", "/secure/Logout!default.jspa"), "top_system_section/security_section"),
    CONFLUENCE("conf", "/login.action", List.of("/logout.action"), "system.admin/security"),
    BITBUCKET("bitbucket", "/login", List.of("/logout", "/j_atl_security_logout"), "atl.admin/admin-general-section"),
    BAMBOO("bamboo", "/userlogin!doDefault.action", List.of("/userLogout.action"), "system.admin/security");

    private final String platformId;
    private final String loginPath;
    private final List<String> logoutPaths;
    private final String adminSecuritySection;

    Product(String platformId, String loginPath, List<String> logoutPaths, String adminSecuritySection) {
        this.platformId = platformId;
        this.loginPath = loginPath;
        this.logoutPaths = logoutPaths;
        this.adminSecuritySection = adminSecuritySection;
    }

    /**
     * The web-item section of the product's administration menu where security and SSO settings go
     * (docs/host-api.md, "Administration menu", says where each name comes from).
     */
    public String adminSecuritySection() {
        return adminSecuritySection;
    }

    /**
     * The product's websudo page, context-relative: Confluence's {@code /authenticate.action} (the page the
     * plugin's {@code ProductWebSudo} sends SSO sessions from), the host's own page in the other modes.
     */
    public String webSudoPage() {
        return this == CONFLUENCE ? "/authenticate.action" : "/secure/websudo";
    }

    /** The parameter of {@link #webSudoPage()} naming where to go afterwards. */
    public String webSudoDestinationParameter() {
        return this == CONFLUENCE ? "destination" : "os_destination";
    }

    /** The product's key in a module's {@code application} attribute. */
    public String applicationKey() {
        return flag();
    }

    /** SAL {@code ApplicationProperties.getPlatformId()} (the values of its PLATFORM_* constants). */
    public String platformId() {
        return platformId;
    }

    /** The product's login page, context-relative. */
    public String loginPath() {
        return loginPath;
    }

    /** The product's logout actions, context-relative. */
    public List<String> logoutPaths() {
        return logoutPaths;
    }

    /** True for the products whose session login is Seraph's ({@code seraph_defaultauthenticator_*} keys). */
    public boolean usesSeraph() {
        return this != BITBUCKET;
    }

    /** The {@code --product} value: the lower-case name. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Product fromFlag(String value) {
        for (Product product : values()) {
            if (product.flag().equals(value)) {
                return product;
            }
        }
        return null;
    }
}
