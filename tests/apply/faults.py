#!/usr/bin/env python3
"""Failing file-system calls during apply and undo.

Each call of a kind (write, fsync, rename, open, ...) is made to fail in
turn with an errno (ENOSPC, EIO, EROFS, ...). The apply must then either
succeed with every file new, or fail with a message that names the
errno. In both cases no file is half written, and a failure whose
message reports "no file was changed" changed none. Running apply again
converges, with nothing left in the root outside .hubcred/.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from applytest import FILES, Checker, Fixture  # noqa: E402

FAULTS = [
    ('write', 'ENOSPC', 'No space left on device', 'the disk is full'),
    ('write', 'EDQUOT', 'Disk quota exceeded', 'the disk is full'),
    ('fsync', 'EIO', 'Input/output error', 'the disk reported an error'),
    ('rename', 'EIO', 'Input/output error', None),
    ('open', 'EROFS', 'Read-only file system', 'mounted read-only'),
    ('open', 'EACCES', 'Permission denied', 'no permission'),
    ('mkdir', 'EACCES', 'Permission denied', None),
    ('fchmod', 'EPERM', 'Operation not permitted', None),
    ('close', 'EIO', 'Input/output error', None),
    ('link', 'EIO', 'Input/output error', None),
    ('unlink', 'EIO', None, None),
]


def whole(states):
    return all(s in ('old', 'new') for s in states.values())


def all_of(states, want):
    return all(s == want for s in states.values())


def one_fault(fx, ck, call, action, text, hint, n):
    root = fx.fresh_root()
    label = '%s %s at %d' % (call, action, n)
    rc, _, err, _ = fx.run(root, 'apply', at=n, action=action, calls=call)
    states = fx.states(root)
    ck.expect(whole(states), '%s: half-written file: %s' % (label, states))
    if rc == 0:
        ck.expect(all_of(states, 'new'), '%s: success but %s'
                  % (label, states))
    else:
        ck.expect(text is None or text in err,
                  '%s: message lacks "%s": %s' % (label, text, err.strip()))
        ck.expect(hint is None or hint in err, '%s: hint lacks "%s": %s'
                  % (label, hint, err.strip()))
        if 'no file was changed' in err:
            ck.expect(all_of(states, 'old'), '%s: said unchanged but %s'
                      % (label, states))
            ck.expect(fx.strays(root) == [], '%s: stray files: %s'
                      % (label, fx.strays(root)))
    rc, _, err, _ = fx.run(root, 'apply')
    ck.expect(rc == 0 and all_of(fx.states(root), 'new'),
              '%s: rerun: %d %s %s' % (label, rc, err.strip(),
                                       fx.states(root)))
    ck.expect(fx.strays(root) == [], '%s: stray files after rerun: %s'
              % (label, fx.strays(root)))


def edit_during_apply(fx, ck, path, n):
    """Someone appends to path before the apply's Nth open()."""
    root = fx.fresh_root()
    label = 'edit of %s before open %d' % (path, n)
    full = os.path.join(root, path)
    command = "printf '# edit\\n' >> '%s'" % full
    rc, _, err, _ = fx.run(root, 'apply', at=n, action='RUN', calls='open',
                           command=command)
    with open(full, newline='') as f:
        text = f.read()
    old, new, _ = FILES[path]
    others = {p: s for p, s in fx.states(root).items() if p != path}
    if rc == 0:
        # The edit came after the rename, so it is kept on the new text.
        ck.expect(text == new + '# edit\n', '%s: success, edit lost: %r'
                  % (label, text[-40:]))
        ck.expect(all_of(others, 'new'), '%s: success but %s'
                  % (label, others))
    else:
        ck.expect(text == old + '# edit\n', '%s: failed, edit lost: %r'
                  % (label, text[-40:]))
        ck.expect('changed' in err, '%s: message: %s' % (label,
                                                         err.strip()))
        ck.expect(all_of(others, 'old'), '%s: failed but %s'
                  % (label, others))
        ck.expect(fx.strays(root) == [], '%s: stray files: %s'
                  % (label, fx.strays(root)))


def undo_fault(fx, ck, call, action, n):
    root = fx.fresh_root()
    label = 'undo: %s %s at %d' % (call, action, n)
    fx.run(root, 'apply')
    rc, _, err, _ = fx.run(root, 'undo', at=n, action=action, calls=call)
    states = fx.states(root)
    ck.expect(whole(states), '%s: half-written file: %s' % (label, states))
    if rc == 0:
        ck.expect(all_of(states, 'old'), '%s: success but %s'
                  % (label, states))
    rc, _, err, _ = fx.run(root, 'undo')
    ck.expect(rc in (0, 2) and all_of(fx.states(root), 'old'),
              '%s: rerun: %d %s %s' % (label, rc, err.strip(),
                                       fx.states(root)))
    ck.expect(fx.strays(root) == [], '%s: stray files: %s'
              % (label, fx.strays(root)))


def main():
    fx = Fixture()
    ck = Checker()
    try:
        for call, action, text, hint in FAULTS:
            _, _, _, total = fx.run(fx.fresh_root(), 'apply', calls=call)
            ck.expect(total, 'a clean apply makes no %s call' % call)
            for n in range(1, (total or 0) + 1):
                one_fault(fx, ck, call, action, text, hint, n)
        _, _, _, total = fx.run(fx.fresh_root(), 'apply', calls='open')
        for path in ('main.tf', 'modules/ci/variables.tf'):
            for n in range(1, total + 1):
                edit_during_apply(fx, ck, path, n)
        for call, action in (('rename', 'EIO'), ('write', 'ENOSPC'),
                             ('unlink', 'EIO')):
            root = fx.fresh_root()
            fx.run(root, 'apply')
            _, _, _, total = fx.run(root, 'undo', calls=call)
            for n in range(1, (total or 0) + 1):
                undo_fault(fx, ck, call, action, n)
    finally:
        fx.close()
    return ck.finish('apply-faults')


if __name__ == '__main__':
    sys.exit(main())
