#!/usr/bin/env python3
"""Crash consistency of core/apply.c.

An apply of three files is killed with SIGKILL at each of its
file-system calls in turn (open, write, fsync, rename, close, ...), and so
is an undo. After every kill each file must be entirely old or entirely
new, with its mode. Then running apply again, or undo, must converge to
all new or all old, with nothing left in the root outside .hubcred/.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from applytest import Checker, Fixture  # noqa: E402

KILLED = -9


def whole(states):
    return all(s in ('old', 'new') for s in states.values())


def all_of(states, want):
    return all(s == want for s in states.values())


def converge_apply(fx, ck, root, label):
    rc, _, err, _ = fx.run(root, 'apply')
    ck.expect(rc == 0, '%s: rerun of apply failed (%d): %s' % (label, rc,
                                                              err.strip()))
    states = fx.states(root)
    ck.expect(all_of(states, 'new'), '%s: after rerun %s' % (label, states))
    ck.expect(fx.strays(root) == [], '%s: stray files after rerun: %s'
              % (label, fx.strays(root)))
    rc, _, err, _ = fx.run(root, 'undo')
    ck.expect(rc == 0, '%s: undo after rerun failed (%d): %s'
              % (label, rc, err.strip()))
    states = fx.states(root)
    ck.expect(all_of(states, 'old'), '%s: after undo %s' % (label, states))


def converge_undo(fx, ck, root, label):
    rc, _, err, _ = fx.run(root, 'undo')
    # Killed before the journal was saved: nothing to undo (exit 2).
    ck.expect(rc in (0, 2), '%s: undo failed (%d): %s' % (label, rc,
                                                        err.strip()))
    states = fx.states(root)
    ck.expect(all_of(states, 'old'), '%s: after undo %s' % (label, states))
    ck.expect(fx.strays(root) == [], '%s: stray files after undo: %s'
              % (label, fx.strays(root)))
    rc, _, err, _ = fx.run(root, 'apply')
    ck.expect(rc == 0 and all_of(fx.states(root), 'new'),
              '%s: apply after undo: %d %s %s' % (label, rc, err.strip(),
                                                 fx.states(root)))


def kill_applies(fx, ck):
    rc, _, err, total = fx.run(fx.fresh_root(), 'apply')
    ck.expect(rc == 0 and total, 'clean apply failed: %s' % err)
    for n in range(1, total + 1):
        root = fx.fresh_root()
        label = 'apply killed at call %d/%d' % (n, total)
        rc, _, err, _ = fx.run(root, 'apply', at=n)
        ck.expect(rc == KILLED, '%s: exit %d, not killed: %s'
                  % (label, rc, err.strip()))
        states = fx.states(root)
        ck.expect(whole(states), '%s: %s' % (label, states))
        if n % 2 == 0:
            converge_apply(fx, ck, root, label)
        else:
            converge_undo(fx, ck, root, label)
    return total


def kill_undos(fx, ck):
    root = fx.fresh_root()
    fx.run(root, 'apply')
    rc, _, err, total = fx.run(root, 'undo')
    ck.expect(rc == 0 and total, 'clean undo failed: %s' % err)
    for n in range(1, total + 1):
        root = fx.fresh_root()
        label = 'undo killed at call %d/%d' % (n, total)
        rc, _, err, _ = fx.run(root, 'apply')
        ck.expect(rc == 0, '%s: apply failed: %s' % (label, err.strip()))
        rc, _, err, _ = fx.run(root, 'undo', at=n)
        ck.expect(rc == KILLED, '%s: exit %d, not killed: %s'
                  % (label, rc, err.strip()))
        states = fx.states(root)
        ck.expect(whole(states), '%s: %s' % (label, states))
        rc, _, err, _ = fx.run(root, 'undo')
        # Killed after the journal was marked undone: nothing left.
        ck.expect(rc in (0, 2), '%s: rerun of undo failed (%d): %s'
                  % (label, rc, err.strip()))
        states = fx.states(root)
        ck.expect(all_of(states, 'old'), '%s: after rerun %s'
                  % (label, states))
        ck.expect(fx.strays(root) == [], '%s: stray files: %s'
                  % (label, fx.strays(root)))
        ck.expect(fx.hubcred_ignored(root), '%s: .hubcred/.gitignore'
                  % label)
    return total


def main():
    ck = Checker()
    for external in (False, True):
        fx = Fixture(external_state=external)
        start = time.monotonic()
        try:
            points = kill_applies(fx, ck) + kill_undos(fx, ck)
        finally:
            fx.close()
        ck.expect(points >= 100, 'only %d kill points' % points)
        print('%d kill points in %.1f s, state in %s'
              % (points, time.monotonic() - start,
                 'a state home' if external else 'ROOT/.hubcred'))
    return ck.finish('apply-crash')


if __name__ == '__main__':
    sys.exit(main())
