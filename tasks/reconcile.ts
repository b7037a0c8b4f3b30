// Declarative reconcile: converge one Pulp towards the desired objects. Each type is listed once; what is
// missing is created, what differs is PATCHed with only the differing fields, and nothing is deleted unless
// pruning is asked for, and then only objects labelled as managed by this tool. A dry run reads only.
import { createHmac } from 'node:crypto';
import { AuthError, ConnectionError, HttpError, PulpClient } from '../pulp';
import { ComponentVersions, CREATION_STAGES, ENTITIES, EntityDefinition, EntityKind } from '../pulp/entities';
import { mapConcurrent, mapDependent } from './concurrency';
import { DesiredObject, DesiredValue, isReference } from './desired';

/** Marks objects this tool manages (the only ones `prune` may delete). */
const MANAGED_LABEL = 'release_train_managed';
/** A keyed hash of a remote's credentials: rotating a password changes it; the password is never stored. */
const CREDENTIALS_LABEL = 'release_train_credentials';

export interface Change {
  readonly action: 'create' | 'update' | 'delete';
  readonly kind: EntityKind;
  readonly key: string;
  /** Changed fields with their values before and after; secrets show only as `(set)` / `(changed)`. */
  readonly fields: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>>;
}

export interface ReconcileOptions {
  /** Plan only: read, never write. */
  readonly dryRun?: boolean;
  /** Delete managed objects that the config no longer has. */
  readonly prune?: boolean;
  /** Key of the credentials hash label. */
  readonly hashKey: string;
  /** Called for each change as it is planned (dry run) or applied. */
  readonly onChange?: (change: Change) => void;
  /**
   * `bulk` lists each type once (pages of 1000); `per-object` looks each object up by its natural key, as
   * pulp-glue and squeezer do (reconcile --only of a few objects; bench:reconcile compares the two).
   * @default 'bulk'
   */
  readonly lookup?: 'bulk' | 'per-object';
  /**
   * Objects worked on at once. An object starts once the objects it needs exist (what it refers to, its
   * groups, a distribution's namespace); among those ready, later kinds first (CREATION_STAGES).
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Work that needs an object, run in its slot once the object is converged (not in a dry run): bench:peers
   * gives each rpm repository its distribution this way, in the same pipeline.
   * @default - none
   */
  readonly andThen?: (object: DesiredObject, href: string) => Promise<void>;
}

type PulpObject = Record<string, unknown> & { pulp_href: string };

export function describeChange(change: Change): string {
  const what = `${ENTITIES[change.kind].label} "${change.key}"`;
  const fields = Object.entries(change.fields)
    .map(([field, { before, after }]) =>
      change.action === 'update' ? `${field}: ${show(before)} -> ${show(after)}` : `${field}: ${show(after)}`,
    )
    .join(', ');
  return `${change.action} ${what}${fields ? ` (${fields})` : ''}`;
}

function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

export class Reconciler {
  private readonly existing = new Map<EntityKind, Map<string, PulpObject>>();
  private versions: ComponentVersions = {};
  private readonly changes: Change[] = [];

  constructor(
    private readonly pulp: PulpClient,
    private readonly options: ReconcileOptions,
  ) {}

  async run(desired: readonly DesiredObject[]): Promise<Change[]> {
    const status = await this.pulp.status();
    this.versions = Object.fromEntries(status.versions.map((v) => [v.component, v.version]));
    const kinds = CREATION_STAGES.flat().filter((kind) => this.options.prune || desired.some((d) => d.kind === kind));
    await mapConcurrent(kinds, this.concurrency, async (kind) => {
      if (this.perObjectLookup) this.existing.set(kind, new Map());
      else await this.load(ENTITIES[kind], desired);
    });
    // Each object as soon as what it needs exists, not kind after kind: a repository's distribution (a Pulp
    // task) is queued while other remotes and repositories are still being made.
    await mapDependent(
      desired,
      this.concurrency,
      dependencyIndexes(desired),
      (object) => CREATION_STAGES.findIndex((stage) => stage.includes(object.kind)),
      (object) => this.converge(object),
    );
    if (this.options.prune) await this.prune(desired);
    return this.changes;
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 1;
  }

  /** Pruning needs every object of each type, so it always lists in bulk. */
  private get perObjectLookup(): boolean {
    return this.options.lookup === 'per-object' && !this.options.prune;
  }

