#!/bin/bash
# Search in the review's diff through the real binary, on a copy of
# examples/modern. Covers the prompt on the bottom row, matches in reverse
# video with and without colours, n and N across files with wrapping, and
# "pattern not found". The prompt's own keys are checked too: Esc,
# Backspace, and q, Enter and space, which neither quit nor apply.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/tui/diffview-lib.sh"

# Row 22 is the bottom row inside the box at 80x24.
expect_status()
{
	TUI_TEXT=$1
	tui_poll '[[ "$(diffview_row 22)" == "$TUI_TEXT"* ]]' 10 ||
	    tui_fail "the bottom row does not start with '$1'"
}

# expect_prompt TEXT: the prompt is open and contains TEXT.
expect_prompt()
{
	TUI_TEXT="/$1"
	tui_poll '[ "$(diffview_row 22)" = "$TUI_TEXT" ]' 10 ||
	    tui_fail "the prompt does not hold '$1'"
	tui_wait "enter search   esc cancel"
}

# reversed_rows: count the pane's rows that contain reverse video.
reversed_rows()
{
	tui_capture -e | grep -c $'\e\\[\\([0-9;]*;\\)\\?7[;m]'
}

diffview_to_review

echo "/ opens the prompt; q and space go into it"
tui_keys /
expect_prompt ""
tui_type "q s"
expect_prompt "q s"
tui_wait_gone "Quit?"
echo "Backspace deletes, and on an empty prompt closes it"
tui_keys BSpace BSpace BSpace
expect_prompt ""
tui_keys BSpace
tui_wait "n/p hunk   ]/[ file"
[[ "$(diffview_row 22)" == "/"* ]] && tui_fail "the prompt is still open"

echo "a search without capitals ignores case, and goes to the first match"
tui_keys /
tui_type "secret"
tui_keys Enter
expect_status "/secret  match 1 of 7 lines"
diffview_top "+      credential          = var.docker_hub_secret_arn"
tui_wait "n/N match"
[ "$(reversed_rows)" -ge 2 ] || tui_fail "matches are not in reverse video"

echo "n and N move between matches, across files"
tui_keys n
expect_status "/secret  match 2 of 7 lines"
diffview_top '+      credential_provider = "SECRETS_MANAGER"'
tui_keys n
expect_status "/secret  match 3 of 7 lines"
tui_wait "▸ variables.tf"
tui_keys n n n
expect_status "/secret  match 6 of 7 lines"
tui_wait "▸ iam.tf"
tui_keys N
expect_status "/secret  match 5 of 7 lines"
tui_wait "▸ terraform.tfvars"
tui_keys n n
expect_status "/secret  match 7 of 7 lines"
echo "past the last match, n goes round to the first and says so"
tui_keys n
expect_status "search hit the bottom, went on from the top"
tui_wait "▸ codebuild.tf"
tui_keys N
expect_status "search hit the top, went on from the bottom"
tui_keys N
expect_status "/secret  match 6 of 7 lines"

echo "with a capital, case counts; the search starts from the top line"
tui_keys /
tui_type "SECRETS"
tui_keys Enter
expect_status "search hit the bottom, went on from the top"
diffview_top '+      credential_provider = "SECRETS_MANAGER"'

echo "Esc closes the prompt, keeps the search and stays on the review"
tui_keys /
tui_type "abc"
expect_prompt "abc"
tui_keys Escape
expect_status "/SECRETS  match 1 of 1 lines"
tui_wait "Review the changes before anything is written"

echo "pattern not found leaves the view where it was"
tui_keys /
tui_type "no such text"
tui_keys Enter
expect_status "pattern not found: no such text"
diffview_top '+      credential_provider = "SECRETS_MANAGER"'
echo "without a search, n is the next hunk again"
tui_wait "n/p hunk"
tui_keys n
tui_wait "hunk 2/4"
[[ "$(diffview_row 22)" == "pattern not found"* ]] &&
    tui_fail "the message outlived the next key"

echo "Enter on an empty prompt clears the search"
tui_keys g /
tui_type "image_pull"
tui_keys Enter
expect_status "/image_pull  match 1 of 1 lines"
tui_keys / Enter
tui_wait "n/p hunk"
tui_poll '[[ "$(diffview_row 22)" != /* ]]' 10 ||
    tui_fail "the search is still shown"
[ "$(reversed_rows)" -eq 0 ] || tui_fail "matches still highlighted"
diffview_unchanged
tui_keys C-c
tui_wait_exit

echo "with NO_COLOR matches still show, in reverse video"
diffview_to_review NO_COLOR=1
tui_keys /
tui_type "docker_hub"
tui_keys Enter
expect_status "/docker_hub  match 1 of 4 lines"
tui_capture -e | grep -q $'\e\\[\\(3[0-7]\\|9[0-7]\\|38\\)' &&
    tui_fail "colours with NO_COLOR"
[ "$(reversed_rows)" -ge 1 ] || tui_fail "no reverse video with NO_COLOR"

echo "esc drops the search first, and only a second esc goes back"
tui_keys Escape
tui_wait "n/p hunk"
[ "$(reversed_rows)" -eq 0 ] || tui_fail "matches still highlighted"
tui_capture | grep -qF "Review the changes before anything is written" ||
    tui_fail "esc with a search left the review"
tui_keys Escape
tui_wait_gone "Review the changes before anything is written"
tui_keys C-c
tui_wait_exit
diffview_unchanged
echo ok
