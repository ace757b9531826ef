package io.oidcsso.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scripted user agent: java.net.http with its own cookie jar and redirects NEVER followed, so
 * a test can stop at any hop (e.g. hold the callback URL the IdP redirects to without using it).
 */
final class ScriptedUserAgent {
    /** What a browser sends on a top-level navigation: the host must treat it as a page view. */
    private static final String NAVIGATION_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final HttpClient client;
    private final CookieJar cookies = new CookieJar();

    ScriptedUserAgent() {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    HttpResponse<String> postForm(URI uri, Map<String, String> form, String origin) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Any request with a body (null: none) and headers, as a script (not a page) sends it: the
     * admin API's JSON calls. {@code Accept: application/json}.
     */
    HttpResponse<String> request(String method, URI uri, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        return send(builder);
    }

    /** The Cookie header this user agent would send to {@code uri}, or null. */
    String cookieHeader(URI uri) {
        return cookies.headerFor(uri);
    }

    /** The absolute target of a redirect response; fails when {@code response} is not one. */
    static URI location(HttpResponse<String> response) {
        int status = response.statusCode();
        String location = response.headers().firstValue("Location").orElse(null);
        if (status < 300 || status > 399 || location == null) {
            throw new AssertionError("expected a redirect from " + response.uri() + ", got " + status
                    + " " + response.body());
        }
        return response.uri().resolve(location);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        if (request.headers().firstValue("Accept").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Accept", NAVIGATION_ACCEPT).build();
        }
        String cookieHeader = cookies.headerFor(request.uri());
        if (cookieHeader != null) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Cookie", cookieHeader).build();
        }
        try {
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            cookies.store(response);
            return response;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