  /** One list call per type (pages of 1000), indexed by natural key. */
  private async load(definition: EntityDefinition, desired: readonly DesiredObject[]): Promise<void> {
    const objects = await this.pulp.list<PulpObject>(definition.path, fieldsParam(definition, desired));
    this.existing.set(definition.kind, new Map(objects.map((o) => [String(o[definition.keyField]), o])));
  }

  private async lookUp(definition: EntityDefinition, key: string): Promise<void> {
    const found = await this.pulp.findOne<PulpObject>(definition.path, { [definition.keyField]: key });
    if (found) this.existing.get(definition.kind)!.set(key, found);
  }

  private record(change: Change): void {
    this.changes.push(change);
    this.options.onChange?.(change);
  }

  private resolve(value: DesiredValue): unknown {
    if (!isReference(value)) return value;
    const target = this.existing.get(value.ref)?.get(value.key);
    // In a dry run a referenced object may be one that would be created first.
    return target?.pulp_href ?? `(new ${ENTITIES[value.ref].label} "${value.key}")`;
  }

  private credentialsHash(secret: NonNullable<DesiredObject['secret']>): string {
    return createHmac('sha256', this.options.hashKey)
      .update(`${secret.username ?? ''}\0${secret.password}`)
      .digest('hex')
      .slice(0, 32);
  }

  private async converge(object: DesiredObject): Promise<void> {
    const definition = ENTITIES[object.kind];
    const subject = `${definition.label} "${object.key}"`;
    const desiredFields = Object.fromEntries(
      Object.entries(object.fields).map(([field, value]) => [field, this.resolve(value)]),
    );
    const labels: Record<string, string> = {};
    if (definition.labels) {
      labels[MANAGED_LABEL] = 'true';
      if (object.secret) labels[CREDENTIALS_LABEL] = this.credentialsHash(object.secret);
    }
    if (this.perObjectLookup) await this.lookUp(definition, object.key);
    const actual = this.existing.get(object.kind)?.get(object.key);
    if (!actual) {
      await this.create(definition, object, desiredFields, labels, subject);
    } else {
      await this.update(definition, object, actual, desiredFields, labels, subject);
    }
    if (definition.groupRole) await this.convergeGroupRole(definition, object, definition.groupRole, subject);
    if (object.kind === 'user') await this.convergeMemberships(object, subject);
    const href = this.existing.get(object.kind)?.get(object.key)?.pulp_href;
    if (this.options.andThen && href && !this.options.dryRun) await this.options.andThen(object, href);
  }

  private async create(
    definition: EntityDefinition,
    object: DesiredObject,
    fields: Record<string, unknown>,
    labels: Record<string, string>,
    subject: string,
  ): Promise<void> {
    const shown: Record<string, { before: unknown; after: unknown }> = {};
    for (const [field, value] of Object.entries(fields)) shown[field] = { before: undefined, after: value };
    if (object.secret) shown.credentials = { before: undefined, after: '(set)' };
    this.record({ action: 'create', kind: object.kind, key: object.key, fields: shown });
    if (this.options.dryRun) return;
    const body: Record<string, unknown> = { [definition.keyField]: object.key, ...fields };
    if (definition.labels) body.pulp_labels = labels;
    if (object.secret) Object.assign(body, secretBody(object.secret));
    // Only the href is kept (references and roles need nothing else): an object Pulp creates in a task (every
    // distribution) is not read back after it.
    let href: string;
    try {
      href = await this.pulp.createHref(definition.path, this.preprocess(definition, body), subject);
    } catch (error) {
      // The POST may have reached Pulp before the connection broke. Never send it again blindly: look the
      // object up by its natural key, and take it if it is there.
      if (!(error instanceof ConnectionError)) throw error;
      const found = await this.pulp.findOne<PulpObject>(definition.path, { [definition.keyField]: object.key });
      if (!found) throw error;
      href = found.pulp_href;
    }
    this.existing.get(object.kind)!.set(object.key, { pulp_href: href, [definition.keyField]: object.key });
  }

