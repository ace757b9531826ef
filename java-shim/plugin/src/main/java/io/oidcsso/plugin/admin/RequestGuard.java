package io.oidcsso.plugin.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.oidcsso.plugin.host.AdminGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import javax.servlet.http.HttpServletRequest;

/**
 * The rules every API request passes, applied once for all endpoints (docs/admin-api.openapi.yaml):
 * a logged-in system administrator of the product, in websudo where the product has it; for any
 * method that changes something, {@code Content-Type: application/json} and
 * {@code X-Atlassian-Token: no-check} (a browser cannot send either cross-site without a CORS
 * preflight, which the plugin never grants); a body of at most {@value #MAX_BODY_BYTES} bytes of
 * UTF-8 JSON, an object.
 */
final class RequestGuard {
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /**
     * How much of a too-large body is read and dropped before the 413: a container that closes the
     * connection on unread content makes clients that are still sending lose the answer (a reset).
     * Only an administrator who passed the checks above gets this far; beyond it the 413 goes out unread.
     */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;
    static final String XSRF_HEADER = "X-Atlassian-Token";

    private final AdminGuard admin;

    RequestGuard(AdminGuard admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    /**
     * @return the administrator's username
     * @throws ApiException 401 {@code unauthenticated} or {@code websudo_required}, 403 {@code forbidden} or {@code xsrf}
     */
    String check(HttpServletRequest request) {
        String user = admin.remoteUsername(request).orElseThrow(() -> new ApiException(401, "unauthenticated",
                "log in as a system administrator of the product"));
        if (!admin.isSystemAdmin(request)) {
            throw new ApiException(403, "forbidden", "only a system administrator of the product may use this API");
        }
        if (!admin.hasWebSudo(request)) {
            throw new ApiException(401, "websudo_required", "confirm your password in the product's secure"
                    + " administrator session (websudo), then send the request again");
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            if (!isJson(request.getContentType())) {
                throw new ApiException(403, "xsrf", "send the body as Content-Type: application/json");
            }
            if (!"no-check".equals(request.getHeader(XSRF_HEADER))) {
                throw new ApiException(403, "xsrf", "send the header " + XSRF_HEADER + ": no-check");
            }
        }
        return user;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return "application/json".equals(type);
    }

    /**
     * The body as a JSON object.
     *
     * @throws ApiException 413 {@code too_large}, 400 {@code malformed_json} or {@code invalid_request}
     */
    static JsonObject body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > DRAIN_BYTES) {
            throw tooLarge();
        }
        byte[] bytes = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "malformed_json", "the body is not UTF-8");
        }
        if (text.isBlank()) {
            throw new ApiException(400, "malformed_json", "the body is empty; send a JSON object");
        }
        JsonElement parsed = StrictJson.parse(text);
        if (!parsed.isJsonObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return parsed.getAsJsonObject();
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        long total = 0;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                while (total <= DRAIN_BYTES && (n = in.read(buffer)) != -1) {
                    total += n;
                }
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "too_large", "the body is larger than " + MAX_BODY_BYTES / (1024 * 1024)
                + " MiB");
    }
}
