package io.oidcsso.plugin.runtime;

import io.oidcsso.plugin.host.DirectoryUser;
import io.oidcsso.plugin.host.LoginBinder;
import io.oidcsso.plugin.host.LoginRefusedException;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;

/** For a product without a login binding yet: refuses every bind, so no half-login can happen. */
final class UnsupportedLoginBinder implements LoginBinder {
    @Override
    public void bind(HttpServletRequest request, DirectoryUser user) {
        throw new LoginRefusedException("host_unsupported", "this product has no SSO login binding yet");
    }

    @Override
    public void end(HttpServletRequest request) {
        // Nothing was ever bound by this plugin.
    }

    @Override
    public Optional<String> boundUsername(HttpServletRequest request) {
        return Optional.empty();
    }
}
