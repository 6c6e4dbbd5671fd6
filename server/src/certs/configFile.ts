/**
 * Reading the open config for certificate generation: node names for the
 * defaults, and the provenance the emqx.conf edit needs. A 4.x cuttlefish
 * file or 5.x/6.x HOCON, told apart by content. Includes are not followed
 * (the reader defaults to none): the names and the edited keys are in the
 * file itself, and nothing else needs to be read.
 */
import { FileReader, noFiles } from '../io';
import { loadCuttlefishConfig } from '../model/cuttlefish';
import { loadConfig } from '../model/load';
import { EffectiveConfig } from '../model/types';
import { looksLikeCuttlefish } from '../syntax/cuttlefish';

export interface LoadedConfig {
  /** The id the config's locations carry (what was passed in). */
  readonly uri: string;
  readonly config: EffectiveConfig;
  readonly dialect: 'hocon' | 'cuttlefish';
}

export function loadConfigForCerts(uri: string, text: string, reader: FileReader = noFiles): LoadedConfig {
  if (looksLikeCuttlefish(text)) return { uri, config: loadCuttlefishConfig({ uri, text }).config, dialect: 'cuttlefish' };
  return { uri, config: loadConfig({ uri, text, reader }), dialect: 'hocon' };
}
