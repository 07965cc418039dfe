# bash completion for hubcred(1): subcommands, options, files and folders.

_hubcred()
{
	local cur prev words cword
	local commands="scan replay validate undo doctor"
	local command="" i

	_init_completion || return

	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		scan | replay | validate | undo | doctor)
			command=${words[i]}
			break
			;;
		esac
	done

	case $prev in
	-C | --directory)
		_filedir -d
		return
		;;
	--record | --log)
		_filedir
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		case $command in
		"")
			COMPREPLY=($(compgen -W "-C --directory --record \
				--dry-run --log --verbose --help --version" \
				-- "$cur"))
			;;
		scan)
			COMPREPLY=($(compgen -W "-C --json" -- "$cur"))
			;;
		replay)
			COMPREPLY=($(compgen -W "-C --dry-run --yes --json \
				--token-stdin --log" -- "$cur"))
			;;
		validate | undo)
			COMPREPLY=($(compgen -W "-C" -- "$cur"))
			;;
		doctor)
			COMPREPLY=($(compgen -W "-C --json --sarif --live \
				--fix --dry-run --yes" -- "$cur"))
			;;
		esac
		return
	fi

	case $command in
	"")
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		;;
	replay | validate)
		_filedir json
		;;
	esac
}
complete -F _hubcred hubcred
