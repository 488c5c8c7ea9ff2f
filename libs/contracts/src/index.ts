export * from './topics';
export * from './payloads';
export * from './envelope';
export * from './events';
export * from './error-message';
export * from './engines';
