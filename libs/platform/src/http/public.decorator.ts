import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'imc:public';

/**
 * An endpoint anyone may call (health, metrics, docs): the app-wide guards of a service let it
 * through without a token and before its state is loaded.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
