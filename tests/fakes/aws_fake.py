#!/usr/bin/env python3
"""Loopback fake of the AWS APIs hubcred calls, over HTTPS.

Secrets Manager (CreateSecret, PutSecretValue, DescribeSecret,
GetSecretValue, ListSecrets), STS GetCallerIdentity (XML, or JSON when
asked with Accept: application/json) and AssumeRole, and CodeBuild
BatchGetProjects / ListProjects. Every request must carry a valid SigV4
signature, which tests/fakes/sigv4.py checks against the keys given with
--credential and the temporary keys that AssumeRole issued. Requests
signed with an issued key must carry its session token and fail with
ExpiredToken once the key's Expiration has passed.
Errors have the status, __type or Code, and message of AWS's: 400 for
JSON service errors (403 for STS auth errors), with 'message' or
'Message' as each service spells it.

Python 3 standard library only. Listens on 127.0.0.1 only.

usage: aws_fake.py --cert PEM --key PEM --port-file FILE
                   --credentials-file FILE (lines AKID:SECRET[:TOKEN])
                   [--credential AKID:SECRET[:TOKEN] ...] [--parent-pid P]
                   [--cleanup-dir DIR]
                   [--region R] [--log FILE] [--dump-secrets FILE]
                   [--projects FILE] [--fault SPEC ...] [--page-size N]
                   [--dump-issued FILE]

--dump-issued appends each credential AssumeRole issues, as a JSON line
{"access_key_id", "secret_access_key", "session_token", "role_arn"}, so
that tests can check that no secret of it leaks.

Fault SPEC is OPERATION:KIND[:COUNT[:ARG]] (OPERATION may be '*'; COUNT
is a number or 'always', default 1). KINDs:
  throttle      ThrottlingException (STS: Throttling), not performed
  500 / 503     InternalServiceError / ServiceUnavailable
  slow          sleep ARG seconds (default 5), then respond normally
  malformed     200 with a truncated JSON (STS: XML) body, not performed
  expired       ExpiredTokenException (STS: 403 ExpiredToken)
  denied        AccessDeniedException (STS: 403 AccessDenied; for
                AssumeRole the caller may not assume the role)
  skew          the fake's clock is ARG seconds ahead (default 3600)
  drop          close the connection without a response, not performed
  drop-after    perform the operation, then close without a response
Faults may also come from $AWS_FAKE_FAULTS (space separated) and be added
at run time with POST /__control/fault {"spec": "..."} (unsigned).
"""

import argparse
import base64
import datetime
import hashlib
import http.server
import json
import os
import random
import re
import shutil
import ssl
import string
import sys
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigv4  # noqa: E402

ACCOUNT = "123456789012"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
# AssumeRole's RoleArn (an IAM role), RoleSessionName and ExternalId, as
# the STS model's length limits and patterns allow them.
ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
SESSION_NAME_RE = re.compile(r"^[\w+=,.@-]{2,64}$")
EXTERNAL_ID_RE = re.compile(r"^[\w+=,.@:/-]{2,1224}$")
CLOCK_WINDOW = 15 * 60
JSON_TYPE = "application/x-amz-json-1.1"

SM_TARGET = "secretsmanager."
CB_TARGET = "CodeBuild_20161006."


class AwsError(Exception):
    def __init__(self, code, message, status=400, lower=True):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.lower = lower  # JSON key 'message', else 'Message'


