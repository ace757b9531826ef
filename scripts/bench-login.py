#!/usr/bin/env python3
"""Logs a user in on the reference host for scripts/bench-wrk.sh and prints the header that
authenticates the next requests (nothing else), so wrk can replay it. Standard library only.

  bench-login.py oidc   BASE_URL USER PASSWORD   # SSO: the host sends the browser to the dev IdP
  bench-login.py local  BASE_URL USER PASSWORD   # the host's own login form (os_username)
  bench-login.py bearer BASE_URL USER PASSWORD   # an SSO login (links the account), then a JWT
                                                 # access token of the dev IdP for urn:oidc-sso:api

Prints `Cookie: ...` (oidc, local) or `Authorization: Bearer ...` (bearer). Exits non-zero, with
the reason on stderr, unless /rest/whoami with that header names USER."""

import base64
import hashlib
import http.cookiejar
import json
import secrets
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("oidc", "local", "bearer"):
        sys.exit(__doc__)
    mode, base, user, password = sys.argv[1:]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Accept", "text/html")]
    if mode in ("oidc", "bearer"):
        # Follows the host's redirects to the dev IdP's sign-in form.
        with opener.open(base + "/secure/dashboard", timeout=30) as page:
            form_url = page.geturl()
            sign_in(opener, form_url, page.read().decode(), user, password)
    else:
        data = urllib.parse.urlencode({"os_username": user, "os_password": password,
                                       "os_destination": "/secure/dashboard"}).encode()
        with opener.open(urllib.request.Request(base + "/login", data=data, headers={"Origin": base}),
                         timeout=30) as landing:
            landing.read()
    host = urllib.parse.urlsplit(base).hostname
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.domain.lstrip(".") == host)
    if mode == "bearer":
        issuer = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(form_url))
        header = ("Authorization", "Bearer " + access_token(opener, base, issuer, user, password))
    else:
        header = ("Cookie", cookie)
    check = urllib.request.Request(base + "/rest/whoami", headers={header[0]: header[1], "Accept": "application/json"})
    with urllib.request.urlopen(check, timeout=30) as answer:
        who = json.loads(answer.read().decode())
    if who.get("user") != user:
        sys.exit(f"/rest/whoami after the {mode} login says {who}")
    print(f"{header[0]}: {header[1]}")


def sign_in(opener, form_url, body, user, password):
    """Posts the dev IdP's sign-in form; its redirects lead through the host's callback (followed)."""
    action = re.search(r'<form[^>]*action="([^"]+)"', body)
    if not action:
        sys.exit(f"no sign-in form at {form_url}")
    submit = urllib.parse.urljoin(form_url, action.group(1).replace("&amp;", "&"))
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(form_url))
    request = urllib.request.Request(submit, data=data, headers={"Origin": origin})
    with opener.open(request, timeout=30) as landing:
        landing.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def access_token(_opener, base, issuer, user, password):
    """The code flow with resource=urn:oidc-sso:api; the code is exchanged here, not at the host."""
    verifier = secrets.token_urlsafe(32)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    callback = base + "/plugins/servlet/oidc-sso/callback"
    resource = "urn:oidc-sso:api"
    query = urllib.parse.urlencode({"client_id": "oidc-sso-dev", "response_type": "code", "redirect_uri": callback,
                                    "scope": "openid api:read api:write", "state": "bench", "nonce": "bench",
                                    "code_challenge": challenge, "code_challenge_method": "S256",
                                    "resource": resource})
    jar = http.cookiejar.CookieJar()
    agent = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    location = issuer + "/auth?" + query
    for _ in range(10):
        try:
            with agent.open(location, timeout=30) as page:
                body = page.read().decode()
                action = re.search(r'<form[^>]*action="([^"]+)"', body)
                submit = urllib.parse.urljoin(page.geturl(), action.group(1).replace("&amp;", "&"))
                data = urllib.parse.urlencode({"username": user, "password": password}).encode()
                location = submit
                with agent.open(urllib.request.Request(submit, data=data, headers={"Origin": issuer}), timeout=30):
                    pass
        except urllib.error.HTTPError as redirect:
            if redirect.code not in (302, 303):
                sys.exit(f"{location}: {redirect.code}")
            location = urllib.parse.urljoin(location, redirect.headers["Location"])
            if location.startswith(callback):
                break
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("code")
    if not code:
        sys.exit(f"the dev IdP did not answer a code: {location}")
    form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code[0], "redirect_uri": callback,
                                   "code_verifier": verifier, "resource": resource}).encode()
    basic = base64.b64encode(b"oidc-sso-dev:dev-secret-change-me").decode()
    request = urllib.request.Request(issuer + "/token", data=form, headers={"Authorization": "Basic " + basic})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read().decode())["access_token"]


if __name__ == "__main__":
    main()
