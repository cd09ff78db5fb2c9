import { Fragment, type ComponentChildren } from 'preact';

/** A form problem: the field's id (for the link) and what to do about it. */
export interface FieldError {
  /** The id of the input (or the first radio) the summary links to. */
  target: string;
  message: string;
  /** Where the link goes when the field is on another page (check your answers). */
  href?: string;
}

export function Heading1({ children }: { children: ComponentChildren }) {
  return <h1 class="utrecht-heading-1">{children}</h1>;
}

export function Heading2({ children, id }: { children: ComponentChildren; id?: string }) {
  return (
    <h2 class="utrecht-heading-2" id={id}>
      {children}
    </h2>
  );
}

export function Heading3({ children }: { children: ComponentChildren }) {
  return <h3 class="utrecht-heading-3">{children}</h3>;
}

export function Paragraph({ children, lead }: { children: ComponentChildren; lead?: boolean }) {
  return <p class={lead ? 'utrecht-paragraph utrecht-paragraph--lead' : 'utrecht-paragraph'}>{children}</p>;
}

export function Link({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a class="utrecht-link utrecht-link--html-a" href={href}>
      {children}
    </a>
  );
}

export function ButtonLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a class="utrecht-button utrecht-button--primary-action vv-button-link" href={href}>
      {children}
    </a>
  );
}

export function Button({
  children,
  secondary,
  name,
  value,
}: {
  children: ComponentChildren;
  secondary?: boolean;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      class={`utrecht-button ${secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}
    >
      {children}
    </button>
  );
}

export function UnorderedList({ items }: { items: readonly ComponentChildren[] }) {
  return (
    <ul class="utrecht-unordered-list">
      {items.map((item, i) => (
        <li class="utrecht-unordered-list__item" key={i}>
          {item}
        </li>
      ))}
    </ul>
  );
}

export function OrderedList({ items }: { items: readonly ComponentChildren[] }) {
  return (
    <ol class="utrecht-ordered-list">
      {items.map((item, i) => (
        <li class="utrecht-ordered-list__item" key={i}>
          {item}
        </li>
      ))}
    </ol>
  );
}

/** A notice at the top of a page: `info` after an action, `error` for a refusal. */
export function Alert({ type, children }: { type: 'info' | 'ok' | 'error'; children: ComponentChildren }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${type}`} role={type === 'error' ? 'alert' : 'status'}>
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">{children}</div>
      </div>
    </div>
  );
}

/**
 * The GOV.UK error summary: a heading and a link to each field with a problem. It takes the
 * focus when the page loads (autofocus without script, enhance.js with it).
 */
export function ErrorSummary({ title, errors }: { title: string; errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="vv-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} autoFocus>
      <h2 class="utrecht-heading-2" id="error-summary-title">
        {title}
      </h2>
      <ul class="utrecht-unordered-list">
        {errors.map((e) => (
          <li class="utrecht-unordered-list__item" key={e.target + e.message}>
            <a href={e.href ?? `#${e.target}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  errorPrefix: string;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function HintAndError({ id, hint, error, errorPrefix }: Omit<FieldProps, 'name' | 'label'>) {
  return (
    <>
      {hint && (
        <span class="utrecht-form-field-description vv-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="utrecht-form-field-error-message vv-error" id={`${id}-error`}>
          <span class="vv-visually-hidden">{errorPrefix}</span>
          {error}
        </span>
      )}
    </>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    type?: 'text' | 'email';
    autocomplete?: string;
    short?: boolean;
    inputMode?: 'numeric' | 'decimal' | 'text';
  },
) {
  const { id, name, label, hint, error, value, type, autocomplete, short, inputMode } = props;
  return (
    <div class={`utrecht-form-field vv-field${error ? ' utrecht-form-field--invalid vv-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <HintAndError id={id} hint={hint} error={error} errorPrefix={props.errorPrefix} />
      <div class="utrecht-form-field__input">
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}${short ? ' vv-input--short' : ''}`}
          id={id}
          name={name}
          type={type ?? 'text'}
          value={value}
          autoComplete={autocomplete}
          inputMode={inputMode}
          spellcheck={false}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
      </div>
    </div>
  );
}

export function TextArea(props: FieldProps & { value: string }) {
  const { id, name, label, hint, error, value } = props;
  return (
    <div class={`utrecht-form-field vv-field${error ? ' utrecht-form-field--invalid vv-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      <HintAndError id={id} hint={hint} error={error} errorPrefix={props.errorPrefix} />
      <div class="utrecht-form-field__input">
        <textarea
          class={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
          id={id}
          name={name}
          rows={6}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
        >
          {value}
        </textarea>
      </div>
    </div>
  );
}

/** Radios in a fieldset whose legend is the question; the first radio's id is the error target. */
export function Radios(
  props: FieldProps & {
    value: string;
    options: readonly { value: string; label: string }[];
    legendAsHeading?: boolean;
  },
) {
  const { id, name, label, hint, error, value, options, legendAsHeading } = props;
  return (
    <div class={`vv-field${error ? ' vv-field--invalid' : ''}`}>
      <fieldset
        class={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset vv-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
        aria-describedby={describedBy(id, hint, error)}
      >
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {legendAsHeading ? <h1 class="utrecht-heading-1">{label}</h1> : label}
        </legend>
        <HintAndError id={id} hint={hint} error={error} errorPrefix={props.errorPrefix} />
        {options.map((option, i) => {
          const optionId = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="utrecht-form-field utrecht-form-field--radio vv-choice" key={option.value}>
              <input
                class="utrecht-radio-button utrecht-radio-button--html-input"
                type="radio"
                id={optionId}
                name={name}
                value={option.value}
                checked={value === option.value}
              />
              <label class="utrecht-form-label utrecht-form-label--radio" for={optionId}>
                {option.label}
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** A list of questions and answers (check your answers, an application's details). */
export function SummaryList({
  rows,
}: {
  rows: readonly { key: string; value: ComponentChildren; change?: { href: string; label: string; text: string } }[];
}) {
  return (
    <dl class="vv-summary">
      {rows.map((row) => (
        <Fragment key={row.key}>
          <dt>{row.key}</dt>
          <dd>{row.value}</dd>
          <dd>
            {row.change && (
              <a class="utrecht-link utrecht-link--html-a" href={row.change.href}>
                {row.change.text}
                <span class="vv-visually-hidden"> {row.change.label}</span>
              </a>
            )}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

export function StatusTag({ status, label }: { status: string; label: string }) {
  return <strong class={`vv-status vv-status--${status}`}>{label}</strong>;
}