class Fault:
    def __init__(self, spec):
        parts = spec.split(":")
        if len(parts) < 2:
            raise ValueError("invalid fault spec %r, expected "
                             "OP:KIND[:COUNT[:ARG]]"
                             % spec)
        self.op = parts[0]
        self.kind = parts[1]
        count = parts[2] if len(parts) > 2 and parts[2] else "1"
        self.count = -1 if count == "always" else int(count)
        self.arg = parts[3] if len(parts) > 3 else None
        if self.kind not in ("throttle", "500", "503", "slow", "malformed",
                             "expired", "denied", "skew", "drop",
                             "drop-after"):
            raise ValueError("invalid fault spec %r: unknown kind" % spec)


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.secrets = {}  # (region, name) -> dict
        self.faults = []
        self.args = args
        self.keys = {}
        self.issued = {}  # access key id -> role, session, expiration
        creds = list(args.credential)
        if args.credentials_file:
            with open(args.credentials_file, encoding="utf-8") as f:
                creds += [line.strip() for line in f if line.strip()]
        for cred in creds:
            parts = cred.split(":", 2)
            if len(parts) < 2:
                raise SystemExit("invalid credential, expected "
                                 "AKID:SECRET[:TOKEN]")
            self.keys[parts[0]] = (parts[1],
                                   parts[2] if len(parts) > 2 else None)
        self.projects = []
        if args.projects:
            with open(args.projects, encoding="utf-8") as f:
                data = json.load(f)
            self.projects = data.get("projects", []) \
                if isinstance(data, dict) else data
        specs = list(args.fault or [])
        specs += os.environ.get("AWS_FAKE_FAULTS", "").split()
        for spec in specs:
            self.faults.append(Fault(spec))

    def take_fault(self, op):
        with self.lock:
            for fault in self.faults:
                if fault.op not in ("*", op) or fault.count == 0:
                    continue
                if fault.count > 0:
                    fault.count -= 1
                return fault
        return None

    def log(self, record):
        if not self.args.log:
            return
        with self.lock, open(self.args.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, sort_keys=True) + "\n")

    def issue(self, role_arn, session_name, duration):
        """Make and remember a temporary credential for a role."""
        alphabet = string.ascii_letters + string.digits
        akid = "ASIA" + "".join(random.choice(string.ascii_uppercase +
                                              string.digits)
                                for _ in range(16))
        secret = "".join(random.choice(alphabet + "/+") for _ in range(40))
        # Real session tokens are base64, so '/', '+' and '=' appear.
        token = "".join(random.choice(alphabet + "/+")
                        for _ in range(300)) + "=="
        expires = int(time.time()) + duration
        with self.lock:
            self.keys[akid] = (secret, token)
            self.issued[akid] = {"role_arn": role_arn,
                                 "session": session_name,
                                 "expires": expires}
            if self.args.dump_issued:
                with open(self.args.dump_issued, "a",
                          encoding="utf-8") as f:
                    f.write(json.dumps({
                        "access_key_id": akid, "secret_access_key": secret,
                        "session_token": token, "role_arn": role_arn})
                            + "\n")
        return akid, secret, token, expires

    def dump_secret(self, name, value):
        if not self.args.dump_secrets:
            return
        with self.lock, open(self.args.dump_secrets, "a",
                             encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "secret_string": value}) + "\n")


def amz_time(t):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))


def parse_amz_time(text):
    dt = datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ")
    return dt.replace(tzinfo=datetime.timezone.utc).timestamp()


def suffix():
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(6))


def find_secret(state, region, secret_id):
    """Look a secret up by name, full ARN or partial ARN."""
    for (reg, name), secret in state.secrets.items():
        if reg != region:
            continue
        if secret_id in (name, secret["ARN"]) or \
                secret["ARN"].startswith(secret_id + "-") and \
                secret_id.startswith("arn:"):
            return secret
    raise AwsError("ResourceNotFoundException",
                   "Secrets Manager can't find the specified secret.",
                   lower=False)


def check_token(body):
    token = body.get("ClientRequestToken")
    if not token:
        raise AwsError("InvalidRequestException",
                       "You must provide a ClientRequestToken value. We "
                       "recommend a UUID-type value.", lower=False)
    if not 32 <= len(token) <= 64:
        raise AwsError("InvalidParameterException",
                       "ClientRequestToken must be 32 to 64 characters.",
                       lower=False)
    return token


def secret_value(body):
    if "SecretString" in body:
        if not isinstance(body["SecretString"], str):
            raise AwsError("SerializationException",
                           "SecretString must be a string", lower=False)
        return ("SecretString", body["SecretString"])
    if "SecretBinary" in body:
        return ("SecretBinary", body["SecretBinary"])
    return None


