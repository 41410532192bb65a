export * from './generator';
export { demoUuid } from './prng';
