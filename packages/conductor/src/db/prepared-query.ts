import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';

/**
 * Stands for the named argument while a {@link PreparedQuery} is built: use it where a value goes.
 * Typed as the value it replaces so the builder type-checks as usual.
 */
export type Param = <T>(name: string) => T;

/** How each bound parameter of a compiled query is filled: from an argument, or a constant. */
type Binding = { readonly arg: string } | { readonly value: unknown };

interface Compiled {
  readonly sql: string;
  readonly bindings: readonly Binding[];
}

/** Marks an argument's place in the compiled parameters; never sent to the database. */
const SENTINEL_PREFIX = '\u0000ferric-param:';
const sentinel = (name: string) => `${SENTINEL_PREFIX}${name}`;

/**
 * A query the conductor runs often, built and compiled by kysely once per database and then only
 * re-bound: building and compiling a query costs about as much as SQLite running a short one.
 *
 * `build` must give the same SQL whatever the arguments (no argument decides the query's shape, e.g.
 * no variable-length `in` list); values that are the same on every run may be written as constants.
 */
export class PreparedQuery<DB, Args extends Record<string, unknown>, Row> {
  readonly #build: (db: Kysely<DB>, param: Param) => Compilable<Row>;
  readonly #compiled = new WeakMap<Kysely<DB>, Compiled>();

  constructor(build: (db: Kysely<DB>, param: Param) => Compilable<Row>) {
    this.#build = build;
  }

  /** Runs the query on `db` with `args` bound. */
  execute(db: Kysely<DB>, args: Args): Promise<QueryResult<Row>> {
    const compiled = this.#compile(db);
    const parameters = compiled.bindings.map((b) => ('arg' in b ? args[b.arg] : b.value));
    return db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
  }

  /** The first row, or `undefined`. */
  async first(db: Kysely<DB>, args: Args): Promise<Row | undefined> {
    return (await this.execute(db, args)).rows[0];
  }

  #compile(db: Kysely<DB>): Compiled {
    let compiled = this.#compiled.get(db);
    if (compiled === undefined) {
      const query = this.#build(db, ((name: string) => sentinel(name)) as Param).compile();
      const bindings = query.parameters.map(
        (p): Binding =>
          typeof p === 'string' && p.startsWith(SENTINEL_PREFIX)
            ? { arg: p.slice(SENTINEL_PREFIX.length) }
            : { value: p },
      );
      compiled = { sql: query.sql, bindings };
      this.#compiled.set(db, compiled);
    }
    return compiled;
  }
}
