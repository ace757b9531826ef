package io.oidcsso.refhost.ee8;

import io.oidcsso.refhost.web.ErrorPages;
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee8.nested.ErrorHandler;
import org.eclipse.jetty.ee8.nested.Request;

/** Jetty ee8's error handler, writing {@link ErrorPages}. */
final class Ee8ErrorHandler extends ErrorHandler {
    Ee8ErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        ErrorPages.write(request, response, code, message);
    }
}
