#!/bin/bash
# The bash completion offers the subcommands and each one's options.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

if [ ! -f /usr/share/bash-completion/bash_completion ]; then
	echo "bash-completion is not installed: skipped"
	exit 77
fi
. /usr/share/bash-completion/bash_completion
. "$HUBCRED_SOURCE_ROOT/completions/hubcred.bash"

# complete_line LINE: the candidates bash would offer at the end of LINE.
complete_line() {
	COMP_LINE=$1
	COMP_POINT=${#COMP_LINE}
	read -ra COMP_WORDS <<< "$COMP_LINE"
	[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_hubcred
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

check() {
	local got

	got=$(complete_line "$1")
	[ "$got" = "$2" ] || e2e_fail "'$1': got '$got', expected '$2'"
}

check "hubcred " "doctor replay scan undo validate "
check "hubcred re" "replay "
check "hubcred scan --" "--json "
check "hubcred replay a.json --t" "--token-stdin "
check "hubcred doctor --s" "--sarif "
check "hubcred --ver" "--verbose --version "
e2e_finish
