/**
 * `sipe-doctor completion [bash|zsh]`: the shell completion script (yargs' own templates, MIT,
 * with the shell chosen by argument or $SHELL of this run). The script asks
 * `sipe-doctor --get-yargs-completions …` for the words, which yargs answers from the commands
 * and options defined here.
 */
import type { CliCommand } from './command.js';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

const BASH = `###-begin-sipe-doctor-completions-###
# sipe-doctor completion for bash. Install: sipe-doctor completion bash >> ~/.bashrc
_sipe-doctor_yargs_completions()
{
    local cur_word args type_list
    cur_word="\${COMP_WORDS[COMP_CWORD]}"
    args=("\${COMP_WORDS[@]}")
    mapfile -t type_list < <(sipe-doctor --get-yargs-completions "\${args[@]}")
    mapfile -t COMPREPLY < <(compgen -W "$( printf '%q ' "\${type_list[@]}" )" -- "\${cur_word}" |
        awk '/ / { print "\\""$0"\\"" } /^[^ ]+$/ { print $0 }')
    if [ \${#COMPREPLY[@]} -eq 0 ]; then
      COMPREPLY=()
    fi
    return 0
}
complete -o bashdefault -o default -F _sipe-doctor_yargs_completions sipe-doctor
###-end-sipe-doctor-completions-###
`;

const ZSH = `#compdef sipe-doctor
###-begin-sipe-doctor-completions-###
# sipe-doctor completion for zsh. Install: sipe-doctor completion zsh >> ~/.zshrc
_sipe-doctor_yargs_completions()
{
  local reply
  local si=$IFS
  IFS=$'\\n' reply=($(COMP_CWORD="$((CURRENT-1))" COMP_LINE="$BUFFER" COMP_POINT="$CURSOR" sipe-doctor --get-yargs-completions "\${words[@]}"))
  IFS=$si
  if [[ \${#reply} -gt 0 ]]; then
    _describe 'values' reply
  else
    _default
  fi
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  _sipe-doctor_yargs_completions "$@"
else
  compdef _sipe-doctor_yargs_completions sipe-doctor
fi
###-end-sipe-doctor-completions-###
`;

export const COMPLETION_SHELLS = ['bash', 'zsh'] as const;

export function completionScript(shell: string): string {
  if (shell === 'bash') return BASH;
  if (shell === 'zsh') return ZSH;
  throw new UsageError(`no completion script for '${shell}' (bash or zsh)`);
}

export function completionCommand(io: CliIo): CliCommand {
  return {
    command: 'completion [shell]',
    describe: 'print the shell completion script (bash or zsh; default: from $SHELL)',
    builder: (y) => y.positional('shell', { type: 'string', choices: [...COMPLETION_SHELLS], describe: 'bash or zsh' }),
    examples: [
      ['sipe-doctor completion bash >> ~/.bashrc', 'complete commands and options in bash (new shells)'],
      ['sipe-doctor completion zsh >> ~/.zshrc', 'the same for zsh'],
    ],
    handler: (argv: { shell?: string }) => {
      const shell = argv.shell ?? (/zsh/.test(io.env['SHELL'] ?? '') ? 'zsh' : 'bash');
      io.stdout.write(completionScript(shell));
      return 0;
    },
  };
}