  private async update(
    definition: EntityDefinition,
    object: DesiredObject,
    actual: PulpObject,
    fields: Record<string, unknown>,
    labels: Record<string, string>,
    subject: string,
  ): Promise<void> {
    const patch: Record<string, unknown> = {};
    const shown: Record<string, { before: unknown; after: unknown }> = {};
    for (const [field, value] of Object.entries(fields)) {
      const current = definition.readField ? definition.readField(actual, field) : actual[field];
      if (!sameValue(current, value, definition.nullables.includes(field))) {
        patch[field] = value;
        shown[field] = { before: current, after: value };
      }
    }
    if (definition.labels) {
      const current = (actual.pulp_labels ?? {}) as Record<string, string>;
      const wanted = { ...current, ...labels };
      if (!object.secret) delete wanted[CREDENTIALS_LABEL];
      if (!sameValue(current, wanted, false)) {
        patch.pulp_labels = wanted;
        shown.pulp_labels = { before: current, after: wanted };
      }
    }
    if (await this.credentialsDiffer(object, actual, labels)) {
      Object.assign(patch, object.secret ? secretBody(object.secret) : { username: null, password: null });
      shown.credentials = { before: '(set)', after: object.secret ? '(changed)' : '(unset)' };
    }
    if (Object.keys(patch).length === 0) return;
    this.record({ action: 'update', kind: object.kind, key: object.key, fields: shown });
    if (this.options.dryRun) return;
    // Not read back: what the run needs of it later (its href, a user's groups) the PATCH does not change.
    await this.pulp.change(actual.pulp_href, this.preprocess(definition, patch), subject);
  }

  /**
   * Write-only fields never come back. Remotes: the hidden fields say whether credentials are set, and the
   * keyed hash label says whether they are these ones. Users: a login with the desired password says it.
   */
  private async credentialsDiffer(
    object: DesiredObject,
    actual: PulpObject,
    labels: Record<string, string>,
  ): Promise<boolean> {
    if (object.kind === 'user') {
      if (!object.secret) return false;
      const probe = new PulpClient({
        baseUrl: this.pulp.baseUrl,
        username: object.key,
        password: object.secret.password,
        maxAttempts: 1,
        // One request: a login would cost the same password check plus a session to clean up.
        auth: 'basic',
        keepAlive: false,
      });
      try {
        await probe.get('repositories/', { limit: 1 });
        return false;
      } catch (error) {
        if (error instanceof AuthError) return true;
        throw error;
      }
    }
    const hidden = (actual.hidden_fields ?? []) as { name: string; is_set: boolean }[];
    const isSet = (name: string) => hidden.some((field) => field.name === name && field.is_set);
    if (!ENTITIES[object.kind].path.startsWith('remotes/')) return false;
    if (!object.secret) return isSet('password') || isSet('username');
    const currentHash = ((actual.pulp_labels ?? {}) as Record<string, string>)[CREDENTIALS_LABEL];
    return !isSet('password') || currentHash !== labels[CREDENTIALS_LABEL];
  }

  private preprocess(definition: EntityDefinition, body: Record<string, unknown>): Record<string, unknown> {
    return definition.preprocess ? definition.preprocess(body, this.versions) : body;
  }

  /** The type's object role (a guard's downloader, a namespace's consumer), given to exactly these groups. */
  private async convergeGroupRole(
    definition: EntityDefinition,
    object: DesiredObject,
    role: string,
    subject: string,
  ): Promise<void> {
    const target = this.existing.get(definition.kind)?.get(object.key);
    const wanted = [...(object.groups ?? [])].sort();
    const current = target
      ? (
          (
            await this.pulp.get<{ roles: { role: string; groups: string[] }[] }>(`${target.pulp_href}list_roles/`)
          ).roles.find((r) => r.role === role)?.groups ?? []
        ).sort()
      : [];
    const add = wanted.filter((g) => !current.includes(g));
    const remove = current.filter((g) => !wanted.includes(g));
    if (add.length === 0 && remove.length === 0) return;
    this.record({
      action: 'update',
      kind: object.kind,
      key: object.key,
      fields: { [`${role} groups`]: { before: current, after: wanted } },
    });
    if (this.options.dryRun || !target) return;
    if (add.length > 0) await this.pulp.action(`${target.pulp_href}add_role/`, { role, groups: add }, { subject });
    if (remove.length > 0)
      await this.pulp.action(`${target.pulp_href}remove_role/`, { role, groups: remove }, { subject });
  }

  /** A user's group memberships, made exactly the configured ones. */
  private async convergeMemberships(object: DesiredObject, subject: string): Promise<void> {
    const user = this.existing.get('user')?.get(object.key);
    const current = ((user?.groups ?? []) as { name: string }[]).map((g) => g.name).sort();
    const wanted = [...(object.groups ?? [])].sort();
    const add = wanted.filter((g) => !current.includes(g));
    const remove = current.filter((g) => !wanted.includes(g));
    if (add.length === 0 && remove.length === 0) return;
    this.record({
      action: 'update',
      kind: 'user',
      key: object.key,
      fields: { groups: { before: current, after: wanted } },
    });
    if (this.options.dryRun || !user) return;
    const groups = this.existing.get('group')!;
    for (const name of add) {
      await this.pulp.action(`${groups.get(name)!.pulp_href}users/`, { username: object.key }, { subject });
    }
    for (const name of remove) {
      const group = groups.get(name) ?? (await this.pulp.findOne<PulpObject>('groups/', { name }));
      // A group gone since the user was read has no membership left to remove.
      if (group) await this.pulp.remove(`${group.pulp_href}users/${idOf(user.pulp_href)}/`, subject);
    }
  }

