/**
 * Rules that check the certificate and key files a config names (rpc.*file,
 * ssl_dist.conf paths). They run only in trusted workspaces, through the
 * injected FileReader. Each rule is a file in this folder.
 */
import { Rule } from '../types';

export const certificateRules: Rule[] = [];
