import type { AppealType } from '../appeal/appeal.ts';

/** A phrase that suggests an appeal type, with its weight. */
export interface AppealTypeCue {
  type: AppealType;
  pattern: RegExp;
  weight: number;
}

/** The type of an appeal and the cue that decided it. */
export interface AppealTypeResult {
  type: AppealType;
  /** Plain words: the deciding cue and where it was, or why the default. */
  reason: string;
}

/**
 * Cue phrases and weights. Weights are hand-set: a cue that names the type
 * itself (咨询, 举报, 表扬) outweighs one that only leans towards it
 * (是否, 违法, 希望).
 */
export const appealTypeCues: readonly AppealTypeCue[] = [
  // A request for action (能否处理, 尽快解决) asks someone to fix a
  // problem, not for information; listed first so that it wins over the
  // consultation cue 能否 at the same position.
  {
    type: 'complaint',
    pattern: /(?:尽快|及时|予以|能否|请|督促|要求)(?:处理|解决|整改|查处|制止)/g,
    weight: 3.5,
  },
  {
    type: 'complaint',
    pattern: /严重影响|影响(?:休息|生活|出行|睡眠|通行)/g,
    weight: 2,
  },
  { type: 'consultation', pattern: /咨询/g, weight: 4 },
  { type: 'consultation', pattern: /请问/g, weight: 3 },
  { type: 'consultation', pattern: /(?:怎么|如何|怎样|在哪|去哪)(?:里)?(?:办理|申请|缴纳|报名|查询)/g, weight: 3 },
  { type: 'consultation', pattern: /需要(?:哪些|什么)(?:材料|手续|条件)/g, weight: 3 },
  { type: 'consultation', pattern: /想(?:了解|知道)/g, weight: 2.5 },
  { type: 'consultation', pattern: /是否|能否|可否|可不可以|能不能|是不是/g, weight: 1.5 },
  { type: 'consultation', pattern: /吗[？?]/g, weight: 2 },
  { type: 'consultation', pattern: /什么时候|何时/g, weight: 1 },
  { type: 'report', pattern: /举报|检举/g, weight: 5 },
  { type: 'report', pattern: /偷排|偷倒|偷税|漏税|传销|非法集资|黑作坊|无证经营|赌博/g, weight: 3 },
  { type: 'report', pattern: /违法|非法/g, weight: 2 },
  { type: 'suggestion', pattern: /建议|提议|倡议/g, weight: 3.5 },
  {
    type: 'suggestion',
    pattern: /希望[^，。！？]{0,10}?(?:增设|增加|设立|开通|修建|加装|安装|设置)/g,
    weight: 4,
  },
  { type: 'suggestion', pattern: /(?:恳请|请求|能否)(?:增设|增加|开通|加装)/g, weight: 2 },
  { type: 'praise', pattern: /表扬|点赞|赞扬|称赞|锦旗|好评/g, weight: 5 },
  { type: 'praise', pattern: /感谢|谢谢/g, weight: 2.5 },
  { type: 'help', pattern: /求助|救助|帮帮|救救|求求/g, weight: 4 },
  { type: 'help', pattern: /走投无路|无家可归|急需帮助|生活困难|看不起病/g, weight: 3 },
  { type: 'help', pattern: /帮忙|帮助/g, weight: 1.5 },
  { type: 'complaint', pattern: /投诉/g, weight: 4 },
  { type: 'complaint', pattern: /扰民|不作为|乱收费|推诿|态度恶劣|拖欠/g, weight: 2 },
  { type: 'complaint', pattern: /反映|严重/g, weight: 0.5 },
];

/** All cues as one alternation, cue k in capture group k + 1. The cue
 *  patterns contain no capture groups of their own. */
const combinedCuePattern = new RegExp(
  appealTypeCues.map((cue) => `(${cue.pattern.source})`).join('|'),
  'g',
);

/**
 * Closing courtesies (先谢谢, 不胜感谢) that carry no praise; the text is
 * blanked before the cues run so they do not count.
 */
const courtesy =
  /(?:先|提前|在此|万分|非常|十分)?(?:感谢|谢谢)(?:您|你们|领导)?[！!。]*$|(?:不胜|不甚|万分)感谢|谢谢[！!。]*$|先谢谢|感谢(?:领导|您)(?:的)?(?:关注|重视|百忙)/g;

/** Weight multiplier for cues in the title, which states the intent. */
const titleWeight = 1.5;

/** Order that breaks equal scores: the more specific type first. */
const tieOrder: AppealType[] = [
  'report', 'praise', 'help', 'suggestion', 'consultation', 'complaint',
];

/**
 * Classifies an appeal as complaint, consultation, help, suggestion,
 * report or praise from weighted cue phrases in its title and body. An
 * appeal with no cue is a complaint, the common case on a 12345 hotline.
 */
export function classifyAppealType(
  title: string,
  body: string,
): AppealTypeResult {
  const scores = new Map<AppealType, number>();
  const strongest = new Map<AppealType, { cue: string; weight: number; field: string }>();
  const fields: [string, string, number][] = [
    ['title', stripCourtesy(title), titleWeight],
    ['body', stripCourtesy(body), 1],
  ];
  for (const [field, text, multiplier] of fields) {
    // One pass of a combined pattern instead of one per cue; group k + 1
    // is cue k.
    for (const match of text.matchAll(combinedCuePattern)) {
      const index = match.findIndex((group, k) => k > 0 && group !== undefined);
      const cue = appealTypeCues[index - 1] as AppealTypeCue;
      const weight = cue.weight * multiplier;
      scores.set(cue.type, (scores.get(cue.type) ?? 0) + weight);
      const current = strongest.get(cue.type);
      if (current === undefined || weight > current.weight) {
        strongest.set(cue.type, { cue: match[0], weight, field });
      }
    }
  }
  let best: AppealType | null = null;
  let bestScore = 0;
  for (const type of tieOrder) {
    const score = scores.get(type) ?? 0;
    if (score > bestScore) {
      best = type;
      bestScore = score;
    }
  }
  // Weak hints (反映, 严重) alone do not beat the default.
  if (best === null || bestScore < 1) {
    return { type: 'complaint', reason: 'no cue phrase; complaint is the default' };
  }
  const cue = strongest.get(best) as { cue: string; field: string };
  return {
    type: best,
    reason: `cue 「${cue.cue}」 in the ${cue.field} (${best} score ${round(bestScore)})`,
  };
}

function stripCourtesy(text: string): string {
  return text.trim().replace(courtesy, (match) => ' '.repeat(match.length));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
