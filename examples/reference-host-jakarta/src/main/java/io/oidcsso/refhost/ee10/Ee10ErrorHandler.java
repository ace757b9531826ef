package io.oidcsso.refhost.ee10;

import io.oidcsso.refhost.web.ErrorPages;
import io.oidcsso.refhost.web.Html;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty ee10's error handler, writing {@link ErrorPages}: ee10 hands the error to a core handler
 * (request, response, callback), so the page is written on the core response.
 */
final class Ee10ErrorHandler extends ErrorHandler {
    Ee10ErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
        String html = ErrorPages.document(request.getMethod(), request.getHttpURI().getPath(), code, message, cause);
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Html.CONTENT_TYPE);
        Html.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, BufferUtil.toBuffer(html, StandardCharsets.UTF_8), callback);
        return true;
    }
}
