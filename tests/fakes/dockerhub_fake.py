#!/usr/bin/env python3
"""Loopback fake of Docker Hub's token service and registry, for tests.

usage: dockerhub_fake.py --cert PEM --key KEY --port-file FILE
                         [--config JSON] [--log FILE] [--parent-pid P]

One HTTPS port serves both sides:
  GET  /token?service=...&scope=repository:NAME:pull   token service
  GET  /v2/                                           registry ping
  HEAD/GET /v2/NAME/manifests/REF                     manifests
  POST /__control/config   replace the configuration (JSON body)
  POST /__control/reset    empty the request log

Configuration (all keys optional):
  {
    "users": {"example-user": "the-token"},
    "repos": {"library/alpine": {"tags": ["latest"]},
              "org/private": {"private": true, "pull": ["example-user"],
                              "tags": ["latest"]}},
    "token_format": "jwt" | "opaque",
    "ratelimit": {"anonymous": {"limit": "100;w=21600",
                                "remaining": "76;w=21600",
                                "source": "203.0.113.7"},
                  "authenticated": null},
    "faults": [{"path": "/token", "method": "GET", "times": 1,
                "status": 429, "body": "json" | "hap429",
                "retry_after": "1"},
               {"path": "/v2/", "delay": 3},
               {"path": "/token", "drop": true}]
  }
A ratelimit side set to null (or missing) sends no ratelimit headers,
which means unlimited. A fault matches when the request path starts with
its "path" and the method is its "method", if given. "times" counts
down; a fault without it always applies.

The log (JSON lines) records method, path, query, whether and which
authorization was sent and the username, never a password or token.
"""

import argparse
import base64
import hashlib
import http.server
import json
import os
import secrets
import ssl
import sys
import threading
import time
import urllib.parse

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
PULL_LIMIT_BODY = json.dumps({"errors": [{
    "code": "TOOMANYREQUESTS",
    "message": "You have reached your pull rate limit. You may increase "
               "the limit by authenticating and upgrading: "
               "https://www.docker.com/increase-rate-limit"}]})
HAP429_BODY = "Too Many Requests (HAP429).\n"

DEFAULT_CONFIG = {
    "users": {},
    "repos": {"library/alpine": {"tags": ["latest"]}},
    "token_format": "jwt",
    "ratelimit": {},
    "faults": [],
}


