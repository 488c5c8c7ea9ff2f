import { SetMetadata } from '@nestjs/common';
import type { Role } from './role';

export const REQUIRED_ROLE = 'imc:required-role';

/** The lowest role allowed to call an endpoint. An endpoint behind the guard without it is refused. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);