def add_version(secret, token, value):
    """Add a version, or accept an identical retry of the same token."""
    versions = secret["versions"]
    if token in versions:
        if versions[token]["value"] != value:
            raise AwsError("ResourceExistsException",
                           "You can't modify an existing version, you can "
                           "only create new versions.", lower=False)
        return False
    for version in versions.values():
        if "AWSPREVIOUS" in version["stages"]:
            version["stages"].remove("AWSPREVIOUS")
    for version in versions.values():
        if "AWSCURRENT" in version["stages"]:
            version["stages"] = ["AWSPREVIOUS"]
    versions[token] = {"value": value, "stages": ["AWSCURRENT"],
                       "created": time.time()}
    secret["changed"] = time.time()
    return True


def sm_create(state, ctx, body):
    name = body.get("Name")
    if not isinstance(name, str) or not 1 <= len(name) <= 512:
        raise AwsError("InvalidParameterException",
                       "Name must be 1 to 512 characters.", lower=False)
    token = check_token(body)
    value = secret_value(body)
    region = ctx["region"]
    existing = state.secrets.get((region, name))
    if existing:
        if token in existing["versions"] and \
                existing["versions"][token]["value"] == value:
            return {"ARN": existing["ARN"], "Name": name,
                    "VersionId": token}
        raise AwsError("ResourceExistsException",
                       "The operation failed because the secret %s already "
                       "exists." % name, lower=False)
    arn = "arn:aws:secretsmanager:%s:%s:secret:%s-%s" % (
        region, ACCOUNT, name, suffix())
    secret = {"ARN": arn, "Name": name, "KmsKeyId": body.get("KmsKeyId"),
              "Description": body.get("Description"), "versions": {},
              "created": time.time(), "changed": time.time()}
    out = {"ARN": arn, "Name": name}
    if value is not None:
        add_version(secret, token, value)
        out["VersionId"] = token
    state.secrets[(region, name)] = secret
    return out


def sm_put(state, ctx, body):
    secret = find_secret(state, ctx["region"], body.get("SecretId", ""))
    token = check_token(body)
    value = secret_value(body)
    if value is None:
        raise AwsError("InvalidParameterException",
                       "You must provide either SecretString or "
                       "SecretBinary.", lower=False)
    add_version(secret, token, value)
    return {"ARN": secret["ARN"], "Name": secret["Name"],
            "VersionId": token,
            "VersionStages": secret["versions"][token]["stages"]}


def stages_map(secret):
    return {vid: list(v["stages"]) for vid, v in secret["versions"].items()
            if v["stages"]}


def sm_describe(state, ctx, body):
    secret = find_secret(state, ctx["region"], body.get("SecretId", ""))
    out = {"ARN": secret["ARN"], "Name": secret["Name"],
           "CreatedDate": secret["created"],
           "LastChangedDate": secret["changed"],
           "VersionIdsToStages": stages_map(secret)}
    if secret["KmsKeyId"]:
        out["KmsKeyId"] = secret["KmsKeyId"]
    if secret["Description"]:
        out["Description"] = secret["Description"]
    return out


def sm_get(state, ctx, body):
    secret = find_secret(state, ctx["region"], body.get("SecretId", ""))
    stage = body.get("VersionStage", "AWSCURRENT")
    for vid, version in secret["versions"].items():
        if body.get("VersionId") not in (None, vid):
            continue
        if stage in version["stages"] or body.get("VersionId") == vid:
            kind, value = version["value"]
            return {"ARN": secret["ARN"], "Name": secret["Name"],
                    "VersionId": vid, kind: value,
                    "VersionStages": version["stages"],
                    "CreatedDate": version["created"]}
    raise AwsError("ResourceNotFoundException",
                   "Secrets Manager can't find the specified secret value "
                   "for staging label: %s" % stage, lower=False)


