// class-transformer's @Type reads decorator metadata as the classes load.
import 'reflect-metadata';
export * from './validators';
export * from './json-guard';
export * from './time-window.event';
export * from './mission.event';
export * from './unit.event';
export * from './unit-removed.event';
export * from './consent.event';
export * from './policy.event';
export * from './crisis.event';
export * from './demand.event';
export * from './decision.event';
export * from './loan-returned.event';
export * from './loan-recalled.event';
export * from './place.event';
export * from './clock.event';
export * from './cloud-event.envelope';
export * from './parse-event';
