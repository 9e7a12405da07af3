import type {
  DispatchDecision,
  DivisionLevel,
  DivisionMatch,
  Elements,
} from '../triage/triage-result.ts';
import type { DepartmentCatalogue } from './department-catalogue.ts';

/** What dispatch needs to know about one classified appeal. */
export interface DispatchInput {
  /** Predicted category (一级分类). */
  category: string;
  /** Calibrated model probability of `category`, 0 to 1. */
  confidence: number;
  elements: Elements;
  /** Title and body of the appeal, for the keyword rules. */
  text: string;
}

interface Placement {
  level: DivisionLevel;
  reason: string;
  /** Name prefixed to a department: 岳麓区, A3区, 长沙市; null if none. */
  prefix: string | null;
  /** Street office or town government for town-level placement. */
  townOffice: string | null;
}

/**
 * Chooses the departments for an appeal. Keyword rules from the catalogue
 * come first, in catalogue order, because they refine the category: 夜间
 * 施工噪音 goes to urban management even when filed under 城乡建设. The
 * category's default department follows. When no rule matched and the
 * model probability is below `review.minConfidence`, or the category has
 * no default, the hotline's own review desk (派单审核) is added so a person
 * checks the routing. Every decision carries the administrative level the
 * location implies: a town or street → town (the 街道办事处 or 镇政府
 * handles it first), a county → county, a city or nothing → city.
 */
export function dispatch(
  input: DispatchInput,
  catalogue: DepartmentCatalogue,
): DispatchDecision[] {
  const placement = placementOf(input.elements.division);
  const decisions: DispatchDecision[] = [];
  const add = (id: string, reason: string): void => {
    const name = catalogue.departments[id]?.name ?? id;
    const existing = decisions.find((d) => d.department === name);
    if (existing !== undefined) {
      existing.reasons.splice(existing.reasons.length - 1, 0, reason);
      return;
    }
    // The review desk is the hotline's own, at city level wherever the
    // appeal is.
    if (id === catalogue.review.department) {
      decisions.push({ department: name, level: 'city', reasons: [reason] });
      return;
    }
    const decision: DispatchDecision = {
      department: name,
      level: placement.level,
      reasons: [reason, placement.reason],
    };
    const office = officeOf(name, placement);
    if (office !== null) decision.office = office;
    decisions.push(decision);
  };

  let ruleMatched = false;
  for (const rule of catalogue.rules) {
    const hits = matchRule(rule.match, input.text);
    if (hits === null) continue;
    ruleMatched = true;
    add(rule.department, `rule ${rule.id}: ${hits.join(' + ')}`);
  }

  const probability = input.confidence.toFixed(2);
  const categoryDepartment = catalogue.categories[input.category];
  if (categoryDepartment !== undefined) {
    add(
      categoryDepartment,
      `category ${input.category} (model probability ${probability})`,
    );
  }

  const threshold = catalogue.review.minConfidence;
  if (categoryDepartment === undefined) {
    add(
      catalogue.review.department,
      `category ${input.category} has no default department in the ` +
        'catalogue; the 派单 review desk routes it',
    );
  } else if (!ruleMatched && input.confidence < threshold) {
    add(
      catalogue.review.department,
      `model probability ${probability} is below ${threshold.toFixed(2)} ` +
        'and no keyword rule matched; the 派单 review desk checks the routing',
    );
  }
  return decisions;
}

/** Returns the keyword found for each group, or null if a group misses. */
function matchRule(groups: string[][], text: string): string[] | null {
  const hits: string[] = [];
  for (const group of groups) {
    const hit = group.find((keyword) => text.includes(keyword));
    if (hit === undefined) return null;
    if (!hits.includes(hit)) hits.push(hit);
  }
  return hits;
}

function placementOf(division: DivisionMatch | null): Placement {
  if (division === null) {
    return {
      level: 'city',
      reason: 'level city: no location found',
      prefix: null,
      townOffice: null,
    };
  }
  const last = division.path[division.path.length - 1] ?? null;
  if (division.town !== undefined) {
    const town = division.town.name;
    const office = town.endsWith('街道') ? `${town}办事处` : `${town}人民政府`;
    return {
      level: 'town',
      reason: `level town: location ${[...division.path, town].join(' ')}`,
      prefix: last,
      townOffice: office,
    };
  }
  // A province alone (湖南) does not narrow a city hotline's routing.
  const level = division.level === 'province' ? 'city' : division.level;
  return {
    level,
    reason: `level ${level}: location ${division.path.join(' ')}`,
    prefix: division.level === 'province' ? null : last,
    townOffice: null,
  };
}

function officeOf(department: string, placement: Placement): string | null {
  if (placement.townOffice !== null) return placement.townOffice;
  if (placement.prefix === null) return null;
  return placement.prefix + department;
}
