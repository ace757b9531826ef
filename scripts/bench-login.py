#!/usr/bin/env python3
"""Logs a user in on the reference host for scripts/bench-wrk.sh and prints the Cookie header of
the session (nothing else), so wrk can replay it. Standard library only.

  bench-login.py oidc  BASE_URL USER PASSWORD   # SSO: the host sends the browser to the dev IdP
  bench-login.py local BASE_URL USER PASSWORD   # the host's own login form (os_username)

Exits non-zero, with the reason on stderr, unless /rest/whoami then names USER."""

import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("oidc", "local"):
        sys.exit(__doc__)
    mode, base, user, password = sys.argv[1:]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Accept", "text/html")]
    if mode == "oidc":
        # Follows the host's redirects to the dev IdP's sign-in form.
        with opener.open(base + "/secure/dashboard", timeout=30) as page:
            form_url, body = page.geturl(), page.read().decode()
        action = re.search(r'<form[^>]*action="([^"]+)"', body)
        if not action:
            sys.exit(f"no sign-in form at {form_url}")
        submit = urllib.parse.urljoin(form_url, action.group(1).replace("&amp;", "&"))
        data = urllib.parse.urlencode({"username": user, "password": password}).encode()
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(form_url))
        request = urllib.request.Request(submit, data=data, headers={"Origin": origin})
        # The IdP's redirects lead through the host's callback to the dashboard.
        with opener.open(request, timeout=30) as landing:
            landing.read()
    else:
        data = urllib.parse.urlencode({"os_username": user, "os_password": password,
                                       "os_destination": "/secure/dashboard"}).encode()
        with opener.open(urllib.request.Request(base + "/login", data=data, headers={"Origin": base}),
                         timeout=30) as landing:
            landing.read()
    host = urllib.parse.urlsplit(base).hostname
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.domain.lstrip(".") == host)
    check = urllib.request.Request(base + "/rest/whoami", headers={"Cookie": cookie, "Accept": "application/json"})
    with urllib.request.urlopen(check, timeout=30) as answer:
        who = json.loads(answer.read().decode())
    if who.get("user") != user:
        sys.exit(f"/rest/whoami after the {mode} login says {who}")
    print(cookie)


if __name__ == "__main__":
    main()
