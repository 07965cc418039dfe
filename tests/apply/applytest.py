"""Shared parts of the apply crash and fault tests.

A Fixture contains a plan of three files: an edited LF file, an edited
CRLF file in a module folder and a created file. It makes fresh roots
with the old contents, runs tests/apply/apply-driver under the fault
shim and reports whether each file is entirely old, entirely new, or
neither.
"""
import os
import shutil
import stat
import subprocess
import tempfile

MAIN_OLD = (
    'resource "aws_codebuild_project" "build" {\n'
    '  name = "build"\n'
    '  environment {\n'
    '    image = "example/builder:1"\n'
    '  }\n'
    '}\n'
)
MAIN_NEW = MAIN_OLD.replace(
    '    image = "example/builder:1"\n',
    '    image                       = "example/builder:1"\n'
    '    image_pull_credentials_type = "SERVICE_ROLE"\n')
VARS_OLD = 'variable "name" {\r\n  type = string\r\n}\r\n'
VARS_NEW = VARS_OLD + '\r\nvariable "docker_hub_secret_arn" {\r\n' \
    '  type = string\r\n}\r\n'
TFVARS_NEW = 'docker_hub_secret_arn = "arn:aws:secretsmanager:' \
    'eu-west-1:123456789012:secret:codebuild/dockerhub-AbCdEf"\n'

# path: (old text or None when created, new text, mode of the original)
FILES = {
    'main.tf': (MAIN_OLD, MAIN_NEW, 0o640),
    'modules/ci/variables.tf': (VARS_OLD, VARS_NEW, 0o600),
    'terraform.tfvars': (None, TFVARS_NEW, None),
}
FOLDERS = {'modules', 'modules/ci'}


class Fixture:
    def __init__(self, external_state=False):
        build = os.environ['HUBCRED_BUILD_ROOT']
        self.driver = os.path.join(build, 'tests', 'apply', 'apply-driver')
        self.shim = os.path.join(build, 'tests', 'apply', 'faultshim.so')
        for path in (self.driver, self.shim):
            if not os.path.exists(path):
                raise SystemExit('missing %s: build the tests first' % path)
        # A SIGKILL does not drop the page cache, so fsync plays no part
        # in what these tests check: tmpfs spares them its cost.
        shm = '/dev/shm'
        fast = shm if os.access(shm, os.W_OK | os.X_OK) else None
        self.base = tempfile.mkdtemp(prefix='hubcred-apply-', dir=fast)
        # Lock and journals outside the root, under this folder.
        self.state_home = None
        if external_state:
            self.state_home = os.path.join(self.base, 'state', 'hubcred')
        self.plan_args = []
        for i, (path, (old, new, _)) in enumerate(sorted(FILES.items())):
            old_file = '-'
            if old is not None:
                old_file = self._put('%d.old' % i, old)
            self.plan_args += [path, old_file, self._put('%d.new' % i, new)]
        self.count = 0
        umask = os.umask(0o022)
        os.umask(umask)
        self.new_mode = 0o666 & ~umask

    def _put(self, name, text):
        path = os.path.join(self.base, name)
        with open(path, 'w', newline='') as f:
            f.write(text)
        return path

    def close(self):
        for top, dirs, _ in os.walk(self.base):
            for d in dirs:
                os.chmod(os.path.join(top, d), 0o755)
        shutil.rmtree(self.base)

    def fresh_root(self):
        """A new root holding the old contents."""
        self.count += 1
        root = os.path.join(self.base, 'root%d' % self.count)
        os.makedirs(os.path.join(root, 'modules', 'ci'))
        for path, (old, _, mode) in FILES.items():
            if old is None:
                continue
            full = os.path.join(root, path)
            with open(full, 'w', newline='') as f:
                f.write(old)
            os.chmod(full, mode)
        return root

    def run(self, root, what, at=0, action='KILL', calls='', command=''):
        """Run the driver; returns (returncode, stdout, stderr, ncalls)."""
        report = os.path.join(self.base, 'report')
        env = dict(os.environ)
        env.update(LD_PRELOAD=self.shim, HC_FAULT_AT=str(at),
                   HC_FAULT_ACTION=action, HC_FAULT_CALLS=calls,
                   HC_FAULT_REPORT=report, HC_FAULT_COMMAND=command)
        env.pop('HUBCRED_TEST_STATE_HOME', None)
        if self.state_home:
            env['HUBCRED_TEST_STATE_HOME'] = self.state_home
        if os.path.exists(report):
            os.unlink(report)
        args = [self.driver, what, root]
        if what != 'undo':
            args += self.plan_args
        p = subprocess.run(args, env=env, capture_output=True, text=True,
                           timeout=30)
        ncalls = None
        if os.path.exists(report):
            with open(report) as f:
                ncalls = int(f.readline())
        return p.returncode, p.stdout, p.stderr, ncalls

    def states(self, root):
        """{path: 'old' | 'new' | description of what is wrong}."""
        out = {}
        for path, (old, new, mode) in FILES.items():
            full = os.path.join(root, path)
            try:
                st = os.lstat(full)
            except FileNotFoundError:
                out[path] = 'old' if old is None else 'missing'
                continue
            with open(full, newline='') as f:
                text = f.read()
            want = mode if mode is not None else self.new_mode
            if stat.S_IMODE(st.st_mode) != want:
                out[path] = 'mode %o' % stat.S_IMODE(st.st_mode)
            elif text == new:
                out[path] = 'new'
            elif old is not None and text == old:
                out[path] = 'old'
            else:
                out[path] = 'partial (%d bytes)' % len(text)
        return out

    def strays(self, root):
        """Names in root that should not be there.

        .hubcred/ is allowed when it is the state folder.
        """
        found = []
        for top, dirs, files in os.walk(root):
            rel = os.path.relpath(top, root)
            if rel == '.':
                if not self.state_home:
                    dirs[:] = [d for d in dirs if d != '.hubcred']
                rel = ''
            for name in dirs + files:
                path = os.path.join(rel, name)
                if path not in FILES and path not in FOLDERS:
                    found.append(path)
        return sorted(found)

    def hubcred_ignored(self, root):
        if self.state_home:
            return not os.path.exists(os.path.join(root, '.hubcred'))
        with open(os.path.join(root, '.hubcred', '.gitignore')) as f:
            return f.read() == '*\n'


class Checker:
    """Collects failures so one run reports all of them."""

    def __init__(self):
        self.failures = []
        self.checks = 0

    def expect(self, ok, what):
        self.checks += 1
        if not ok:
            self.failures.append(what)
            print('FAIL: ' + what, flush=True)

    def finish(self, name):
        failed = len(self.failures)
        print('%s: %d passed, %d failed' % (name, self.checks - failed,
                                          failed))
        return 1 if failed else 0