def sm_list(state, ctx, body):
    names = sorted(n for (r, n) in state.secrets if r == ctx["region"])
    for flt in body.get("Filters") or []:
        if flt.get("Key") == "name":
            names = [n for n in names
                     if any(n.startswith(v) for v in flt.get("Values", []))]
    size = min(int(body.get("MaxResults") or 100), state.args.page_size)
    start = 0
    if body.get("NextToken"):
        try:
            start = int(base64.b64decode(body["NextToken"]).decode())
        except ValueError:
            raise AwsError("InvalidNextTokenException",
                           "The NextToken value is invalid.", lower=False)
    page = names[start:start + size]
    out = {"SecretList": []}
    for name in page:
        secret = state.secrets[(ctx["region"], name)]
        entry = {"ARN": secret["ARN"], "Name": name,
                 "SecretVersionsToStages": stages_map(secret),
                 "CreatedDate": secret["created"]}
        if secret["KmsKeyId"]:
            entry["KmsKeyId"] = secret["KmsKeyId"]
        out["SecretList"].append(entry)
    if start + size < len(names):
        out["NextToken"] = base64.b64encode(
            str(start + size).encode()).decode()
    return out


def cb_batch_get(state, ctx, body):
    names = body.get("names")
    if not isinstance(names, list) or not 1 <= len(names) <= 100:
        raise AwsError("InvalidInputException",
                       "1 validation error detected: Value at 'names' "
                       "failed to satisfy constraint")
    found, missing = [], []
    for name in names:
        for project in state.projects:
            if name in (project.get("name"), project.get("arn")):
                found.append(project)
                break
        else:
            missing.append(name)
    return {"projects": found, "projectsNotFound": missing}


def cb_list(state, ctx, body):
    names = sorted(p.get("name") for p in state.projects)
    if body.get("sortOrder") == "DESCENDING":
        names.reverse()
    start = 0
    if body.get("nextToken"):
        try:
            start = int(base64.b64decode(body["nextToken"]).decode())
        except ValueError:
            raise AwsError("InvalidInputException", "Invalid next token")
    size = state.args.page_size
    out = {"projects": names[start:start + size]}
    if start + size < len(names):
        out["nextToken"] = base64.b64encode(
            str(start + size).encode()).decode()
    return out