class State:
    """Configuration, issued tokens and the log, shared by all threads."""

    def __init__(self, config, log_path):
        self.lock = threading.Lock()
        self.config = dict(DEFAULT_CONFIG, **config)
        self.tokens = {}
        self.log_path = log_path

    def set_config(self, config):
        with self.lock:
            self.config = dict(DEFAULT_CONFIG, **config)

    def take_fault(self, method, path):
        with self.lock:
            for fault in self.config.get("faults", []):
                if not path.startswith(fault.get("path", "/")):
                    continue
                if fault.get("method", method) != method:
                    continue
                times = fault.get("times")
                if times is not None:
                    if times <= 0:
                        continue
                    fault["times"] = times - 1
                return dict(fault)
        return None

    def log(self, entry):
        if not self.log_path:
            return
        with self.lock, open(self.log_path, "a") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")

    def reset_log(self):
        if self.log_path:
            with self.lock:
                open(self.log_path, "w").close()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dockerhub-fake"

    def log_message(self, fmt, *args):
        pass

    # -- request plumbing ------------------------------------------------

    def parse_auth(self):
        """Return (kind, username, secret) of the Authorization header."""
        header = self.headers.get("Authorization", "")
        kind, _, value = header.partition(" ")
        kind = kind.lower()
        if kind == "basic":
            try:
                raw = base64.b64decode(value, validate=True).decode()
            except Exception:
                return "basic", None, None
            user, _, password = raw.partition(":")
            return "basic", user, password
        if kind == "bearer":
            with self.server.state.lock:
                grant = self.server.state.tokens.get(value)
            return "bearer", grant["user"] if grant else None, value
        return "none", None, None

    def reply(self, status, body=b"", content_type=None, headers=None):
        if isinstance(body, str):
            body = body.encode()
        # Log before replying, so a client that got its reply finds the
        # entry already written.
        if self.entry is not None:
            self.entry["status"] = status
            self.server.state.log(self.entry)
            self.entry = None
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def reply_json(self, status, obj, headers=None):
        self.reply(status, json.dumps(obj), "application/json", headers)

    def handle_any(self):
        url = urllib.parse.urlsplit(self.path)
        self.entry = None
        kind, user, _ = self.parse_auth()
        query = urllib.parse.parse_qs(url.query)
        entry = {"method": self.command, "path": url.path,
                 "query": {k: v for k, v in query.items()},
                 "auth": kind, "user": user,
                 "accept": self.headers.get("Accept")}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path.startswith("/__control/"):
            return self.control(url.path, body)
        self.entry = entry

        fault = self.server.state.take_fault(self.command, url.path)
        if fault and fault.get("delay"):
            time.sleep(fault["delay"])
        if fault and fault.get("drop"):
            entry["status"] = "dropped"
            self.server.state.log(entry)
            self.close_connection = True
            self.connection.close()
            return
        if fault and fault.get("status"):
            self.fault_reply(fault)
        elif url.path == "/token":
            self.token(query)
        elif url.path in ("/v2", "/v2/"):
            self.ping()
        elif url.path.startswith("/v2/") and "/manifests/" in url.path:
            self.manifest(url.path)
        else:
            self.reply_json(404, {"errors": [{"code": "NOT_FOUND"}]})

    do_GET = handle_any
    do_HEAD = handle_any
    do_POST = handle_any

    def control(self, path, body):
        state = self.server.state
        if path == "/__control/config":
            state.set_config(json.loads(body or b"{}"))
        elif path == "/__control/reset":
            state.reset_log()
        else:
            return self.reply_json(404, {"error": "unknown control"})
        self.reply_json(200, {"ok": True})

    def fault_reply(self, fault):
        headers = {}
        if fault.get("retry_after") is not None:
            headers["Retry-After"] = str(fault["retry_after"])
        if fault.get("body") == "hap429":
            self.reply(fault["status"], HAP429_BODY, "text/plain",
                       headers)
        elif fault.get("body") == "json":
            self.reply(fault["status"], PULL_LIMIT_BODY,
                       "application/json", headers)
        else:
            self.reply(fault["status"], fault.get("text", ""),
                       fault.get("content_type", "text/plain"), headers)

    # -- token service ---------------------------------------------------

    def token(self, query):
        kind, user, password = self.parse_auth()
        config = self.server.state.config
        if kind == "basic":
            if user is None or config["users"].get(user) != password:
                return self.reply_json(
                    401, {"details": "incorrect username or password"})
        else:
            user = ""
        access = []
        for scope in query.get("scope", []):
            parts = scope.split(":")
            if len(parts) != 3 or parts[0] != "repository":
                continue
            name = parts[1]
            repo = config["repos"].get(name)
            allowed = repo is not None and (
                not repo.get("private")
                or (user and user in repo.get("pull", [])))
            access.append({"type": "repository", "name": name,
                           "actions": ["pull"] if allowed else []})
        token = self.mint(user, access)
        self.reply_json(200, {
            "token": token, "access_token": token, "expires_in": 300,
            "issued_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000000Z",
                                       time.gmtime())})

    def mint(self, user, access):
        if self.server.state.config.get("token_format") == "opaque":
            token = secrets.token_hex(32)
        else:
            header = b64url(json.dumps({"alg": "RS256", "typ": "JWT"})
                            .encode())
            payload = b64url(json.dumps({
                "iss": "auth.docker.io", "sub": user,
                "aud": "registry.docker.io", "exp": int(time.time()) + 300,
                "jti": secrets.token_hex(8), "access": access}).encode())
            signature = b64url(secrets.token_bytes(32))
            token = header + "." + payload + "." + signature
        with self.server.state.lock:
            self.server.state.tokens[token] = {"user": user,
                                               "access": access}
        return token

    # -- registry --------------------------------------------------------

    def challenge(self, scope):
        value = ('Bearer realm="https://127.0.0.1:%d/token",'
                 'service="registry.docker.io"' % self.server.server_port)
        if scope:
            value += ',scope="%s"' % scope
        return {"Www-Authenticate": value}

    def grant(self):
        header = self.headers.get("Authorization", "")
        kind, _, value = header.partition(" ")
        if kind.lower() != "bearer":
            return None
        with self.server.state.lock:
            return self.server.state.tokens.get(value)

    def ping(self):
        if self.grant() is None:
            return self.reply_json(
                401, {"errors": [{"code": "UNAUTHORIZED"}]},
                self.challenge(None))
        self.reply_json(200, {})

    def ratelimit_headers(self, user):
        sides = self.server.state.config.get("ratelimit") or {}
        side = sides.get("authenticated" if user else "anonymous")
        headers = {}
        if side:
            for key, name in (("limit", "ratelimit-limit"),
                              ("remaining", "ratelimit-remaining"),
                              ("source", "docker-ratelimit-source")):
                if side.get(key) is not None:
                    headers[name] = side[key]
        return headers

    def manifest(self, path):
        name, _, ref = path[len("/v2/"):].partition("/manifests/")
        scope = "repository:%s:pull" % name
        grant = self.grant()
        allowed = grant is not None and any(
            a["name"] == name and "pull" in a["actions"]
            for a in grant["access"])
        if not allowed:
            return self.reply_json(401, {"errors": [{
                "code": "UNAUTHORIZED",
                "message": "authentication required",
                "detail": [{"Type": "repository", "Name": name,
                            "Action": "pull"}]}]}, self.challenge(scope))
        repo = self.server.state.config["repos"].get(name, {})
        if not ref.startswith("sha256:") and ref not in repo.get("tags", []):
            return self.reply_json(404, {"errors": [{
                "code": "MANIFEST_UNKNOWN",
                "message": "manifest unknown"}]})
        body = json.dumps({"schemaVersion": 2, "mediaType": MANIFEST_TYPE})
        headers = self.ratelimit_headers(grant["user"])
        headers["Docker-Content-Digest"] = (
            "sha256:" + hashlib.sha256(body.encode()).hexdigest())
        headers["Docker-Distribution-Api-Version"] = "registry/2.0"
        self.reply(200, body, MANIFEST_TYPE, headers)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, state):
        super().__init__(address, handler)
        self.state = state


def watch_parent(pid):
    while True:
        try:
            os.kill(pid, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--config")
    p.add_argument("--log")
    p.add_argument("--parent-pid", type=int,
                   help="exit when this process is gone")
    args = p.parse_args()

    config = {}
    if args.config:
        with open(args.config) as f:
            config = json.load(f)
    state = State(config, args.log)
    server = Server(("127.0.0.1", 0), Handler, state)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)

    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_port)
    os.rename(tmp, args.port_file)
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid,),
                         daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
