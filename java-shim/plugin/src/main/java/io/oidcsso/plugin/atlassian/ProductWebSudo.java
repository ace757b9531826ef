package io.oidcsso.plugin.atlassian;

import com.atlassian.sal.api.ApplicationProperties;
import io.oidcsso.plugin.host.WebSudoStarter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Each product's websudo: the page it sends a user to for websudo, the parameter that page reads the
 * destination from, and how its own manager starts a websudo session (docs/host-api.md, "Websudo"). The
 * manager classes are the product's, not exported to plugins: they are found by name at run time through
 * the product's own component lookup, and a product without them (Bitbucket, Bamboo) has none.
 */
public record ProductWebSudo(Set<String> pagePaths, String destinationParameter, WebSudoStarter starter) {
    static final String CONFLUENCE_MANAGER = "com.atlassian.confluence.security.websudo.WebSudoManager";
    static final String CONFLUENCE_CONTAINER = "com.atlassian.spring.container.ContainerManager";
    static final String JIRA_MANAGER = "com.atlassian.jira.security.websudo.InternalWebSudoManager";
    static final String JIRA_COMPONENTS = "com.atlassian.jira.component.ComponentAccessor";

    public static ProductWebSudo forPlatform(String platformId) {
        switch (platformId) {
            case ApplicationProperties.PLATFORM_JIRA:
                return new ProductWebSudo(Set.of("/secure/admin/WebSudoAuthenticate!default.jspa"),
                        "webSudoDestination", new Reflective(JIRA_MANAGER, JIRA_COMPONENTS, true));
            case ApplicationProperties.PLATFORM_CONFLUENCE:
                return new ProductWebSudo(Set.of("/authenticate.action"), "destination",
                        new Reflective(CONFLUENCE_MANAGER, CONFLUENCE_CONTAINER, false));
            default:
                // Bitbucket and Bamboo: no manager that starts a session was found (docs/host-api.md).
                return new ProductWebSudo(Set.of(), null, new Unavailable(
                        "the product " + platformId + " has no known websudo manager that can start a session"));
        }
    }

    /** A product without a way to start websudo: its users keep the product's own page. */
    record Unavailable(String reason) implements WebSudoStarter {
        @Override
        public Optional<String> unavailableReason() {
            return Optional.of(reason);
        }

        @Override
        public void start(HttpServletRequest request, HttpServletResponse response) {
            throw new IllegalStateException(reason);
        }
    }

    /**
     * The product's manager, looked up by class name when first needed (the product's components are not all
     * up when the plugin starts): {@code startSession(request, response)} on the component the product's
     * lookup returns, by class for Jira's {@code ComponentAccessor.getComponent(Class)}, by bean name
     * {@code webSudoManager} for Confluence's {@code ContainerManager.getComponent(String)}.
     */
    static final class Reflective implements WebSudoStarter {
        private final String managerClass;
        private final String lookupClass;
        private final boolean lookupByClass;

        Reflective(String managerClass, String lookupClass, boolean lookupByClass) {
            this.managerClass = managerClass;
            this.lookupClass = lookupClass;
            this.lookupByClass = lookupByClass;
        }

        @Override
        public Optional<String> unavailableReason() {
            try {
                load(managerClass);
                load(lookupClass);
                return Optional.empty();
            } catch (ClassNotFoundException e) {
                return Optional.of("the product's class " + e.getMessage() + " is not present");
            }
        }

        @Override
        public void start(HttpServletRequest request, HttpServletResponse response) {
            try {
                Class<?> type = load(managerClass);
                Class<?> lookup = load(lookupClass);
                Object manager = lookupByClass
                        ? lookup.getMethod("getComponent", Class.class).invoke(null, type)
                        : lookup.getMethod("getComponent", String.class).invoke(null, "webSudoManager");
                if (!type.isInstance(manager)) {
                    throw new IllegalStateException("the product's lookup gave no " + managerClass);
                }
                Method startSession = startSession(type);
                startSession.invoke(manager, request, response);
            } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("cannot reach the product's websudo manager " + managerClass, e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the product's websudo manager refused: " + e.getCause(), e);
            }
        }

        /** {@code startSession} of two parameters (javax or jakarta servlet types, as the product has them). */
        private static Method startSession(Class<?> type) throws NoSuchMethodException {
            for (Method method : type.getMethods()) {
                if (method.getName().equals("startSession") && method.getParameterCount() == 2) {
                    return method;
                }
            }
            throw new NoSuchMethodException(type.getName() + ".startSession(request, response)");
        }

        /** The product's class through the request thread's (web application's) loader, else the plugin's. */
        private static Class<?> load(String name) throws ClassNotFoundException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                try {
                    return Class.forName(name, false, context);
                } catch (ClassNotFoundException e) {
                    // Not there: try the plugin's own loader (a host that exports it).
                }
            }
            return Class.forName(name, false, ProductWebSudo.class.getClassLoader());
        }
    }
}