JSON_OPS = {
    "secretsmanager.CreateSecret": ("secretsmanager", sm_create),
    "secretsmanager.PutSecretValue": ("secretsmanager", sm_put),
    "secretsmanager.DescribeSecret": ("secretsmanager", sm_describe),
    "secretsmanager.GetSecretValue": ("secretsmanager", sm_get),
    "secretsmanager.ListSecrets": ("secretsmanager", sm_list),
    "CodeBuild_20161006.BatchGetProjects": ("codebuild", cb_batch_get),
    "CodeBuild_20161006.ListProjects": ("codebuild", cb_list),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "aws-fake"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    # --- plumbing -----------------------------------------------------

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, body, ctype, request_id):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", request_id)
        self.send_header("Date", self.date_time_string(
            time.time() + getattr(self, "skew", 0)))
        self.end_headers()
        self.wfile.write(body)

    def send_json_error(self, err, request_id):
        key = "message" if err.lower else "Message"
        body = json.dumps({"__type": err.code, key: err.message})
        self.send(err.status, body, JSON_TYPE, request_id)

    def send_xml_error(self, err, request_id):
        kind = "Receiver" if err.status >= 500 else "Sender"
        body = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/"
                "2011-06-15/\"><Error><Type>%s</Type><Code>%s</Code>"
                "<Message>%s</Message></Error><RequestId>%s</RequestId>"
                "</ErrorResponse>\n" % (kind, err.code,
                                        xml_escape(err.message),
                                        request_id))
        self.send(err.status, body, "text/xml", request_id)

    # --- requests -----------------------------------------------------

    def do_GET(self):
        self.send(404, "{}", "application/json", str(uuid.uuid4()))

    def do_POST(self):
        state = self.server.state
        request_id = str(uuid.uuid4())
        self.skew = 0
        body = self.read_body()
        if self.path.startswith("/__control/"):
            self.control(body, request_id)
            return

        headers = list(self.headers.items())
        target = self.headers.get("X-Amz-Target")
        record = {"time": time.time(), "target": target,
                  "header_names": [k for k, _ in headers],
                  "request_id": request_id}
        if target is not None:
            record["protocol"] = "json"
            op = target.split(".", 1)[-1]
        else:
            record["protocol"] = "query"
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            op = form.get("Action", [""])[0]
        record["operation"] = op

        fault = state.take_fault(op)
        if fault:
            record["fault"] = fault.kind
        try:
            ctx = self.authenticate(headers, body, record, fault)
            if fault and fault.kind == "slow":
                time.sleep(float(fault.arg or 5))
            if fault and fault.kind == "drop":
                self.drop(record)
                return

            if target is not None:
                self.handle_json(ctx, target, body, record, fault,
                                 request_id)
            else:
                self.handle_query(ctx, form, record, fault, request_id)
        except AwsError as err:
            record["status"] = err.status
            record["error"] = err.code
            state.log(record)
            if target is not None:
                self.send_json_error(err, request_id)
            else:
                self.send_xml_error(err, request_id)

    def drop(self, record):
        record["status"] = 0
        self.server.state.log(record)
        self.close_connection = True

    def authenticate(self, headers, body, record, fault):
        """Verify the signature and return region, service, caller."""
        state = self.server.state
        query = record["protocol"] == "query"

        def secret_for(akid):
            with state.lock:
                entry = state.keys.get(akid)
            return entry[0] if entry else None

        try:
            auth = sigv4.verify(self.command, self.path, headers, body,
                                secret_for)
        except sigv4.SigV4Error as e:
            if e.kind == "unknown-key":
                raise AwsError("InvalidClientTokenId" if query else
                               "UnrecognizedClientException", e.message,
                               403 if query else 400)
            if query:
                raise AwsError("SignatureDoesNotMatch" if e.kind ==
                               "mismatch" else "IncompleteSignature",
                               e.message, 403)
            raise AwsError("InvalidSignatureException" if e.kind ==
                           "mismatch" else "IncompleteSignatureException",
                           e.message, 400 if e.kind == "mismatch" else 403)
        record.update({"region": auth["region"], "service": auth["service"],
                       "access_key": auth["access_key"],
                       "signed_headers": auth["signed"]})
        self.check_clock(auth, fault, query)
        self.check_token(auth, headers, record, query, fault)
        expect = state.args.region
        if expect and auth["region"] != expect:
            raise AwsError("SignatureDoesNotMatch" if query else
                           "InvalidSignatureException",
                           "Credential should be scoped to a valid region, "
                           "not '%s'. " % auth["region"], 403 if query
                           else 400)
        return {"region": auth["region"], "service": auth["service"],
                "access_key": auth["access_key"]}

    def check_clock(self, auth, fault, query):
        now = time.time()
        if fault and fault.kind == "skew":
            self.skew = float(fault.arg or 3600)
            now += self.skew
        then = parse_amz_time(auth["amz_date"])
        code = "SignatureDoesNotMatch" if query else \
            "InvalidSignatureException"
        status = 403 if query else 400
        if then < now - CLOCK_WINDOW:
            raise AwsError(code, "Signature expired: %s is now earlier "
                           "than %s (%s - 15 min.)" % (
                               auth["amz_date"],
                               amz_time(now - CLOCK_WINDOW), amz_time(now)),
                           status)
        if then > now + CLOCK_WINDOW:
            raise AwsError(code, "Signature not yet current: %s is still "
                           "later than %s (%s + 15 min.)" % (
                               auth["amz_date"],
                               amz_time(now + CLOCK_WINDOW), amz_time(now)),
                           status)

    def check_token(self, auth, headers, record, query, fault):
        state = self.server.state
        with state.lock:
            expected = state.keys[auth["access_key"]][1]
            issued = state.issued.get(auth["access_key"])
        got = sigv4.header_value(headers, "x-amz-security-token")
        record["session_token"] = got is not None
        if expected != got:
            raise AwsError("InvalidClientTokenId" if query else
                           "UnrecognizedClientException",
                           "The security token included in the request is "
                           "invalid.", 403 if query else 400)
        if issued:
            record["assumed_role"] = issued["role_arn"]
        if fault and fault.kind == "expired" or \
                issued and issued["expires"] <= time.time():
            raise AwsError("ExpiredToken" if query else
                           "ExpiredTokenException",
                           "The security token included in the request is "
                           "expired", 403 if query else 400)

    def common_faults(self, fault, action, resource, query):
        if not fault:
            return
        if fault.kind == "throttle":
            raise AwsError("Throttling" if query else "ThrottlingException",
                           "Rate exceeded", 400)
        if fault.kind == "500":
            raise AwsError("InternalFailure" if query else
                           "InternalServiceError",
                           "An internal error occurred.", 500)
        if fault.kind == "503":
            raise AwsError("ServiceUnavailable",
                           "Service is unavailable.", 503)
        if fault.kind == "denied":
            raise AwsError("AccessDenied" if query else
                           "AccessDeniedException",
                           "User: arn:aws:iam::%s:user/hubcred-test is not "
                           "authorized to perform: %s on resource: %s "
                           "because no identity-based policy allows the %s "
                           "action" % (ACCOUNT, action, resource, action),
                           403 if query else 400)

    def handle_json(self, ctx, target, body, record, fault, request_id):
        state = self.server.state
        if target not in JSON_OPS:
            raise AwsError("UnknownOperationException", "")
        service, func = JSON_OPS[target]
        if ctx["service"] != service:
            raise AwsError("InvalidSignatureException",
                           "Credential should be scoped to correct service: "
                           "'%s'. " % service)

        ctype = self.headers.get("Content-Type", "")
        if ctype != JSON_TYPE:
            raise AwsError("SerializationException",
                           "Content-Type must be %s" % JSON_TYPE, lower=False)
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            raise AwsError("SerializationException",
                           "Start of structure or map found where not "
                           "expected.", lower=False)
        if not isinstance(data, dict):
            raise AwsError("SerializationException", "Expected an object",
                           lower=False)
        self.describe_input(data, record)

        action = "%s:%s" % (service, record["operation"])
        resource = data.get("SecretId") or data.get("Name") or "*"
        self.common_faults(fault, action, resource, False)
        if fault and fault.kind == "malformed":
            record["status"] = 200
            state.log(record)
            self.send(200, '{"ARN": "arn:aws:secretsmanager:', JSON_TYPE,
                      request_id)
            return

        with state.lock:
            out = func(state, ctx, data)
        if "SecretString" in data and record["operation"] in (
                "CreateSecret", "PutSecretValue"):
            state.dump_secret(out.get("Name"), data["SecretString"])
        if fault and fault.kind == "drop-after":
            self.drop(record)
            return
        record["status"] = 200
        state.log(record)
        self.send(200, json.dumps(out), JSON_TYPE, request_id)

    @staticmethod
    def describe_input(data, record):
        """Copy names and a hash of the secret, never its value."""
        for key in ("Name", "SecretId", "ClientRequestToken", "KmsKeyId",
                    "names", "NextToken", "MaxResults"):
            if key in data:
                record[key] = data[key]
        if isinstance(data.get("SecretString"), str):
            record["secret_sha256"] = hashlib.sha256(
                data["SecretString"].encode("utf-8")).hexdigest()
        record["body_keys"] = sorted(data)

    def handle_query(self, ctx, form, record, fault, request_id):
        if ctx["service"] != "sts":
            raise AwsError("SignatureDoesNotMatch",
                           "Credential should be scoped to correct service: "
                           "'sts'. ", 403)
        ops = {"GetCallerIdentity": self.sts_identity,
               "AssumeRole": self.sts_assume_role}
        if record["operation"] not in ops or \
                form.get("Version", [""])[0] != "2011-06-15":
            raise AwsError("InvalidAction", "Could not find operation %s "
                           "for version %s" % (
                               record["operation"],
                               form.get("Version", [""])[0]))
        ops[record["operation"]](ctx, form, record, fault, request_id)

    def sts_identity(self, ctx, form, record, fault, request_id):
        state = self.server.state
        self.common_faults(fault, "sts:GetCallerIdentity", "*", True)

        with state.lock:
            token = state.keys[ctx["access_key"]][1]
            issued = state.issued.get(ctx["access_key"])
        if issued:
            arn = "arn:aws:sts::%s:assumed-role/%s/%s" % (
                ACCOUNT, issued["role_arn"].rsplit("/", 1)[-1],
                issued["session"])
            user_id = "AROAEXAMPLEROLEID:%s" % issued["session"]
        elif token:
            arn = "arn:aws:sts::%s:assumed-role/hubcred-test/session" % \
                ACCOUNT
            user_id = "AROAEXAMPLEROLEID:session"
        else:
            arn = "arn:aws:iam::%s:user/hubcred-test" % ACCOUNT
            user_id = "AIDAEXAMPLEUSERID"

        want_json = "application/json" in self.headers.get("Accept", "")
        record["status"] = 200
        if fault and fault.kind == "malformed":
            state.log(record)
            self.send(200, "<GetCallerIdentityResponse><GetCallerIdentity",
                      "text/xml", request_id)
            return
        if fault and fault.kind == "drop-after":
            self.drop(record)
            return

        state.log(record)
        if want_json:
            body = json.dumps({"GetCallerIdentityResponse": {
                "GetCallerIdentityResult": {
                    "Account": ACCOUNT, "Arn": arn, "UserId": user_id},
                "ResponseMetadata": {"RequestId": request_id}}})
            self.send(200, body, "application/json", request_id)
            return
        body = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws."
                "com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>\n"
                "    <Arn>%s</Arn>\n    <UserId>%s</UserId>\n"
                "    <Account>%s</Account>\n  </GetCallerIdentityResult>\n"
                "  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
                "  </ResponseMetadata>\n</GetCallerIdentityResponse>\n" % (
                    arn, user_id, ACCOUNT, request_id))
        self.send(200, body, "text/xml", request_id)

    @staticmethod
    def assume_role_input(form):
        """Check AssumeRole's parameters as STS does and return them."""
        def one(name):
            values = form.get(name, [])
            return values[0] if values else None

        role_arn = one("RoleArn")
        session = one("RoleSessionName")
        external_id = one("ExternalId")
        duration = one("DurationSeconds")
        if role_arn is None or session is None:
            raise AwsError("MissingParameter", "The request must contain "
                           "the parameter %s" % (
                               "RoleArn" if role_arn is None
                               else "RoleSessionName"))
        if not 20 <= len(role_arn) <= 2048 or \
                not ROLE_ARN_RE.match(role_arn):
            raise AwsError("ValidationError", "%s is invalid" % role_arn)
        if not SESSION_NAME_RE.match(session):
            raise AwsError("ValidationError", "1 validation error "
                           "detected: Value '%s' at 'roleSessionName' "
                           "failed to satisfy constraint" % session)
        if external_id is not None and \
                not EXTERNAL_ID_RE.match(external_id):
            raise AwsError("ValidationError", "1 validation error "
                           "detected: Value at 'externalId' failed to "
                           "satisfy constraint")
        try:
            seconds = 3600 if duration is None else int(duration)
        except ValueError:
            seconds = 0
        if not 900 <= seconds <= 43200:
            raise AwsError("ValidationError", "1 validation error "
                           "detected: Value '%s' at 'durationSeconds' "
                           "failed to satisfy constraint" % duration)
        return role_arn, session, external_id, seconds

    def sts_assume_role(self, ctx, form, record, fault, request_id):
        state = self.server.state
        role_arn, session, external_id, seconds = \
            self.assume_role_input(form)
        record.update({"RoleArn": role_arn, "RoleSessionName": session,
                       "ExternalId": external_id,
                       "DurationSeconds": seconds})
        self.common_faults(fault, "sts:AssumeRole", role_arn, True)
        if fault and fault.kind == "malformed":
            record["status"] = 200
            state.log(record)
            self.send(200, "<AssumeRoleResponse><AssumeRoleResult>"
                      "<Credentials><AccessKeyId>ASIA", "text/xml",
                      request_id)
            return

        akid, secret, token, expires = state.issue(role_arn, session,
                                                   seconds)
        record["issued_access_key"] = akid
        if fault and fault.kind == "drop-after":
            self.drop(record)
            return
        record["status"] = 200
        state.log(record)
        role_name = role_arn.rsplit("/", 1)[-1]
        body = ("<AssumeRoleResponse xmlns=\"%s\">\n"
                "  <AssumeRoleResult>\n"
                "    <AssumedRoleUser>\n"
                "      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>\n"
                "      <AssumedRoleId>AROAEXAMPLEROLEID:%s</AssumedRoleId>\n"
                "    </AssumedRoleUser>\n"
                "    <Credentials>\n"
                "      <AccessKeyId>%s</AccessKeyId>\n"
                "      <SecretAccessKey>%s</SecretAccessKey>\n"
                "      <SessionToken>%s</SessionToken>\n"
                "      <Expiration>%s</Expiration>\n"
                "    </Credentials>\n"
                "  </AssumeRoleResult>\n"
                "  <ResponseMetadata>\n"
                "    <RequestId>%s</RequestId>\n"
                "  </ResponseMetadata>\n"
                "</AssumeRoleResponse>\n" % (
                    STS_NS, ACCOUNT, role_name, session, session, akid,
                    xml_escape(secret), xml_escape(token),
                    time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                  time.gmtime(expires)),
                    request_id))
        self.send(200, body, "text/xml", request_id)

    def control(self, body, request_id):
        state = self.server.state
        try:
            data = json.loads(body or b"{}")
            if self.path == "/__control/fault":
                fault = Fault(data["spec"])
                with state.lock:
                    state.faults.append(fault)
            elif self.path == "/__control/reset":
                with state.lock:
                    state.faults.clear()
                    if data.get("secrets"):
                        state.secrets.clear()
            else:
                raise ValueError("unknown control path")
        except (ValueError, KeyError) as e:
            self.send(400, json.dumps({"error": str(e)}),
                      "application/json", request_id)
            return
        self.send(200, "{}", "application/json", request_id)