  private async removeIfThere(href: string, subject: string): Promise<void> {
    try {
      await this.pulp.remove(href, subject);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  /** Deletes managed objects that the config no longer names, dependants first (stages in reverse). */
  private async prune(desired: readonly DesiredObject[]): Promise<void> {
    for (const stage of [...CREATION_STAGES].reverse()) {
      const unwanted = stage.flatMap((kind) => {
        const definition = ENTITIES[kind];
        if (!definition.labels) return [];
        const wanted = new Set(desired.filter((d) => d.kind === kind).map((d) => d.key));
        return [...(this.existing.get(kind) ?? [])]
          .filter(([key, object]) => {
            const managed = ((object.pulp_labels ?? {}) as Record<string, string>)[MANAGED_LABEL] === 'true';
            return managed && !wanted.has(key);
          })
          .map(([key, object]) => ({ kind, key, href: object.pulp_href, label: definition.label }));
      });
      await mapConcurrent(unwanted, this.concurrency, async ({ kind, key, href, label }) => {
        this.record({ action: 'delete', kind, key, fields: {} });
        if (!this.options.dryRun) await this.removeIfThere(href, `${label} "${key}"`);
      });
    }
  }
}

/**
 * What each desired object needs made before it, as indexes into `desired`: the objects its fields refer
 * to, the groups it gives a role to or joins, and what its kind names as implied (a container
 * distribution's namespace). Needs that the config does not have are Pulp's already, or a 400 to report.
 */
function dependencyIndexes(desired: readonly DesiredObject[]): (object: DesiredObject) => number[] {
  const index = new Map(desired.map((d, i) => [`${d.kind} ${d.key}`, i]));
  return (object) => {
    const needs = [
      ...Object.values(object.fields).filter(isReference),
      ...(object.groups ?? []).map((key) => ({ ref: 'group' as const, key })),
      ...(ENTITIES[object.kind].implies?.(object.key) ?? []),
    ];
    return needs.map((n) => index.get(`${n.ref} ${n.key}`)).filter((i): i is number => i !== undefined);
  };
}

/**
 * Deleting one object can take others with it (pulp_container 2.29+ deletes a repository together with
 * the only distribution serving it): one already gone is deleted as far as prune is concerned.
 */
function isGone(error: unknown): boolean {
  return error instanceof HttpError && error.status === 404;
}

/**
 * The fields reconcile reads of a type (`fields=`, so that a list of a thousand distributions carries only
 * what is compared): its key, href and labels, a user's groups, and every field the config sets (a name
 * that a Pulp version lacks is left out of the answer, not refused). Remotes are read whole: Pulp reports
 * `hidden_fields` (whether a password is set) only for the write-only fields the answer would have had.
 */
function fieldsParam(definition: EntityDefinition, desired: readonly DesiredObject[]): Record<string, string> {
  if (definition.path.startsWith('remotes/')) return {};
  const names = new Set<string>([definition.keyField, 'pulp_href', 'pulp_labels', 'groups']);
  for (const object of desired)
    if (object.kind === definition.kind) Object.keys(object.fields).forEach((f) => names.add(f));
  return { fields: [...names].join(',') };
}

function secretBody(secret: NonNullable<DesiredObject['secret']>): Record<string, unknown> {
  return secret.username === undefined
    ? { password: secret.password }
    : { username: secret.username, password: secret.password };
}

function idOf(href: string): string {
  return href.replace(/\/$/, '').split('/').pop()!;
}

/** Equality after the normalisation Pulp's representations need: null vs empty, key order, trailing data. */
export function sameValue(actual: unknown, desired: unknown, nullable: boolean): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  if (nullable && empty(actual) && empty(desired)) return true;
  if (Array.isArray(actual) && Array.isArray(desired)) {
    return actual.length === desired.length && actual.every((item, i) => sameValue(item, desired[i], false));
  }
  if (isPlainObject(actual) && isPlainObject(desired)) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(desired)]);
    return [...keys].every((key) => sameValue(actual[key], desired[key], false));
  }
  return actual === desired;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
