"""AWS Signature Version 4 verification for the loopback fakes.

Written from the published algorithm, independently of libcurl, so that a
request hubcred signs is checked by a second implementation. The fake
passes what it received: method, raw request target, headers in arrival
order and body. verify() recomputes the canonical request over the
headers named in SignedHeaders and compares signatures in constant time.

Algorithm: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
"""

import hashlib
import hmac
import re
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
UNRESERVED = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
              "0123456789-_.~")

_AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*"
    r"SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$")


class SigV4Error(Exception):
    """Error for a request that fails verification. kind selects the AWS
    error code the fake returns."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind  # "incomplete", "mismatch", "unknown-key"
        self.message = message


def uri_encode(text, keep_slash=False):
    """Percent-encode every byte outside the unreserved set, upper hex."""
    safe = UNRESERVED + ("/" if keep_slash else "")
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in safe:
            out.append(ch)
        else:
            out.append("%%%02X" % byte)
    return "".join(out)


def _remove_dot_segments(path):
    out = []
    for seg in path.split("/"):
        if seg == "..":
            if out:
                out.pop()
        elif seg not in (".", ""):
            out.append(seg)
    result = "/" + "/".join(out)
    if path.endswith("/") and result != "/":
        result += "/"
    return result


def canonical_uri(path, normalize=True):
    """Canonical path for non-S3 services: normalized, each segment encoded
    (an already encoded '%' is encoded again, as AWS does outside S3)."""
    if path == "":
        path = "/"
    if normalize:
        path = _remove_dot_segments(path)
    return "/".join(uri_encode(seg) for seg in path.split("/"))


def canonical_query(query):
    """Decode each name and value, encode them again, sort by name, value."""
    if not query:
        return ""
    pairs = []
    for part in query.split("&"):
        if part == "":
            continue
        name, _, value = part.partition("=")
        name = uri_encode(urllib.parse.unquote(name))
        value = uri_encode(urllib.parse.unquote(value))
        pairs.append((name, value))
    pairs.sort()
    return "&".join("%s=%s" % p for p in pairs)


def _trim_value(value):
    return re.sub(r"\s+", " ", value.strip())


def canonical_headers(headers, signed):
    """headers: list of (name, value) as received; signed: lower-case names.
    Repeated headers are joined with ',' in arrival order."""
    merged = {}
    for name, value in headers:
        key = name.strip().lower()
        merged.setdefault(key, []).append(_trim_value(value))
    lines = []
    for name in signed:
        if name not in merged:
            raise SigV4Error("incomplete",
                             "Signed header %s is missing" % name)
        lines.append("%s:%s\n" % (name, ",".join(merged[name])))
    return "".join(lines)


def canonical_request(method, target, headers, body, signed,
                      normalize=True, payload_hash=None):
    path, _, query = target.partition("?")
    if payload_hash is None:
        payload_hash = hashlib.sha256(body).hexdigest()
    return "\n".join([
        method,
        canonical_uri(path, normalize),
        canonical_query(query),
        canonical_headers(headers, signed),
        ";".join(signed),
        payload_hash,
    ])


def string_to_sign(amz_date, scope, creq):
    return "\n".join([
        ALGORITHM, amz_date, scope,
        hashlib.sha256(creq.encode("utf-8")).hexdigest(),
    ])


def _hmac(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret, date, region, service):
    key = _hmac(("AWS4" + secret).encode("utf-8"), date)
    key = _hmac(key, region)
    key = _hmac(key, service)
    return _hmac(key, "aws4_request")


def signature(secret, date, region, service, sts):
    key = signing_key(secret, date, region, service)
    return hmac.new(key, sts.encode("utf-8"), hashlib.sha256).hexdigest()


def header_value(headers, name):
    name = name.lower()
    for key, value in headers:
        if key.strip().lower() == name:
            return value.strip()
    return None


def parse_authorization(value):
    """Return a dict with access_key, date, region, service, signed and
    signature."""
    if value is None:
        raise SigV4Error("incomplete",
                         "Authorization header requires 'Credential' "
                         "parameter.")
    m = _AUTH_RE.match(value.strip())
    if not m:
        raise SigV4Error("incomplete",
                         "Authorization header is not a valid "
                         "AWS4-HMAC-SHA256 header.")
    cred, signed, sig = m.groups()
    parts = cred.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise SigV4Error("incomplete",
                         "Credential should be scoped to a valid region. ")
    signed_list = signed.split(";")
    if signed_list != sorted(signed_list) or "host" not in signed_list:
        raise SigV4Error("incomplete",
                         "SignedHeaders must be sorted and include host.")
    return {
        "access_key": parts[0], "date": parts[1], "region": parts[2],
        "service": parts[3], "signed": signed_list, "signature": sig,
    }


def verify(method, target, headers, body, secret_for_key, normalize=True):
    """Verify a received request.

    secret_for_key(access_key) returns the secret or None (unknown key).
    Returns the parsed Authorization dict (plus amz_date) on success,
    raises SigV4Error otherwise. The caller checks region, service and
    the clock window against its own expectations.
    """
    auth = parse_authorization(header_value(headers, "authorization"))
    amz_date = header_value(headers, "x-amz-date")
    if amz_date is None or not re.match(r"^\d{8}T\d{6}Z$", amz_date):
        raise SigV4Error("incomplete",
                         "Authorization header requires existence of "
                         "either a 'X-Amz-Date' or a 'Date' header.")
    if "x-amz-date" not in auth["signed"]:
        raise SigV4Error("incomplete", "X-Amz-Date must be signed.")
    if amz_date[:8] != auth["date"]:
        raise SigV4Error("mismatch",
                         "Date in Credential scope does not match "
                         "YYYYMMDD from ISO-8601 version of date from "
                         "HTTP: '%s' != '%s'" % (auth["date"], amz_date[:8]))
    secret = secret_for_key(auth["access_key"])
    if secret is None:
        raise SigV4Error("unknown-key",
                         "The security token included in the request is "
                         "invalid.")
    payload_hash = header_value(headers, "x-amz-content-sha256")
    if (payload_hash is not None
            and payload_hash != hashlib.sha256(body).hexdigest()):
        raise SigV4Error("mismatch",
                         "The provided 'x-amz-content-sha256' header does "
                         "not match what was computed.")
    creq = canonical_request(method, target, headers, body, auth["signed"],
                             normalize, payload_hash)
    scope = "/".join([auth["date"], auth["region"], auth["service"],
                      "aws4_request"])
    sts = string_to_sign(amz_date, scope, creq)
    want = signature(secret, auth["date"], auth["region"], auth["service"],
                     sts)
    if not hmac.compare_digest(want, auth["signature"]):
        raise SigV4Error("mismatch",
                         "The request signature we calculated does not "
                         "match the signature you provided. Check your AWS "
                         "Secret Access Key and signing method.")
    auth["amz_date"] = amz_date
    return auth
