#!/bin/bash
# A large tree: while the wizard reads it and runs doctor's checks, the
# scan step shows how far it got, and Esc stops it with nothing written.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

TREE=$TUI_TMP/tree
python3 "$HUBCRED_SOURCE_ROOT/tests/tools/gen-hcl-corpus.py" 8000 "$TREE" \
    --seed 7 --blocks 9 --codebuild --per-folder 100 >/dev/null ||
    tui_fail "cannot generate the tree"
before=$(find "$TREE" -type f -exec md5sum {} + | sort)

echo "progress while reading"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$TREE"
tui_poll 'tui_capture | grep -qE "[0-9]+ of [0-9]+ (files read|projects checked)"' \
    20 || tui_fail "the scan shows no progress"
# The count moves on while the scan runs.
first=$(tui_capture | grep -oE "[0-9]+ of [0-9]+ (files read|projects checked)" |
    head -1)
tui_poll '[ "$(tui_capture | grep -oE "[0-9]+ of [0-9]+ (files read|projects checked)" |
    head -1)" != "$first" ]' 20 || tui_fail "the progress does not move: $first"

echo "Esc stops the scan"
tui_keys Escape
tui_expect_status 130
grep -q "quit while reading the Terraform files" "$TUI_TMP/stderr" ||
    tui_fail "no message on stderr: $(cat "$TUI_TMP/stderr")"
after=$(find "$TREE" -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] || tui_fail "the tree changed"
echo ok
