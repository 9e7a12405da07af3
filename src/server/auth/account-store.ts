import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConflictError, InvalidArgumentError } from '../../errors/index.ts';
import type { Store } from '../../store/database.ts';
import type {
  ServerDatabase,
  WorkflowTables,
} from '../store/workflow-tables.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { isRole, roles, type Actor, type Role } from './roles.ts';

/** A user as listed, without the password hash. */
export interface UserSummary {
  username: string;
  role: Role;
  department: string | null;
  createdAt: string;
}

/** Clock and randomness of an `AccountStore`, injectable for tests. */
export interface AccountStoreOptions {
  now?: () => Date;
  random?: (size: number) => Buffer;
  /** Session lifetime in hours; default 12. */
  sessionHours?: number;
}

const usernamePattern = /^[A-Za-z0-9._-]{2,64}$/;

/** Hash compared against when a username is unknown, so timing matches. */
const unknownUserHash =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** sha256 hex of a secret; sessions and tokens are stored this way. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Users, browser sessions and API tokens. Passwords are stored as scrypt
 * hashes; session ids and tokens as sha256 hashes, so a copy of the
 * database does not let anyone sign in.
 */
export class AccountStore {
  readonly #db: Kysely<ServerDatabase>;
  readonly #now: () => Date;
  readonly #random: (size: number) => Buffer;
  readonly #sessionMs: number;

  constructor(store: Store, options: AccountStoreOptions = {}) {
    this.#db = store.db.withTables<WorkflowTables>();
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? randomBytes;
    this.#sessionMs = (options.sessionHours ?? 12) * 3_600_000;
  }

  /**
   * Adds a user with a hashed password.
   *
   * @throws InvalidArgumentError for a bad username, role, department or
   * a short password.
   * @throws ConflictError when the username is taken.
   */
  async createUser(input: {
    username: string;
    password: string;
    role: string;
    department?: string | null | undefined;
  }): Promise<UserSummary> {
    const department = checkRoleAndDepartment(input.role, input.department);
    if (!usernamePattern.test(input.username)) {
      throw new InvalidArgumentError({
        parameter: 'username',
        value: input.username,
        message:
          `username "${input.username}" is invalid: use 2 to 64 letters, ` +
          'digits, dots, dashes or underscores.',
      });
    }
    const taken = await this.#db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken !== undefined) {
      throw new ConflictError({
        resource: 'user',
        current: 'exists',
        message:
          `user "${input.username}" already exists. Choose another ` +
          'username.',
      });
    }
    const passwordHash = await hashPassword(input.password, this.#random);
    const createdAt = this.#now().toISOString();
    await this.#db
      .insertInto('users')
      .values({
        username: input.username,
        password_hash: passwordHash,
        role: input.role,
        department,
        created_at: createdAt,
      })
      .execute();
    return {
      username: input.username,
      role: input.role as Role,
      department,
      createdAt,
    };
  }

  /** Lists users by username. */
  async listUsers(): Promise<UserSummary[]> {
    const rows = await this.#db
      .selectFrom('users')
      .select(['username', 'role', 'department', 'created_at'])
      .orderBy('username')
      .execute();
    return rows.map((row) => ({
      username: row.username,
      role: isRole(row.role) ? row.role : 'analyst',
      department: row.department,
      createdAt: row.created_at,
    }));
  }

  /** Counts users; the server warns when there is none. */
  async countUsers(): Promise<number> {
    const row = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * Checks a username and password. Returns the user's actor, or null
   * when either is wrong; an unknown user costs one scrypt as well.
   */
  async verifyLogin(username: string, password: string): Promise<Actor | null> {
    const row = await this.#db
      .selectFrom('users')
      .select(['id', 'username', 'password_hash', 'role', 'department'])
      .where('username', '=', username)
      .executeTakeFirst();
    const matches = await verifyPassword(
      password,
      row?.password_hash ?? unknownUserHash,
    );
    if (row === undefined || !matches || !isRole(row.role)) return null;
    return {
      kind: 'user',
      id: row.id,
      name: row.username,
      role: row.role,
      department: row.department,
    };
  }

  /** Starts a session and returns its id (32 random bytes, base64url). */
  async createSession(userId: number): Promise<{ id: string; expiresAt: Date }> {
    const id = this.#random(32).toString('base64url');
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + this.#sessionMs);
    await this.#db
      .insertInto('sessions')
      .values({
        id_hash: hashSecret(id),
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { id, expiresAt };
  }

  /** Returns the actor of a live session, or null (expired ones are removed). */
  async findSession(id: string): Promise<Actor | null> {
    const idHash = hashSecret(id);
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'users.id as id',
        'users.username as username',
        'users.role as role',
        'users.department as department',
        'sessions.expires_at as expiresAt',
      ])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (row === undefined) return null;
    if (row.expiresAt <= this.#now().toISOString()) {
      await this.deleteSession(id);
      return null;
    }
    if (!isRole(row.role)) return null;
    return {
      kind: 'user',
      id: row.id,
      name: row.username,
      role: row.role,
      department: row.department,
    };
  }

  /** Ends a session; unknown ids are ignored. */
  async deleteSession(id: string): Promise<void> {
    await this.#db
      .deleteFrom('sessions')
      .where('id_hash', '=', hashSecret(id))
      .execute();
  }

  /**
   * Creates an API token and returns it; only its hash is stored, so it
   * cannot be shown again.
   */
  async createToken(input: {
    name: string;
    role: string;
    department?: string | null | undefined;
    createdBy: string;
  }): Promise<{ token: string; name: string; role: Role }> {
    const department = checkRoleAndDepartment(input.role, input.department);
    const token = `hlt_${this.#random(32).toString('base64url')}`;
    await this.#db
      .insertInto('api_tokens')
      .values({
        name: input.name,
        token_hash: hashSecret(token),
        role: input.role,
        department,
        created_by: input.createdBy,
        created_at: this.#now().toISOString(),
      })
      .execute();
    return { token, name: input.name, role: input.role as Role };
  }

  /** Returns the actor of an API token, or null when it is unknown. */
  async findToken(token: string): Promise<Actor | null> {
    const row = await this.#db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'role', 'department'])
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (row === undefined || !isRole(row.role)) return null;
    return {
      kind: 'token',
      id: row.id,
      name: `token:${row.name}`,
      role: row.role,
      department: row.department,
    };
  }
}

/**
 * Checks the role and that exactly department accounts name a
 * department; returns the department to store.
 */
function checkRoleAndDepartment(
  role: string,
  department: string | null | undefined,
): string | null {
  if (!isRole(role)) {
    throw new InvalidArgumentError({
      parameter: 'role',
      value: role,
      message: `role "${role}" is unknown. Use one of: ${roles.join(', ')}.`,
    });
  }
  const name = department?.trim() ?? '';
  if (role === 'department' && name === '') {
    throw new InvalidArgumentError({
      parameter: 'department',
      value: department ?? null,
      message:
        'a department account needs its department name: pass --department ' +
        'on the command line or "department" in the API, e.g. "市城管局".',
    });
  }
  if (role === 'department') return name;
  return name === '' ? null : name;
}
