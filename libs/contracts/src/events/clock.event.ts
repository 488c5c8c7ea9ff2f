/**
 * Data of `imc.clock.ticked`: an empty object. With no decorated property, the whitelist refuses
 * any field, which is the point: a tick only advances the event time.
 */
export class ClockEvent {}
