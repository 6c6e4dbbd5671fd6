/** EMQX facts: versions, ports, cookies, keys, environment overrides, demo certificates. */
export * from './version';
export * from './ports';
export * from './cookies';
export * from './keys';
export * from './env';
export * from './demoCerts';
