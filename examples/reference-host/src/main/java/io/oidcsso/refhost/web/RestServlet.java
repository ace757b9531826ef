package io.oidcsso.refhost.web;

import io.oidcsso.refhost.crowd.FileCrowdService;
import io.oidcsso.refhost.security.AuthenticatedUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /rest/*}. {@code GET /rest/whoami} reports the session's user; anything else is 404
 * (anonymous requests never get here: the security filter answers them 401).
 */
public final class RestServlet extends HttpServlet {
    private final transient FileCrowdService directory;
    private final String nodeId;

    public RestServlet(FileCrowdService directory, String nodeId) {
        this.directory = directory;
        this.nodeId = nodeId;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/whoami".equals(request.getPathInfo())) {
            JsonResponses.error(response, 404, "not_found", "no REST resource at " + request.getRequestURI());
            return;
        }
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            JsonResponses.error(response, 405, "method_not_allowed", "use GET");
            return;
        }
        JsonResponses.write(response, 200, whoami(CurrentUser.of(request)));
    }

    private Map<String, Object> whoami(Optional<AuthenticatedUser> user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.map(AuthenticatedUser::name).orElse(null));
        body.put("displayName", user.map(u -> u.user().getDisplayName()).orElse(null));
        body.put("email", user.map(u -> u.user().getEmailAddress()).orElse(null));
        List<String> groups = user.map(u -> (List<String>) new ArrayList<>(directory.groupNames(u.name())))
                .orElseGet(List::of);
        body.put("groups", groups);
        body.put("node", nodeId);
        return body;
    }
}
