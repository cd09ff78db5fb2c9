import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The fields of each question page, as the form names them (the API body's paths). */
export const STEP_FIELDS: Record<string, string[]> = {
  personal: ['applicant.name', 'applicant.email', 'applicant.postcode', 'applicant.dateOfBirth', 'applicant.gender'],
  situation: ['applicant.targetGroup'],
  employer: ['employer.name', 'employer.kvkNumber', 'employer.postcode'],
  training: [
    'training.provider',
    'training.title',
    'training.kind',
    'training.startsOn',
    'training.endsOn',
    'training.costCents',
  ],
  amount: ['requestedAmountCents', 'motivation'],
  consent: ['applicant.publicityConsent'],
};

/** A complete, valid application as a person types it into the forms. */
export const VALID_ANSWERS: Record<string, string> = {
  'applicant.name': 'Ahmad Al Haj',
  'applicant.email': 'ahmad@example.nl',
  'applicant.postcode': '7511 AB',
  'applicant.dateOfBirth': '12-04-1990',
  'applicant.gender': 'male',
  'applicant.targetGroup': 'career-switcher',
  'training.provider': 'De Techniek Academie',
  'training.title': 'Vakmanschaptraject Installatietechniek',
  'training.kind': 'reskilling',
  'training.startsOn': '01-03-2027',
  'training.endsOn': '01-09-2027',
  'training.costCents': '3200',
  requestedAmountCents: '2500',
  motivation: '',
  'applicant.publicityConsent': 'no',
};

const pick = (answers: Record<string, string>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => f in answers).map((f) => [f, answers[f]]));

export interface WebReply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  location?: string;
}

/**
 * A browser without a browser: keeps cookies, reads the form token from the last page, and
 * sends forms as application/x-www-form-urlencoded, all through Fastify's inject. For the many
 * requests of the page tests that need no rendering engine (those that do use Chromium).
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: NestFastifyApplication) {}

  private remember(headers: WebReply['headers']) {
    const set = headers['set-cookie'];
    for (const line of ([] as string[]).concat((set as string[] | string | undefined) ?? [])) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST', url: string, payload?: string, headers: Record<string, string> = {}) {
    const response = await this.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url,
        headers: {
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
          ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
        ...(payload !== undefined ? { payload } : {}),
      });
    this.remember(response.headers);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (csrf) this.csrf = csrf[1];
    const reply: WebReply = { status: response.statusCode, headers: response.headers, body: response.body };
    if (typeof response.headers.location === 'string') reply.location = response.headers.location;
    return reply;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }

  /** Posts `fields` (and the form token, unless `_csrf` is given) as a form. */
  post(url: string, fields: Record<string, string | string[]> = {}, headers?: Record<string, string>) {
    const all = { _csrf: this.csrf, ...fields };
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(all)) for (const one of ([] as string[]).concat(v)) params.append(k, one);
    return this.request('POST', url, params.toString(), headers);
  }

  /** Logs in as a demo person (AUTH_MODE=local), as the login page's button does. */
  async loginAs(person: string): Promise<WebReply> {
    await this.get('/login');
    return this.post('/login', { person });
  }

  /** Answers every question page of the apply form with `answers` (field path → text). */
  async answerAll(code: string, answers: Record<string, string> = VALID_ANSWERS): Promise<WebReply[]> {
    const replies: WebReply[] = [];
    const employee = answers['applicant.targetGroup'] === 'employee';
    for (const [step, fields] of Object.entries(STEP_FIELDS)) {
      if (step === 'employer' && !employee) continue;
      await this.get(`/apply/${code}/${step}`);
      replies.push(await this.post(`/apply/${code}/${step}`, pick(answers, fields)));
    }
    return replies;
  }

  /** The texts of the error summary's links on a page. */
  static errorSummary(html: string): string[] {
    const summary = /<div class="vv-error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    return [...summary.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
  }
}
