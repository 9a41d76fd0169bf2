/*
 * The Standard Schema v1 contract (https://standardschema.dev), declared here as types so core
 * depends on no validation library: zod 4, valibot and arktype schemas all satisfy it.
 */
import { PluginConfigError } from '../errors/catalog.js';

/** One problem a schema found. @public */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The result of {@link StandardSchemaV1}'s `validate`. @public */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/** A validator in the Standard Schema shape (zod, valibot, arktype…). @public */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

function pathOf(issue: StandardSchemaIssue): string {
  return (issue.path ?? [])
    .map((part) => String(typeof part === 'object' && part !== null ? part.key : part))
    .join('.');
}

/**
 * Validate a plugin's configuration section synchronously.
 * @throws {@link PluginConfigError} listing every issue as `section.path: message`.
 * @internal
 */
export function validateSection<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, section: string): T {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    throw new PluginConfigError(
      `The configSchema of '${section}' validates asynchronously; plugins need a synchronous schema.`,
    );
  }
  if (result.issues) {
    const lines = result.issues.map((issue) => {
      const path = pathOf(issue);
      return `${section}${path ? `.${path}` : ''}: ${issue.message}`;
    });
    throw new PluginConfigError(`Invalid configuration: ${lines.join('; ')}`, { issues: lines });
  }
  return result.value;
}
