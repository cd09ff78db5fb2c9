import { Injectable } from '@nestjs/common';
import { buildAssets, Asset } from '../assets/assets';
import { isLang, speech } from '../i18n/i18n';
import type { Frame } from '../views/frame';
import type { PageRequest } from './page-state';
import '@fastify/cookie';

/** The built stylesheet and script (once per process), and the frame of each page. */
@Injectable()
export class PageKit {
  readonly assets: { css: Asset; js: Asset } = buildAssets();

  frame(request: PageRequest): Frame {
    const page = request.page;
    const actor = page?.session?.actor;
    return {
      // Before the page guard ran (an error in the body, a path no page has): the language cookie.
      speech: page?.speech ?? speech(isLang(request.cookies?.vv_lang) ? request.cookies.vv_lang : 'nl'),
      path: page?.path ?? request.url.split('?')[0],
      user: actor ? { name: actor.name ?? actor.id, role: actor.role } : null,
      csrf: page?.csrf ?? '',
      assets: { css: this.assets.css.path, js: this.assets.js.path },
    };
  }
}
