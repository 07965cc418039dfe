#!/bin/bash
# Moving through the review's diff by hunk and by file, rejecting and
# accepting hunks, and the keys in the help, through the real binary on
# a copy of examples/modern (four files of one hunk each). Last, the file
# list of a six-file diff in tui-demo, which shows three files at a time.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/tui/diffview-lib.sh"

diffview_to_review
diffview_top "@@ -11,14 +11,20 @@"
tui_wait "▸ codebuild.tf"
tui_wait "n/p hunk   ]/[ file   / search"

echo "] and [ move by file"
tui_keys ']'
tui_wait "hunk 2/4"
tui_wait "▸ variables.tf"
diffview_top "@@ -13,3 +13,8 @@"
tui_keys ']' ']'
tui_wait "hunk 4/4"
tui_wait "▸ iam.tf"
diffview_top "@@ -35,6 +35,11 @@"
echo "] on the last file stays there, so [ goes to the one before"
tui_keys ']'
tui_keys '['
tui_wait "hunk 3/4"
tui_wait "▸ terraform.tfvars"
echo "[ inside a file goes back to its start first"
tui_keys j j
tui_poll '[[ "$(diffview_row 10)" != "@@ "* ]]' 10 ||
    tui_fail "j did not scroll"
tui_keys '['
tui_wait "hunk 3/4"
tui_wait "▸ terraform.tfvars"
tui_keys '['
tui_wait "hunk 2/4"

echo "n and p, tab and shift-tab move by hunk"
tui_keys n
tui_wait "hunk 3/4"
tui_keys Tab
tui_wait "hunk 4/4"
tui_keys BTab
tui_wait "hunk 3/4"
tui_keys p
tui_wait "hunk 2/4"
tui_wait "▸ variables.tf"
diffview_top "@@ -13,3 +13,8 @@"

echo "g shows the first file's header, whose hunk is the first"
tui_keys g
diffview_top "--- a/codebuild.tf"
tui_wait "hunk 1/4"
echo "G shows the end; the cursor is on the last file's header"
tui_keys G
tui_wait "▸ iam.tf"
tui_wait "hunk 4/4"

echo "space rejects the hunk under the cursor, and accepts it again"
tui_keys Space
tui_wait "3 of 4 hunks accepted  hunk 4/4"
tui_wait "│[rejected] @@ -35,6 +35,11 @@"
tui_keys '['
tui_wait "▸ terraform.tfvars"
tui_keys Space
tui_wait "2 of 4 hunks accepted  hunk 3/4"
tui_keys Space
tui_wait "3 of 4 hunks accepted  hunk 3/4"
tui_keys ']'
tui_wait "│[rejected] @@ -35,6 +35,11 @@"
tui_keys Space
tui_wait "4 of 4 hunks accepted  hunk 4/4"
tui_wait_gone "[rejected]"

echo "the help lists the new keys"
tui_keys '?'
tui_wait "next or previous file"
tui_wait "search the diff"
tui_wait "(also tab and shift-tab)"
tui_keys Escape
tui_wait_gone "next or previous file"
tui_wait "Review the changes before anything is written"

diffview_unchanged
tui_keys C-c
tui_wait_exit
diffview_unchanged

echo "with more files than rows, the list follows the current file"
for i in 1 2 3 4 5 6; do
	printf -- '--- a/f%d.tf\n+++ b/f%d.tf\n@@ -1 +1 @@\n-a = %d\n+a = %d0\n' \
	    "$i" "$i" "$i" "$i"
done >"$TUI_TMP/six.diff"
tui_start -- "$HUBCRED_BUILD_ROOT/tests/tui/tui-demo" diff "$TUI_TMP/six.diff"
tui_wait "▸ f1.tf  +1 -1"
tui_wait "   f3.tf  +1 -1"
tui_wait "file 1 of 6  (] and [ move between files)"
tui_wait_gone "f4.tf  +1 -1"
tui_keys ']' ']' ']'
tui_wait "file 4 of 6"
tui_wait "   f3.tf  +1 -1"
tui_wait "▸ f4.tf  +1 -1"
tui_wait "   f5.tf  +1 -1"
tui_wait_gone "f2.tf  +1 -1"
tui_keys ']' ']'
tui_wait "file 6 of 6"
tui_wait "   f4.tf  +1 -1"
tui_wait "▸ f6.tf  +1 -1"
tui_keys Enter
tui_expect_status 0
echo ok
