#!/bin/bash
# Resizing the terminal during the review, through the real binary on a
# copy of examples/modern. The screen is drawn again at the new size, and
# the cursor's hunk and the search stay. A terminal too small shows a
# message, and going back to 80x24 shows the review as it was.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/tui/diffview-lib.sh"

# expect_size COLS ROWS: the frame fills the pane: the box's bottom edge
# is on the row above the last, as wide as the pane, and the dump of the
# last redraw is the pane's text.
expect_size()
{
	local cols=$1 edge

	EDGE_ROW=$(($2 - 1))
	tui_poll 'tui_capture | sed -n "${EDGE_ROW}p" | grep -q "^└"' 10 ||
	    tui_fail "no bottom edge on row $EDGE_ROW"
	edge=$(tui_capture | sed -n "${EDGE_ROW}p")
	# One byte a cell, whatever the locale makes of the box glyphs.
	edge=${edge//└/x}
	edge=${edge//┘/x}
	edge=${edge//─/x}
	[ "${#edge}" -eq "$cols" ] ||
	    tui_fail "bottom edge is ${#edge} wide, not $cols"
	tui_poll 'diff <(tui_capture | sed "s/ *$//") "$TUI_DUMP" >/dev/null' \
	    10 || tui_fail "the dump differs from the pane"
}

diffview_to_review
tui_keys n n
tui_wait "hunk 3/4"
tui_wait "▸ terraform.tfvars"
expect_size 80 24

echo "larger: redrawn at 100x30 with the same hunk on top"
tui_resize 100 30
expect_size 100 30
tui_wait "4 of 4 hunks accepted  hunk 3/4"
tui_wait "▸ terraform.tfvars"
diffview_top "@@ "
echo "the wider bar has room for esc back"
tui_wait "enter apply   ? help   esc back"

echo "space still acts on the cursor's hunk"
tui_keys Space
tui_wait "3 of 4 hunks accepted  hunk 3/4"
tui_wait "│[rejected] @@ "

echo "too small: a message, then back to the review as it was"
tui_resize 60 20
tui_wait "terminal too small (need 80x24)"
tui_wait_gone "hunks accepted"
tui_resize 80 24
expect_size 80 24
tui_wait "3 of 4 hunks accepted  hunk 3/4"
tui_wait "▸ terraform.tfvars"
diffview_top "[rejected] @@ "

echo "the search and the open prompt survive a resize"
tui_keys /
tui_type "secret"
tui_keys Enter
tui_wait "/secret  match 5 of 7 lines"
tui_keys /
tui_type "iam"
tui_resize 90 26
expect_size 90 26
tui_wait "/iam"
tui_wait "enter search   esc cancel"
tui_keys Escape
tui_wait "/secret  match 5 of 7 lines"
tui_resize 80 24
expect_size 80 24
tui_wait "/secret  match 5 of 7 lines"
tui_wait "hunk 3/4"

diffview_unchanged
tui_keys C-c
tui_wait_exit
diffview_unchanged
echo ok
