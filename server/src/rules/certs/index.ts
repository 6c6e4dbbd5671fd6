/**
 * Rules that check the certificate and key files a config names (rpc.*file,
 * ssl_dist.conf paths). They run only in trusted workspaces, through the
 * injected FileReader. Each rule is a file in this folder; certFiles.ts finds
 * and reads the files once per document for all of them.
 */
import { Rule } from '../types';
import { certChain } from './certChain';
import { certDemo } from './certDemo';
import { certDistHostname } from './certDistHostname';
import { certExpiry } from './certExpiry';
import { certFileInvalid } from './certFileInvalid';
import { certFileMissing } from './certFileMissing';
import { certKeyMismatch } from './certKeyMismatch';
import { certKeyPermissions } from './certKeyPermissions';
import { certPublicCa } from './certPublicCa';

export const certificateRules: Rule[] = [certFileMissing, certFileInvalid, certKeyPermissions, certKeyMismatch, certChain, certExpiry, certPublicCa, certDemo, certDistHostname];
