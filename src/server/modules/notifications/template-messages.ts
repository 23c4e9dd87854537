import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, PrivateTemplatesTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { INDUSTRIES, LIBRARY_TEMPLATES } from './template-library.ts';

/** Most private templates per account (45026 past it). */
export const MAX_PRIVATE_TEMPLATES = 25;
/** The industry may change once a month: we read that as 30 days after the last change. */
export const INDUSTRY_CHANGE_INTERVAL_MS = 30 * 24 * 3600 * 1000;

const industryView = (id: number) => ({ ...INDUSTRIES[id]! });

/**
 * Sets the account's two industries (`api_set_industry`): ids from the
 * industry table (40102 otherwise), changeable once a month (43100).
 * Setting the same pair again is no change and always allowed.
 */
export async function setIndustry(
  ctx: AppContext,
  account: AccountsTable,
  primary: number,
  secondary: number,
): Promise<void> {
  for (const id of [primary, secondary])
    if (!INDUSTRIES[id])
      throw new AppError('INDUSTRY_INVALID', `industry id ${id} is not in the industry table (1-41)`);
  const now = ctx.clock.now();
  const current = await ctx.db
    .selectFrom('account_industries')
    .selectAll()
    .where('account_id', '=', account.id)
    .executeTakeFirst();
  if (current) {
    if (current.primary_industry_id === primary && current.secondary_industry_id === secondary) return;
    const next = Number(current.updated_at) + INDUSTRY_CHANGE_INTERVAL_MS;
    if (now < next)
      throw new AppError(
        'INDUSTRY_CHANGE_LIMIT',
        `the industry was changed on ${new Date(Number(current.updated_at)).toISOString()}; next change from ${new Date(next).toISOString()}`,
      );
    await ctx.db
      .updateTable('account_industries')
      .set({ primary_industry_id: primary, secondary_industry_id: secondary, updated_at: now })
      .where('account_id', '=', account.id)
      .execute();
    return;
  }
  await ctx.db
    .insertInto('account_industries')
    .values({
      account_id: account.id,
      primary_industry_id: primary,
      secondary_industry_id: secondary,
      updated_at: now,
    })
    .execute();
}

/** `get_industry`: the two industries; an account without any answers empty classes. */
export async function getIndustry(ctx: AppContext, account: AccountsTable) {
  const row = await ctx.db
    .selectFrom('account_industries')
    .selectAll()
    .where('account_id', '=', account.id)
    .executeTakeFirst();
  const empty = { first_class: '', second_class: '' };
  return {
    primary_industry: row ? industryView(row.primary_industry_id) : empty,
    secondary_industry: row ? industryView(row.secondary_industry_id) : empty,
  };
}

/**
 * Adds a library template to the account (`api_add_template`): the short id
 * must exist (40037), belong to one of the account's industries (45027),
 * and the account may hold 25 (45026). Each call makes a new template_id,
 * even for a short id the account already has, as WeChat does (developers
 * who add on every deploy fill their 25 — the errcode they then see is real).
 */
export async function addTemplate(ctx: AppContext, account: AccountsTable, shortId: string): Promise<string> {
  const library = LIBRARY_TEMPLATES.find((t) => t.short_id === shortId);
  if (!library)
    throw new AppError('TEMPLATE_NOT_FOUND', `template_id_short ${shortId} is not in the template library`);
  const industry = await ctx.db
    .selectFrom('account_industries')
    .selectAll()
    .where('account_id', '=', account.id)
    .executeTakeFirst();
  if (
    !industry ||
    ![industry.primary_industry_id, industry.secondary_industry_id].includes(library.industry_id)
  )
    throw new AppError(
      'TEMPLATE_INDUSTRY_CONFLICT',
      `${shortId} belongs to industry ${library.industry_id}; set it with api_set_industry first`,
    );
  return ctx.db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('private_templates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_PRIVATE_TEMPLATES)
      throw new AppError(
        'TEMPLATE_LIMIT',
        `an account holds at most ${MAX_PRIVATE_TEMPLATES} templates; delete one first`,
      );
    const classes = INDUSTRIES[library.industry_id]!;
    const row: PrivateTemplatesTable = {
      // WeChat's template ids: 43 url-safe characters.
      template_id: randomBytes(32).toString('base64url').slice(0, 43),
      account_id: account.id,
      short_id: shortId,
      title: library.title,
      primary_industry: classes.first_class,
      deputy_industry: classes.second_class,
      content: library.content,
      example: library.example,
      created_at: ctx.clock.now(),
    };
    await trx.insertInto('private_templates').values(row).execute();
    return row.template_id;
  });
}

/** `get_all_private_template`: the account's templates, oldest first. */
export async function listTemplates(ctx: AppContext, account: AccountsTable) {
  const rows = await ctx.db
    .selectFrom('private_templates')
    .selectAll()
    .where('account_id', '=', account.id)
    .orderBy('created_at')
    .orderBy('template_id')
    .execute();
  return rows.map((r) => ({
    template_id: r.template_id,
    title: r.title,
    primary_industry: r.primary_industry,
    deputy_industry: r.deputy_industry,
    content: r.content,
    example: r.example,
  }));
}

/** `del_private_template`; an unknown id is 40037. */
export async function deleteTemplate(
  ctx: AppContext,
  account: AccountsTable,
  templateId: string,
): Promise<void> {
  const result = await ctx.db
    .deleteFrom('private_templates')
    .where('account_id', '=', account.id)
    .where('template_id', '=', templateId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new AppError('TEMPLATE_NOT_FOUND', `the account has no template ${templateId}`);
}

/** The account's template, or 40037. */
export async function getPrivateTemplate(ctx: AppContext, account: AccountsTable, templateId: string) {
  const row = await ctx.db
    .selectFrom('private_templates')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('template_id', '=', templateId)
    .executeTakeFirst();
  if (!row) throw new AppError('TEMPLATE_NOT_FOUND', `the account has no template ${templateId}`);
  return row;
}

/** `{{name.DATA}}` in template content. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g;

/** A `data` entry as senders give it. */
export const TemplateDataSchema = z.record(
  z.string().max(64),
  z
    .object({ value: z.union([z.string(), z.number()]).transform(String), color: z.string().optional() })
    .loose(),
);

/**
 * Fills a template's content with `data`, line by line, as a WeChat client
 * renders a template card: each placeholder becomes its value (missing ones
 * become empty), and a line takes the colour of its keyword when one is
 * given. Colours must be #RRGGBB (47003 otherwise).
 */
export function renderTemplate(
  content: string,
  data: Record<string, { value: string; color?: string | undefined }>,
): { text: string; color?: string }[] {
  for (const [key, entry] of Object.entries(data))
    if (entry.color !== undefined && entry.color !== '' && !/^#[0-9A-Fa-f]{6}$/.test(entry.color))
      throw new AppError('ARGUMENT_INVALID', `data.${key}.color must look like #173177`);
  return content.split('\n').map((line) => {
    let color: string | undefined;
    const text = line.replace(PLACEHOLDER, (_m, key: string) => {
      const entry = data[key];
      if (entry?.color) color = entry.color;
      return entry?.value ?? '';
    });
    return color ? { text, color } : { text };
  });
}

/** The keywords a template's content names. */
export function templateKeywords(content: string): string[] {
  return [...content.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
