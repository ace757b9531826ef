#!/usr/bin/env python3
"""The user directory of the benchmark hosts (scripts/bench-wrk.sh, scripts/bench-jfr-session.sh): gives
a user of one host's directory a local password, then copies that directory to the other hosts, so that
every host serves the same users with the same groups and attributes, and a user provisioned by an SSO
login (alice) can also log in with the host's own form, on any of them. Standard library only.

  bench-directory.py SOURCE_HOME USER PASSWORD DEST_HOME...

The password hash has the reference host's format (PasswordHasher: pbkdf2-sha256$<iterations>$<salt>$<hash>,
base64 without padding). Each file is replaced by an atomic rename, which the hosts' user caches see
(DirectoryStore keys its parse by the file's identity, modification time and size). Prints each file's
size and the user's groups and attribute names (what the fair comparison holds equal)."""

import base64
import hashlib
import json
import os
import pathlib
import sys

ITERATIONS = 120_000


def password_hash(password):
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    b64 = lambda raw: base64.b64encode(raw).decode().rstrip("=")  # noqa: E731
    return f"pbkdf2-sha256${ITERATIONS}${b64(salt)}${b64(digest)}"


def replace(path, text):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    source, user, password, *dests = sys.argv[1:]
    source_file = pathlib.Path(source) / "crowd" / "directory.json"
    data = json.loads(source_file.read_text())
    record = data.get("users", {}).get(user.lower())
    if record is None:
        sys.exit(f"{source_file} has no user {user}")
    record["passwordHash"] = password_hash(password)
    text = json.dumps(data, indent=2) + "\n"
    replace(source_file, text)
    for dest in dests:
        replace(pathlib.Path(dest) / "crowd" / "directory.json", text)
    print(f"{user}: groups {sorted(record.get('groups', []))}, attributes {sorted(record.get('attributes', {}))};"
          f" directory {len(text.encode())} bytes on {1 + len(dests)} hosts", file=sys.stderr)


if __name__ == "__main__":
    main()
