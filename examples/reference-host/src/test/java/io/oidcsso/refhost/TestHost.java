package io.oidcsso.refhost;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A reference host started in-process on a free port, with a cookie-keeping HTTP client (one browser). */
final class TestHost implements AutoCloseable {
    final ReferenceHost host;
    final HttpClient browser;

    private TestHost(ReferenceHost host) {
        this.host = host;
        this.browser = newBrowser();
    }

    static TestHost start(Path home, Path plugin, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--home", home.toString(), "--port", "0"));
        if (plugin != null) {
            args.addAll(List.of("--plugin", plugin.toString()));
        }
        args.addAll(List.of(extraArgs));
        return new TestHost(ReferenceHost.start(HostOptions.parse(args.toArray(String[]::new))));
    }

    static HttpClient newBrowser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI uri(String path) {
        return host.listenUrl().resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(browser, path);
    }

    HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return browser.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(String username, String password, String destination)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("os_username", username);
        form.put("os_password", password);
        if (destination != null) {
            form.put("os_destination", destination);
        }
        return postForm("/login", form);
    }

    @Override
    public void close() {
        host.close();
    }
}