def xml_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gives up mid-request (a timeout test) is expected.
        pass


def watch_parent(pid, cleanup_dir):
    """Exit with the test that started the fake, even without its trap,
    and remove cleanup_dir (the test's scratch directory) if given."""
    while True:
        time.sleep(1)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            if cleanup_dir:
                shutil.rmtree(cleanup_dir, ignore_errors=True)
            os._exit(0)
        except PermissionError:
            pass


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--port-file")
    p.add_argument("--credential", action="append", default=[])
    p.add_argument("--credentials-file",
                   help="lines of AKID:SECRET[:TOKEN], kept out of argv")
    p.add_argument("--parent-pid", type=int,
                   help="exit when this process is gone")
    p.add_argument("--cleanup-dir",
                   help="directory to remove when --parent-pid is gone")
    p.add_argument("--region")
    p.add_argument("--log")
    p.add_argument("--dump-secrets")
    p.add_argument("--dump-issued")
    p.add_argument("--projects")
    p.add_argument("--fault", action="append")
    p.add_argument("--page-size", type=int, default=100)
    args = p.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    server.state = State(args)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)
    print("PORT %d" % port, flush=True)
    if args.parent_pid:
        threading.Thread(target=watch_parent,
                         args=(args.parent_pid, args.cleanup_dir),
                         daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
