package io.oidcsso.refhost.sal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oidcsso.refhost.Product;
import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.crowd.TestUsers;
import io.oidcsso.refhost.security.HostPrincipal;
import io.oidcsso.refhost.security.SeraphKeys;
import io.oidcsso.refhost.security.SessionAuthenticator;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jira mode's {@code InternalWebSudoManager} on servlet doubles: {@code startSession} moves the session to a
 * new id with its attributes (as Jira's {@code InternalWebSudoManagerImpl} does through Seraph's
 * {@code SessionInvalidator}) and opens websudo there; without a logged-in user it refuses.
 */
class RefJiraWebSudoManagerTest {
    @TempDir
    Path home;

    private RefWebSudoManager webSudo;
    private RefJiraWebSudoManager manager;

    @BeforeEach
    void setUp() throws Exception {
        FileCrowdService directory = new FileCrowdService(home);
        directory.addUser(TestUsers.user("alice", "Alice", "alice@example.test", true), "secret-1");
        webSudo = new RefWebSudoManager(Clock.systemUTC(), Product.JIRA);
        manager = new RefJiraWebSudoManager(webSudo, new SessionAuthenticator(directory, Product.JIRA));
    }

    @Test
    void startSessionWhenLoggedInThenNewSessionWithTheAttributesInWebsudoAndTheOldOneInvalidated() {
        FakeRequest request = new FakeRequest();
        FakeSession old = request.newSession();
        old.attributes.put(SeraphKeys.LOGGED_IN_KEY, new HostPrincipal("alice", "key-alice"));
        old.attributes.put(SeraphKeys.LOGGED_IN_USER_ID_KEY, "alice");
        old.attributes.put("io.oidcsso.session.sub", "alice-sub");
        old.isNew = false;
        Map<String, String> headers = new HashMap<>();

        manager.startSession(request.proxy(), response(headers));

        FakeSession renewed = request.current;
        assertNotSame(old, renewed, "a new session");
        assertTrue(old.invalidated, "the old session is invalidated");
        assertEquals("alice-sub", renewed.attributes.get("io.oidcsso.session.sub"), "attributes carried over");
        assertEquals("alice", renewed.attributes.get(SeraphKeys.LOGGED_IN_USER_ID_KEY));
        assertTrue(manager.hasValidSession(renewed.proxy()), "websudo on the new session");
        assertFalse(manager.hasValidSession(null));
        assertEquals("Has-Authentication", headers.get(RefJiraWebSudoManager.HEADER));
    }

    @Test
    void startSessionWhenNoLoggedInUserThenRefusedAndNoWebsudo() {
        FakeRequest request = new FakeRequest();
        FakeSession anonymous = request.newSession();
        anonymous.isNew = false;

        assertThrows(IllegalStateException.class,
                () -> manager.startSession(request.proxy(), response(new HashMap<>())));

        assertFalse(manager.hasValidSession(request.current.proxy()));
        assertThrows(IllegalStateException.class,
                () -> manager.startSession(new FakeRequest().proxy(), response(new HashMap<>())), "no session");
    }

    @Test
    void webSudoPageWhenJiraModeThenJirasActionParameterAndPasswordField() {
        assertEquals("/secure/admin/WebSudoAuthenticate!default.jspa", webSudo.page());
        assertEquals("webSudoDestination", webSudo.destinationParameter());
        assertEquals("/secure/admin/WebSudoAuthenticate.jspa", webSudo.formAction());
        assertEquals("webSudoPassword", webSudo.passwordParameter());
    }

    private static HttpServletResponse response(Map<String, String> headers) {
        return (HttpServletResponse) Proxy.newProxyInstance(RefJiraWebSudoManagerTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A request whose getSession follows the servlet rules for a session invalidated during the request. */
    private static final class FakeRequest {
        private static final AtomicInteger IDS = new AtomicInteger();
        FakeSession current;

        FakeSession newSession() {
            current = new FakeSession("s" + IDS.incrementAndGet());
            return current;
        }

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(RefJiraWebSudoManagerTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getSession")) {
                            boolean create = args == null || (Boolean) args[0];
                            if (current == null || current.invalidated) {
                                return create ? newSession().proxy() : null;
                            }
                            return current.proxy();
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static final class FakeSession {
        final String id;
        final Map<String, Object> attributes = new HashMap<>();
        boolean isNew = true;
        boolean invalidated;

        FakeSession(String id) {
            this.id = id;
        }

        HttpSession proxy() {
            return (HttpSession) Proxy.newProxyInstance(RefJiraWebSudoManagerTest.class.getClassLoader(),
                    new Class<?>[] {HttpSession.class}, (proxy, method, args) -> {
                        if (invalidated && !method.getName().equals("getId")) {
                            throw new IllegalStateException("session " + id + " is invalidated");
                        }
                        return switch (method.getName()) {
                            case "getId" -> id;
                            case "isNew" -> isNew;
                            case "getAttribute" -> attributes.get((String) args[0]);
                            case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
                            case "setAttribute" -> {
                                attributes.put((String) args[0], args[1]);
                                yield null;
                            }
                            case "removeAttribute" -> {
                                attributes.remove((String) args[0]);
                                yield null;
                            }
                            case "invalidate" -> {
                                invalidated = true;
                                yield null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
        }
    }
}
