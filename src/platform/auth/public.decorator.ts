import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'vakvoucher:public';

/** Marks a route or controller as reachable without a token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
