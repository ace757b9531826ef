package io.oidcsso.plugin.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The one list of what the plugin needs from the product: the Atlassian classes its bytecode names,
 * every Atlassian method and field it calls, and the host services its Spring context imports.
 * {@link #missing} checks them reflectively, by name, so that a product version without one of them
 * gives "missing X" instead of a {@code NoClassDefFoundError} or {@code NoSuchMethodError} at some
 * later request. HostRequirementsTest keeps the list equal to what the compiled plugin references
 * and to the services of oidc-sso-context.xml. The Bitbucket items are checked on Bitbucket only.
 *
 * <p>Servlet types are written as class literals' names: the Platform 8 jar is this bytecode
 * transformed to jakarta.servlet, and the literals are transformed with it.
 */
public final class HostRequirements {
    private static final String REQUEST = HttpServletRequest.class.getName();
    private static final String RESPONSE = HttpServletResponse.class.getName();
    private static final String SAL = "com.atlassian.sal.api.";
    private static final String CROWD = "com.atlassian.crowd.embedded.api.";
    private static final String CROWD_EXCEPTION = "com.atlassian.crowd.exception.";
    private static final String BEEHIVE = "com.atlassian.beehive.";
    private static final String BITBUCKET = "com.atlassian.bitbucket.";
    /** The class whose presence means "this product is Bitbucket": only then are the Bitbucket items checked. */
    static final String BITBUCKET_MARKER = BITBUCKET + "auth.HttpAuthenticationHandler";

    /** The host services, by interface, that oidc-sso-context.xml imports. */
    static final List<String> SERVICES = List.of(
            SAL + "pluginsettings.PluginSettingsFactory", SAL + "user.UserManager", SAL + "ApplicationProperties",
            SAL + "websudo.WebSudoManager", SAL + "xsrf.XsrfTokenValidator", CROWD + "CrowdService",
            BEEHIVE + "ClusterLockService", SAL + "auth.AuthenticationController", SAL + "auth.AuthenticationListener");

    /** Every Atlassian class the plugin's bytecode names. */
    static final List<String> CLASSES = List.of(
            BEEHIVE + "ClusterLock", BEEHIVE + "ClusterLockService",
            CROWD + "CrowdService", CROWD + "Group", CROWD + "User", CROWD + "UserWithAttributes",
            CROWD_EXCEPTION + "CrowdException", CROWD_EXCEPTION + "FailedAuthenticationException",
            CROWD_EXCEPTION + "OperationNotPermittedException",
            CROWD_EXCEPTION + "embedded.InvalidGroupException", CROWD_EXCEPTION + "runtime.CrowdRuntimeException",
            SAL + "ApplicationProperties", SAL + "UrlMode", SAL + "auth.AuthenticationController",
            SAL + "auth.AuthenticationListener", SAL + "auth.Authenticator", SAL + "auth.Authenticator$Result",
            SAL + "auth.Authenticator$Result$Success", SAL + "pluginsettings.PluginSettings",
            SAL + "pluginsettings.PluginSettingsFactory", SAL + "user.UserKey", SAL + "user.UserManager",
            SAL + "user.UserProfile", SAL + "user.UserResolutionException", SAL + "websudo.WebSudoManager",
            SAL + "websudo.WebSudoSessionException", SAL + "xsrf.XsrfTokenValidator");

    /**
     * The Bitbucket classes the {@code http-auth-handler} module names (imported optionally: the other products do
     * not have them, do not know the module type and never load it), checked only on a product that has
     * {@link #BITBUCKET_MARKER}.
     */
    static final List<String> BITBUCKET_CLASSES = List.of(
            BITBUCKET + "auth.AuthenticationException", BITBUCKET + "auth.AuthenticationResult",
            BITBUCKET + "auth.AuthenticationResult$Builder", BITBUCKET + "auth.HttpAuthenticationContext",
            BITBUCKET_MARKER, BITBUCKET + "i18n.KeyedMessage", BITBUCKET + "user.ApplicationUser",
            BITBUCKET + "user.UserService");

    /** The Bitbucket service the handler looks up in the OSGi registry (not through the Spring context). */
    static final List<String> BITBUCKET_SERVICES = List.of(BITBUCKET + "user.UserService");

    /** The Bitbucket members the handler calls, checked like {@link #BITBUCKET_CLASSES}. */
    static final List<Member> BITBUCKET_MEMBERS = List.of(
            constructor(BITBUCKET + "auth.AuthenticationException", BITBUCKET + "i18n.KeyedMessage"),
            constructor(BITBUCKET + "auth.AuthenticationResult$Builder", BITBUCKET + "user.ApplicationUser"),
            method(BITBUCKET + "auth.AuthenticationResult$Builder", "build", BITBUCKET + "auth.AuthenticationResult"),
            method(BITBUCKET + "auth.HttpAuthenticationContext", "getRequest", REQUEST),
            method(BITBUCKET + "auth.HttpAuthenticationContext", "getResponse", RESPONSE),
            constructor(BITBUCKET + "i18n.KeyedMessage", "java.lang.String", "java.lang.String", "java.lang.String"),
            method(BITBUCKET + "user.ApplicationUser", "isActive", "boolean"),
            method(BITBUCKET + "user.UserService", "getUserByName", BITBUCKET + "user.ApplicationUser",
                    "java.lang.String"));

    /** Every Atlassian method, constructor and field the plugin calls or reads. */
    static final List<Member> MEMBERS = List.of(
            method(BEEHIVE + "ClusterLock", "tryLock", "boolean", "long", "java.util.concurrent.TimeUnit"),
            method(BEEHIVE + "ClusterLock", "unlock", "void"),
            method(BEEHIVE + "ClusterLockService", "getLockForName", BEEHIVE + "ClusterLock", "java.lang.String"),
            method(CROWD + "CrowdService", "addGroup", CROWD + "Group", CROWD + "Group"),
            method(CROWD + "CrowdService", "addUser", CROWD + "UserWithAttributes", CROWD + "UserWithAttributes",
                    "java.lang.String"),
            method(CROWD + "CrowdService", "addUserToGroup", "boolean", CROWD + "User", CROWD + "Group"),
            method(CROWD + "CrowdService", "authenticate", CROWD + "User", "java.lang.String", "java.lang.String"),
            method(CROWD + "CrowdService", "getGroup", CROWD + "Group", "java.lang.String"),
            method(CROWD + "CrowdService", "getUser", CROWD + "User", "java.lang.String"),
            method(CROWD + "CrowdService", "getUserWithAttributes", CROWD + "UserWithAttributes", "java.lang.String"),
            method(CROWD + "CrowdService", "isUserMemberOfGroup", "boolean", "java.lang.String", "java.lang.String"),
            method(CROWD + "CrowdService", "removeUserAttribute", "void", CROWD + "User", "java.lang.String"),
            method(CROWD + "CrowdService", "removeUserFromGroup", "boolean", CROWD + "User", CROWD + "Group"),
            method(CROWD + "CrowdService", "setUserAttribute", "void", CROWD + "User", "java.lang.String",
                    "java.util.Set"),
            method(CROWD + "CrowdService", "updateUser", CROWD + "User", CROWD + "User"),
            method(CROWD + "Group", "getName", "java.lang.String"),
            method(CROWD + "User", "getDirectoryId", "long"),
            method(CROWD + "User", "getDisplayName", "java.lang.String"),
            method(CROWD + "User", "getEmailAddress", "java.lang.String"),
            method(CROWD + "User", "getName", "java.lang.String"),
            method(CROWD + "User", "isActive", "boolean"),
            method(CROWD + "UserWithAttributes", "getName", "java.lang.String"),
            method(CROWD + "UserWithAttributes", "getValues", "java.util.Set", "java.lang.String"),
            method(SAL + "ApplicationProperties", "getBaseUrl", "java.lang.String", SAL + "UrlMode"),
            method(SAL + "ApplicationProperties", "getDisplayName", "java.lang.String"),
            method(SAL + "ApplicationProperties", "getPlatformId", "java.lang.String"),
            field(SAL + "UrlMode", "CANONICAL", SAL + "UrlMode"),
            method(SAL + "auth.AuthenticationController", "canLogin", "boolean", "java.security.Principal", REQUEST),
            method(SAL + "auth.AuthenticationListener", "authenticationSuccess", "void",
                    SAL + "auth.Authenticator$Result", REQUEST, RESPONSE),
            constructor(SAL + "auth.Authenticator$Result$Success", "java.security.Principal"),
            constructor(SAL + "user.UserKey", "java.lang.String"),
            method(SAL + "user.UserKey", "getStringValue", "java.lang.String"),
            method(SAL + "pluginsettings.PluginSettings", "get", "java.lang.Object", "java.lang.String"),
            method(SAL + "pluginsettings.PluginSettings", "put", "java.lang.Object", "java.lang.String",
                    "java.lang.Object"),
            method(SAL + "pluginsettings.PluginSettings", "remove", "java.lang.Object", "java.lang.String"),
            method(SAL + "pluginsettings.PluginSettingsFactory", "createGlobalSettings",
                    SAL + "pluginsettings.PluginSettings"),
            method(SAL + "user.UserManager", "getRemoteUser", SAL + "user.UserProfile", REQUEST),
            method(SAL + "user.UserManager", "getRemoteUserKey", SAL + "user.UserKey", REQUEST),
            method(SAL + "user.UserManager", "getUserProfile", SAL + "user.UserProfile", "java.lang.String"),
            method(SAL + "user.UserManager", "getUserProfile", SAL + "user.UserProfile", SAL + "user.UserKey"),
            method(SAL + "user.UserManager", "isAdmin", "boolean", SAL + "user.UserKey"),
            method(SAL + "user.UserManager", "isSystemAdmin", "boolean", SAL + "user.UserKey"),
            method(SAL + "user.UserManager", "resolve", "java.security.Principal", "java.lang.String"),
            method(SAL + "user.UserProfile", "getUserKey", SAL + "user.UserKey"),
            method(SAL + "user.UserProfile", "getUsername", "java.lang.String"),
            method(SAL + "websudo.WebSudoManager", "canExecuteRequest", "boolean", REQUEST),
            method(SAL + "websudo.WebSudoManager", "enforceWebSudoProtection", "void", REQUEST, RESPONSE),
            method(SAL + "websudo.WebSudoManager", "willExecuteWebSudoRequest", "void", REQUEST),
            method(SAL + "xsrf.XsrfTokenValidator", "getXsrfParameterName", "java.lang.String"),
            method(SAL + "xsrf.XsrfTokenValidator", "validateFormEncodedToken", "boolean", REQUEST));

    private HostRequirements() {}

    /**
     * What this product lacks, in list order (empty: nothing). Classes and members are looked up
     * through {@code loader} (the plugin's bundle class loader, which sees what the bundle imports);
     * {@code serviceRegistered} tells whether a service interface has a registered service.
     */
    public static List<String> missing(ClassLoader loader, Predicate<String> serviceRegistered) {
        List<String> missing = new ArrayList<>();
        for (String name : CLASSES) {
            if (load(name, loader) == null) {
                missing.add("class " + name);
            }
        }
        for (Member member : MEMBERS) {
            if (load(member.owner(), loader) != null && !member.presentIn(loader)) {
                missing.add(member.kind() + " " + member);
            }
        }
        for (String service : SERVICES) {
            if (!serviceRegistered.test(service)) {
                missing.add("service " + service);
            }
        }
        if (load(BITBUCKET_MARKER, loader) != null) {
            for (String name : BITBUCKET_CLASSES) {
                if (load(name, loader) == null) {
                    missing.add("class " + name);
                }
            }
            for (Member member : BITBUCKET_MEMBERS) {
                if (load(member.owner(), loader) != null && !member.presentIn(loader)) {
                    missing.add(member.kind() + " " + member);
                }
            }
            for (String service : BITBUCKET_SERVICES) {
                if (!serviceRegistered.test(service)) {
                    missing.add("service " + service);
                }
            }
        }
        return missing;
    }

    static Class<?> load(String name, ClassLoader loader) {
        return switch (name) {
            case "void" -> void.class;
            case "boolean" -> boolean.class;
            case "int" -> int.class;
            case "long" -> long.class;
            default -> {
                try {
                    yield Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    yield null;
                }
            }
        };
    }

    private static Member method(String owner, String name, String returns, String... parameters) {
        return new Member(owner, name, returns, List.of(parameters), false);
    }

    private static Member constructor(String owner, String... parameters) {
        return new Member(owner, "<init>", "void", List.of(parameters), false);
    }

    private static Member field(String owner, String name, String type) {
        return new Member(owner, name, type, List.of(), true);
    }

    /** A method ({@code <init>}: a constructor) or field, with its Java type names. */
    record Member(String owner, String name, String type, List<String> parameters, boolean isField) {
        String kind() {
            return isField ? "field" : name.equals("<init>") ? "constructor" : "method";
        }

        /** Public and with exactly these types (return type included, as the JVM links it). */
        boolean presentIn(ClassLoader loader) {
            Class<?> ownerClass = load(owner, loader);
            Class<?> typeClass = load(type, loader);
            if (ownerClass == null || typeClass == null) {
                return false;
            }
            try {
                if (isField) {
                    return ownerClass.getField(name).getType() == typeClass;
                }
                Class<?>[] parameterClasses = new Class<?>[parameters.size()];
                for (int i = 0; i < parameterClasses.length; i++) {
                    parameterClasses[i] = load(parameters.get(i), loader);
                    if (parameterClasses[i] == null) {
                        return false;
                    }
                }
                if (name.equals("<init>")) {
                    ownerClass.getConstructor(parameterClasses);
                    return true;
                }
                return ownerClass.getMethod(name, parameterClasses).getReturnType() == typeClass;
            } catch (NoSuchMethodException | NoSuchFieldException | LinkageError | SecurityException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            if (isField) {
                return owner + "." + name;
            }
            return owner + "." + name + "(" + String.join(", ", parameters) + ")";
        }
    }

    /** For the log: the first few missing items. */
    static String describe(List<String> missing) {
        int shown = Math.min(missing.size(), 5);
        String listed = String.join(", ", missing.subList(0, shown));
        return missing.size() > shown ? listed + " and " + (missing.size() - shown) + " more" : listed;
    }
}
