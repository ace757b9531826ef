package io.oidcsso.refhost.plugin;

/**
 * An {@code <http-auth-handler key=... class=... weight=.../>} module (Bitbucket only: the host reads it only in
 * {@code --product bitbucket}; the other products do not know the module type and skip it, as the products'
 * plugin framework does with an unknown module type). Handlers run by weight, lower first.
 */
public record AuthHandlerDescriptor(String key, String className, int weight) {}
