#!/bin/bash
# The wizard through a real terminal: hubcred -C ROOT in tmux, offline.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$(tui_copy_root several)
PRISTINE="$HUBCRED_SOURCE_ROOT/tests/tui/data/several"

# The line of the pane that has the list cursor.
cursor_line()
{
	tui_capture | grep -F "│ ▸ " | grep -v "│ ▸ Project\|Steps"
}

unchanged()
{
	diff -r "$PRISTINE" "$ROOT" >&2 || tui_fail "the root was changed"
}

echo "project list: frame, moving, a project that needs nothing"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_wait "│ ✓ Scan"
tui_wait "│ ▸ Project"
tui_wait "example-org/builder:3.1"
tui_wait "aws/codebuild/standard:7.0"
tui_wait "build.tf:1"
tui_capture | sed -n 1p | grep -qF " hubcred  $ROOT" ||
    tui_fail "root on the title line"
tui_capture | sed -n 24p | grep -qF "↑↓ move   enter choose   / filter" ||
    tui_fail "hint line"
first=$(cursor_line)
tui_keys j
tui_wait_gone "$first"
second=$(cursor_line)
[ -n "$second" ] || tui_fail "no cursor after j"
tui_keys k
tui_wait "$first"
tui_keys / d o c s Enter
tui_wait "▸ aws_codebuild_project.docs"
tui_keys Enter
tui_wait "Nothing to set up"
tui_keys Escape
tui_wait_gone "Nothing to set up"
tui_keys Escape
tui_wait "aws_codebuild_project.api"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_wait "│ ✓ Project"
tui_wait "│ ▸ Docker Hub"
tui_keys Escape
tui_wait "Choose the CodeBuild project"
tui_wait "▸ aws_codebuild_project.api"
tui_keys q
tui_expect_status 130
unchanged

echo "help overlay"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys '?'
tui_wait "┌ Keys"
tui_wait "type to filter by address, file, image or status"
tui_wait "back to the previous step"
tui_wait_dump "┌ Keys"
tui_keys Escape
tui_wait_gone "┌ Keys"
tui_keys q
tui_expect_status 130

echo "resize and too small"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_resize 120 40
tui_wait_dump "Choose the CodeBuild project"
tui_poll '[ "$(tui_capture | wc -l)" = 40 ]' 5 || tui_fail "40 rows"
tui_poll 'tui_capture | sed -n 40p | grep -qF "↑↓ move"' 5 ||
    tui_fail "hint line at the bottom after resize"
tui_resize 70 24
tui_wait "terminal too small (need 80x24)"
tui_wait_dump "terminal too small (need 80x24)"
tui_resize 80 24
tui_wait "Choose the CodeBuild project"
tui_keys q
tui_expect_status 130

echo "too small from the start"
TUI_COLS=60 TUI_ROWS=15 tui_start "${TUI_OFFLINE[@]}" -- \
    "$HUBCRED" -C "$ROOT"
tui_wait "terminal too small (need 80x24)"
tui_keys q
tui_expect_status 130

echo "NO_COLOR"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_capture -e | grep -q $'\e\\[\\(3[0-7]\\|9[0-7]\\|38\\)' ||
    tui_fail "no colour without NO_COLOR"
tui_keys q
tui_expect_status 130
tui_start NO_COLOR=1 "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_capture -e | grep -q $'\e\\[\\(3[0-7]\\|9[0-7]\\|38\\)' &&
    tui_fail "colour with NO_COLOR"
tui_wait "▸ aws_codebuild_project"
tui_keys q
tui_expect_status 130

echo "parse error stops the wizard"
BROKEN=$(tui_copy_root several broken)
printf 'resource "aws_codebuild_project" "bad" {\n  name = "x"\n' \
    >"$BROKEN/bad.tf"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$BROKEN"
tui_wait "The Terraform files cannot be read"
tui_wait "bad.tf:"
tui_keys Enter
tui_expect_status 2
grep -qF "bad.tf:" "$TUI_TMP/stderr" || tui_fail "no position on stderr"

echo "SIGTERM restores the terminal"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
pid=$(pgrep -n -f -- "-C $ROOT\$") || tui_fail "no hubcred process"
kill -TERM "$pid"
tui_expect_status 130
tui_wait_gone "Choose the CodeBuild project"
unchanged

echo "a root without projects"
mkdir "$TUI_TMP/empty"
printf 'variable "region" {\n  type = string\n}\n' >"$TUI_TMP/empty/main.tf"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$TUI_TMP/empty"
tui_wait "No CodeBuild projects"
tui_wait "no aws_codebuild_project"
tui_keys Enter
tui_expect_status 2
grep -qF "no aws_codebuild_project" "$TUI_TMP/stderr" ||
    tui_fail "no message on stderr"

echo "the token never shows, Ctrl-C quits"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "aws_codebuild_project.api"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "dckr_pat_TOPSECRETqz42"
tui_wait "••••••••"
tui_wait_dump "••••••••"
tui_capture | grep -q "TOPSECRET\|qz42" && tui_fail "token on the screen"
grep -q "TOPSECRET\|qz42" "$TUI_DUMP" && tui_fail "token in the dump"
tui_keys C-c
tui_expect_status 130
grep -q "TOPSECRET\|qz42" "$TUI_TMP/stderr" && tui_fail "token on stderr"
unchanged
echo ok
