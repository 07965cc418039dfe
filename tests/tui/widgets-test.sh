#!/bin/bash
# The widgets through a real terminal: tui-demo in tmux.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

DEMO="$HUBCRED_BUILD_ROOT/tests/tui/tui-demo"
export DEMO_OUT="$TUI_TMP/out"
[ -x "$DEMO" ] || tui_fail "no $DEMO"

echo "frame and list navigation"
tui_start -- "$DEMO" list
tui_wait "Choose the CodeBuild project"
screen=$(tui_capture)
echo "$screen" | grep -q '^ hubcred  ~/infra/ci .*account 123456789012 eu-west-1$' ||
    tui_fail "title line"
echo "$screen" | grep -qF "│ ✓ Scan" || tui_fail "done step mark"
echo "$screen" | grep -qF "│ ▸ Project" || tui_fail "current step mark"
echo "$screen" | grep -qF "▸ aws_codebuild_project.api" || tui_fail "cursor"
echo "$screen" | grep -qF "example-org/builder:3.1" || tui_fail "row 2"
[ "$(echo "$screen" | sed -n 24p)" = "  ↑↓ move   enter choose   / filter   ? help   esc back   q quit" ] ||
    tui_fail "hint line"
tui_keys j
tui_wait "▸ aws_codebuild_project.docs"
tui_keys Enter
tui_wait "Nothing to set up"
tui_wait "uses a managed image"
tui_keys x
tui_wait_gone "Nothing to set up"
tui_keys Down
tui_wait "▸ module.ci.aws_codebuild_project.main"
tui_keys Enter
tui_expect_status 0
[ "$(cat "$DEMO_OUT")" = "chosen 2" ] || tui_fail "result $(cat "$DEMO_OUT")"

echo "the screen dump is the screen"
tui_start -- "$DEMO" list
tui_wait "▸ aws_codebuild_project.api"
tui_wait_dump "▸ aws_codebuild_project.api"
diff <(tui_capture | sed 's/ *$//') "$TUI_DUMP" >&2 ||
    tui_fail "dump differs from the pane"
tui_keys q
tui_expect_status 130

echo "filter"
tui_start -- "$DEMO" list
tui_wait "▸ aws_codebuild_project.api"
tui_keys / l i n t
tui_wait "/lint_"
tui_wait_gone "aws_codebuild_project.api"
tui_keys Enter Enter
tui_expect_status 0
[ "$(cat "$DEMO_OUT")" = "chosen 3" ] || tui_fail "filter chose $(cat "$DEMO_OUT")"

echo "help overlay"
tui_start -- "$DEMO" list
tui_wait "▸ aws_codebuild_project.api"
tui_keys '?'
tui_wait "┌ Keys"
tui_wait "any key to close"
tui_keys Escape
tui_wait_gone "┌ Keys"
tui_keys q
tui_expect_status 130

echo "resize and too small"
tui_start -- "$DEMO" list
tui_wait "▸ aws_codebuild_project.api"
tui_resize 100 30
tui_wait_dump "                  account 123456789012 eu-west-1"
[ "$(tui_capture | sed -n 1p | wc -L)" = 100 ] || tui_fail "title at 100"
[ "$(tui_capture | wc -l)" = 30 ] || tui_fail "30 rows"
tui_capture | sed -n 30p | grep -qF "↑↓ move" || tui_fail "hints on row 30"
tui_resize 79 24
tui_wait "terminal too small (need 80x24)"
tui_wait_gone "Steps"
tui_resize 80 23
tui_wait "terminal too small (need 80x24)"
tui_resize 80 24
tui_wait "▸ aws_codebuild_project.api"
tui_wait_gone "terminal too small"
tui_keys q
tui_expect_status 130

echo "too small from the start"
TUI_COLS=60 TUI_ROWS=20 tui_start -- "$DEMO" list
tui_wait "terminal too small (need 80x24)"
tui_keys C-c
tui_expect_status 130

echo "ASCII fallback without UTF-8"
tui_start LC_ALL=C -- "$DEMO" list
tui_wait "| * Scan"
tui_wait "| > Project"
tui_wait "+ Steps ---"
tui_wait "up/down move"
tui_keys q
tui_expect_status 130

echo "masked input never shows the token"
tui_start -- "$DEMO" input
tui_wait "Username"
tui_type "example-user"
tui_keys Tab
tui_type "d"
tui_wait "••••••••"
tui_type "ckr_pat_SECRETqz77"
tui_wait_dump "••••••••"
tui_capture | grep -q "SECRET\|qz77" && tui_fail "token on the screen"
grep -q "SECRET\|qz77" "$TUI_DUMP" && tui_fail "token in the dump"
[ "$(tui_capture | grep -o '•' | wc -l)" = 8 ] ||
    tui_fail "mask is not 8 cells"
tui_keys BSpace BSpace
tui_keys Enter
tui_expect_status 0
[ "$(cat "$DEMO_OUT")" = "user=example-user len=17" ] ||
    tui_fail "input result $(cat "$DEMO_OUT")"

echo "diff colours, and NO_COLOR"
cat >"$TUI_TMP/d.diff" <<'DIFF'
--- a/build.tf
+++ b/build.tf
@@ -1,3 +1,5 @@
 resource "aws_codebuild_project" "api" {
-  name = "old"
+  name = "new"
+  x    = 1
+  description = "a line longer than the box, so that it ends in an ellipsis"
 }
--- /dev/null
+++ b/hubcred.auto.tfvars
@@ -0,0 +1 @@
+docker_hub_secret_arn = "arn"
DIFF
tui_start -- "$DEMO" diff "$TUI_TMP/d.diff"
tui_wait "build.tf  +3 -1"
tui_wait "hubcred.auto.tfvars  +1 -0"
tui_wait "hunk 1/2"
tui_capture -e | grep -q $'\e\\[3[12]m' || tui_fail "no red or green"
tui_wait "│@@ -1,3 +1,5 @@"
tui_keys n
tui_wait "hunk 2/2"
tui_wait "│@@ -0,0 +1 @@"
tui_keys p
tui_wait "hunk 1/2"
tui_wait '│+  description = "a line longer than the box, so that it e…│'
tui_keys '>'
tui_wait '│+ption = "a line longer than the box, so that it ends in a…│'
tui_keys Left Left
tui_wait '│+  description = "a line longer than the box, so that it e…│'
tui_keys Enter
tui_expect_status 0
tui_start NO_COLOR=1 -- "$DEMO" diff "$TUI_TMP/d.diff"
tui_wait "+  x    = 1"
tui_wait '-  name = "old"'
tui_capture -e | grep -q $'\e\\[\\(3[0-7]\\|9[0-7]\\|38\\)' &&
    tui_fail "colours with NO_COLOR"
tui_keys Enter
tui_expect_status 0

echo "spinner on a task"
tui_start -- "$DEMO" task
tui_wait "Sleeping a second  "
tui_wait "task finished rc=0" 5
tui_keys q
tui_expect_status 130

echo "Ctrl-C restores the terminal"
tui_start -- "$DEMO" list
tui_wait "▸ aws_codebuild_project.api"
tui_keys C-c
tui_expect_status 130
tui_wait_gone "Steps"
echo ok
