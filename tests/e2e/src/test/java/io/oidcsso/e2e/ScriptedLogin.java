package io.oidcsso.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The login flow walked hop by hop with a {@link ScriptedUserAgent}, so a test can hold (and
 * tamper with, or replay) the exact callback URL the IdP sends the user agent to.
 */
final class ScriptedLogin {
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern HIDDEN_INPUT =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    /** The script of a page that posts its form as soon as it loads. */
    private static final String AUTO_SUBMIT = "document.forms[0].submit()";
    private static final int MAX_HOPS = 10;

    private ScriptedLogin() {}

    /**
     * Opens {@code destination} on the host and follows its redirects until one points at the
     * IdP; returns that authorization URL (the host's cookies stay in {@code agent}).
     */
    static URI startAtHost(ScriptedUserAgent agent, ReferenceHost host, String destination, URI issuer) {
        URI next = host.url(destination);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            URI target = ScriptedUserAgent.location(agent.get(next));
            if (sameOrigin(target, issuer)) {
                return target;
            }
            next = target;
        }
        throw new AssertionError("the host never redirected " + destination + " to the IdP " + issuer);
    }

    /**
     * Signs in at the dev IdP's form and follows the IdP's redirects up to (not into) the host's
     * callback; returns the callback URL with its code, state and iss.
     */
    static URI signInAtIdp(ScriptedUserAgent agent, URI authorizationUrl, String username,
            String password, URI callback) {
        URI interaction = ScriptedUserAgent.location(agent.get(authorizationUrl));
        HttpResponse<String> form = agent.get(interaction);
        Matcher action = FORM_ACTION.matcher(form.body());
        if (form.statusCode() != 200 || !action.find()) {
            throw new AssertionError("no sign-in form at " + interaction + ": " + form.statusCode()
                    + " " + form.body());
        }
        URI submit = interaction.resolve(action.group(1).replace("&amp;", "&"));
        String origin = interaction.getScheme() + "://" + interaction.getAuthority();
        HttpResponse<String> response = agent.postForm(submit,
                Map.of("username", username, "password", password), origin);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (response.statusCode() == 200 && response.body().contains(AUTO_SUBMIT)) {
                // The dev IdP (oidc-provider) ends the session of the user signed in before when another
                // one signs in, through a page whose script posts its form; a browser submits it.
                response = submitHiddenForm(agent, response);
                continue;
            }
            URI target = ScriptedUserAgent.location(response);
            if (target.toString().startsWith(callback.toString())) {
                return target;
            }
            response = agent.get(target);
        }
        throw new AssertionError("the IdP never redirected to " + callback);
    }

    /** Posts the hidden fields of the page's (only) form to its action, as its script would. */
    private static HttpResponse<String> submitHiddenForm(ScriptedUserAgent agent, HttpResponse<String> page) {
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new AssertionError("no form on " + page.uri() + ": " + page.body());
        }
        URI submit = page.uri().resolve(action.group(1).replace("&amp;", "&"));
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher hidden = HIDDEN_INPUT.matcher(page.body());
        while (hidden.find()) {
            fields.put(hidden.group(1), hidden.group(2));
        }
        return agent.postForm(submit, fields, submit.getScheme() + "://" + submit.getAuthority());
    }

    /** {@code uri} with the query parameter {@code name} set to {@code value}. */
    static URI withQueryParameter(URI uri, String name, String value) {
        StringBuilder query = new StringBuilder();
        boolean replaced = false;
        for (String pair : uri.getRawQuery().split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (query.length() > 0) {
                query.append('&');
            }
            if (key.equals(name)) {
                query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                replaced = true;
            } else {
                query.append(pair);
            }
        }
        if (!replaced) {
            throw new AssertionError(uri + " has no query parameter " + name);
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query);
    }

    /** The value of query parameter {@code name}, still URL-encoded. */
    static String rawQueryParameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(uri + " has no query parameter " + name);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }
}
