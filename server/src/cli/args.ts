/**
 * A small, strict command-line parser shared by the commands: `--name value`,
 * `--name=value`, boolean flags, repeatable options, `--` to end options.
 * Unknown options and missing values are usage errors (exit code 2), reported
 * with the command's name so the user knows which `--help` to read.
 */
import { t } from '../l10n';

export interface OptionSpec {
  /** Long name without dashes. */
  readonly name: string;
  /** One-letter alias without the dash. */
  readonly short?: string;
  /** Takes a value (otherwise a boolean flag). */
  readonly value?: boolean;
  /** May be given more than once (values collected in order). */
  readonly repeat?: boolean;
}

export interface ParsedArgs {
  readonly positional: string[];
  /** Flags: true; single values: the last given; repeatable: all, in order. */
  readonly options: Map<string, string | true | string[]>;
}

export class UsageError extends Error {}

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true | string[]>();
  const find = (arg: string): OptionSpec | undefined => (arg.startsWith('--') ? specs.find((s) => s.name === arg.slice(2)) : specs.find((s) => s.short !== undefined && `-${s.short}` === arg));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = find(flag);
    if (!spec) throw new UsageError(t('Unknown option {0}.', flag));
    if (!spec.value) {
      if (eq >= 0) throw new UsageError(t('Option {0} takes no value.', flag));
      options.set(spec.name, true);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= args.length) throw new UsageError(t('Option {0} needs a value.', flag));
      value = args[++i];
    }
    if (spec.repeat) {
      const prev = options.get(spec.name);
      options.set(spec.name, [...(Array.isArray(prev) ? prev : []), value]);
    } else {
      options.set(spec.name, value);
    }
  }
  return { positional, options };
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function listOption(parsed: ParsedArgs, name: string): string[] {
  const v = parsed.options.get(name);
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(parsed: ParsedArgs, name: string): boolean {
  return parsed.options.get(name) === true;
}

/** A value from a fixed set, or a usage error naming the allowed values. */
export function choice<T extends string>(parsed: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const v = stringOption(parsed, name);
  if (v === undefined) return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new UsageError(t('--{0} must be one of: {1} (got "{2}").', name, allowed.join(', '), v));
}

/** Writes a usage error the same way for every command and returns exit code 2. */
export function usageFailure(command: string, err: UsageError): number {
  process.stderr.write(`emqx-cluster-security ${command}: ${err.message}\n`);
  process.stderr.write(t('Run "emqx-cluster-security {0} --help" for the options.', command) + '\n');
  return 2;
}
