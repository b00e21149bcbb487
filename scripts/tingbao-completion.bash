# bash completion for tingbao: subcommands, each subcommand's options (read from its own
# --help, so they never drift), profile names (tingbao render --list-profiles), the
# values of options that take a fixed set, and files or folders for the rest.
# Installed by `cmake --install` as share/bash-completion/completions/tingbao.

_tingbao() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local prog=${COMP_WORDS[0]} cmd
    local cmds="render plan layout normalize pinyin explain publish cache card"

    if [ "$COMP_CWORD" -eq 1 ]; then
        mapfile -t COMPREPLY < <(compgen -W "$cmds --help --version" -- "$cur")
        return
    fi
    cmd=${COMP_WORDS[1]}
    case $prev in
    --profile)
        mapfile -t COMPREPLY < <(compgen -W "$("$prog" render --list-profiles 2>/dev/null)" -- "$cur")
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X '!*.conf' -- "$cur")
        return ;;
    --station-layout)
        mapfile -t COMPREPLY < <(compgen -W "folders mp3" -- "$cur"); return ;;
    --explicit|--locked)
        mapfile -t COMPREPLY < <(compgen -W "yes no" -- "$cur"); return ;;
    --image)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --format)
        mapfile -t COMPREPLY < <(compgen -W "mp3 wav flac" -- "$cur"); return ;;
    --lrc-encoding)
        mapfile -t COMPREPLY < <(compgen -W "utf-8 gbk" -- "$cur"); return ;;
    --encoding)
        mapfile -t COMPREPLY < <(compgen -W "gb18030 gbk big5 utf-16 utf-16le utf-16be" -- "$cur"); return ;;
    -o|--output|--cache|--data)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --layout-hints|--lexicon)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --title|--date|--name|--jobs|-j|--bitrate|--quality|--shard|--base-url|--description|--keep|--max-size|--max-age|--only|--author|--owner-name|--owner-email|--category|--episode-title)
        return ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$("$prog" "$cmd" --help 2>/dev/null |
            grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur")
        return
    fi
    case $cmd in
    render|plan|layout)
        mapfile -t COMPREPLY < <(compgen -f -X '!*.txt' -- "$cur")
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur") ;;
    publish)
        mapfile -t COMPREPLY < <(compgen -f -X '!*.json' -- "$cur")
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur") ;;
    esac
}
complete -F _tingbao tingbao
